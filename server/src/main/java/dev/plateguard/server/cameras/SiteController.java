package dev.plateguard.server.cameras;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.validation.Refusal;

@RestController
class SiteController {

    private final CameraNetwork network;
    private final NetworkChanges changes;

    SiteController(CameraNetwork network, NetworkChanges changes) {
        this.network = network;
        this.changes = changes;
    }

    @PostMapping("/api/v1/sites")
    @ResponseStatus(HttpStatus.CREATED)
    Site create(@RequestBody SiteForm body) {
        return changes.createSite(body);
    }

    /** Replaces the site: every field as for creation (an absent timezone means Asia/Tashkent). */
    @PutMapping("/api/v1/sites/{id}")
    Site update(@PathVariable long id, @RequestBody SiteForm body) {
        return changes.updateSite(id, body);
    }

    @GetMapping("/api/v1/sites")
    List<Site> list() {
        return network.sites();
    }

    @GetMapping("/api/v1/sites/{id}")
    Site get(@PathVariable long id) {
        return network.site(id).orElseThrow(() -> Refusal.notFound("no site " + id));
    }

    /** Sites as a GeoJSON FeatureCollection (RFC 7946: coordinates are [longitude, latitude]). */
    @GetMapping(path = "/api/v1/sites.geojson", produces = {"application/geo+json", "application/json"})
    Map<String, Object> geojson() {
        Map<Long, Long> cameraCounts = new LinkedHashMap<>();
        network.cameras(null).forEach(c -> cameraCounts.merge(c.siteId(), 1L, Long::sum));
        List<Map<String, Object>> features = network.sites().stream().map(site -> {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("id", site.id());
            properties.put("name", site.name());
            properties.put("city", site.city());
            properties.put("region", site.region());
            properties.put("address", site.address());
            properties.put("timezone", site.timezone());
            properties.put("plateCountry", site.plateCountry());
            properties.put("cameras", cameraCounts.getOrDefault(site.id(), 0L));
            Map<String, Object> feature = new LinkedHashMap<>();
            feature.put("type", "Feature");
            feature.put("id", site.id());
            feature.put("geometry", Map.of("type", "Point", "coordinates", List.of(site.longitude(), site.latitude())));
            feature.put("properties", properties);
            return feature;
        }).toList();
        return Map.of("type", "FeatureCollection", "features", features);
    }
}
