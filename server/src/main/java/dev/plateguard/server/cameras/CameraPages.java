package dev.plateguard.server.cameras;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.identity.UserPrincipal;

/** The network at a glance: a map of sites coloured by health, and a list of cameras. */
@Controller
class CameraPages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One camera row of the list. */
    record CameraRow(Camera camera, Site site, CameraLiveness health, String lastSeen, long readsLastHour) {
    }

    private final CameraNetwork network;
    private final JdbcClient jdbc;
    private final PlateGuardProperties.MapTiles tiles;
    private final CameraHealth health;

    CameraPages(CameraNetwork network, JdbcClient jdbc, PlateGuardProperties properties, CameraHealth health) {
        this.network = network;
        this.health = health;
        this.jdbc = jdbc;
        this.tiles = properties.map();
    }

    @GetMapping("/cameras")
    String cameras(Model model, @AuthenticationPrincipal UserPrincipal user) {
        model.addAttribute("rows", rows(user.scope()));
        model.addAttribute("tileUrl", tiles.tileUrl());
        model.addAttribute("tileAttribution", tiles.attribution());
        return "cameras/cameras";
    }

    /** Sites with their health, for the map (session-authenticated; same roles as the page). */
    @GetMapping(path = "/cameras/sites.json", produces = "application/json")
    @ResponseBody
    List<Map<String, Object>> sites(@AuthenticationPrincipal UserPrincipal user) {
        Map<Long, List<CameraRow>> bySite = new LinkedHashMap<>();
        rows(user.scope()).forEach(r -> bySite.computeIfAbsent(r.site().id(), k -> new ArrayList<>()).add(r));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Site site : network.sites()) {
            List<CameraRow> cameras = bySite.getOrDefault(site.id(), List.of());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", site.id());
            m.put("name", site.name());
            m.put("city", site.city());
            m.put("latitude", site.latitude());
            m.put("longitude", site.longitude());
            m.put("cameras", cameras.size());
            m.put("health", CameraLiveness.ofSite(cameras.stream().map(CameraRow::health).toList()).cssClass());
            m.put("readsLastHour", cameras.stream().mapToLong(CameraRow::readsLastHour).sum());
            out.add(m);
        }
        return out;
    }

    /**
     * The network is shown whole (it is no personal data); read counts only for cameras in the user's scope, so
     * that traffic outside it does not show.
     */
    private List<CameraRow> rows(Scope scope) {
        Instant now = Instant.now();
        Map<Long, Long> lastHour = new HashMap<>();
        jdbc.sql("""
                select r.camera_id, count(*) from plate_read r join camera c on c.id = r.camera_id
                where r.received_at > now() - interval '1 hour' and """ + scope.sitePredicate("c.site_id")
                + " group by r.camera_id")
                .params(scope.sqlParams())
                .query((java.sql.ResultSet rs) -> {
                    lastHour.put(rs.getLong(1), rs.getLong(2));
                });
        Map<Long, Site> sites = new HashMap<>();
        network.sites().forEach(s -> sites.put(s.id(), s));
        return network.cameras(null).stream().map(c -> {
            Site site = sites.get(c.siteId());
            String seen = c.lastSeenAt() == null ? null : TIME.format(c.lastSeenAt().atZone(ZoneId.of(site.timezone())));
            return new CameraRow(c, site, health.liveness(c, now), seen, lastHour.getOrDefault(c.id(), 0L));
        }).toList();
    }
}
