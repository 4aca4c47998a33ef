package dev.plateguard.server.cameras;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.http.FieldProblem;
import dev.plateguard.server.http.SafeText;

@RestController
class SiteController {

    record NewSite(String name, String city, String region, Double latitude, Double longitude, String address,
                   String timezone) {
    }

    private final CameraNetwork network;
    private final AuditLog audit;

    SiteController(CameraNetwork network, AuditLog audit) {
        this.network = network;
        this.audit = audit;
    }

    @PostMapping("/api/v1/sites")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Site create(@RequestBody NewSite body) {
        List<FieldProblem> errors = new ArrayList<>();
        SafeText.require("name", body.name(), 120, errors);
        SafeText.require("city", body.city(), 80, errors);
        SafeText.require("region", body.region(), 80, errors);
        SafeText.check("address", body.address(), 200, errors);
        if (body.latitude() == null || body.latitude() < -90 || body.latitude() > 90) {
            errors.add(new FieldProblem("latitude", "is required, -90 to 90 degrees"));
        }
        if (body.longitude() == null || body.longitude() < -180 || body.longitude() > 180) {
            errors.add(new FieldProblem("longitude", "is required, -180 to 180 degrees"));
        }
        String tz = body.timezone() == null ? "Asia/Tashkent" : body.timezone();
        try {
            ZoneId.of(tz);
        } catch (DateTimeException e) {
            errors.add(new FieldProblem("timezone", "is not an IANA time zone such as Asia/Tashkent"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        if (network.siteNameTaken(body.name())) {
            throw ApiProblem.conflict("a site named '" + body.name() + "' exists");
        }
        long id = network.insertSite(body.name(), body.city(), body.region(), body.latitude(), body.longitude(),
                body.address(), tz);
        audit.record("site.create", "site:" + id, AuditLog.Outcome.SUCCESS, Map.of("name", body.name()));
        return network.site(id).orElseThrow();
    }

    @GetMapping("/api/v1/sites")
    List<Site> list() {
        return network.sites();
    }

    @GetMapping("/api/v1/sites/{id}")
    Site get(@PathVariable long id) {
        return network.site(id).orElseThrow(() -> ApiProblem.notFound("no site " + id));
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
