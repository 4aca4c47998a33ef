package dev.plateguard.server.cameras;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The managed list of regions and cities that sites choose from ({@link Regions}): read by who works with the network, added to by ADMIN. */
@RestController
class RegionController {

    private final Regions regions;

    RegionController(Regions regions) {
        this.regions = regions;
    }

    @GetMapping("/api/v1/regions")
    @Operation(summary = "The regions and cities a site may name, with their names in English, Uzbek and Russian")
    List<Regions.Region> list() {
        return regions.all();
    }

    @PostMapping("/api/v1/regions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a region to the list (409 when it is listed under any of its names)")
    Regions.Region addRegion(@RequestBody(required = false) Regions.RegionForm body) {
        return regions.addRegion(body);
    }

    @PostMapping("/api/v1/cities")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a city to a listed region (409 when the region lists it already)")
    Regions.City addCity(@RequestBody(required = false) Regions.CityForm body) {
        return regions.addCity(body);
    }
}
