package dev.plateguard.server.reads;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.cameras.Camera;
import dev.plateguard.server.cameras.CameraNetwork;
import dev.plateguard.server.cameras.Site;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.recognition.RecognitionRequests;
import dev.plateguard.server.validation.Refusal;

/** Dashboard pages over reads: the live feed, one read's evidence, and search. All audited. */
@Controller
class ReadPages {

    private static final int LIVE_ROWS = 50;
    private static final int SEARCH_PAGE = 50;
    private static final ZoneId FORM_ZONE = ZoneId.of("Asia/Tashkent");

    private final ReadQueries queries;
    private final CameraNetwork network;
    private final AuditLog audit;

    private final RecognitionRequests recognitions;

    ReadPages(ReadQueries queries, CameraNetwork network, AuditLog audit, RecognitionRequests recognitions) {
        this.recognitions = recognitions;
        this.queries = queries;
        this.network = network;
        this.audit = audit;
    }

    @GetMapping("/reads/live")
    String live(@RequestParam(required = false) Long site, @RequestParam(required = false) String city,
                @RequestParam(required = false) Long camera, Model model) {
        var filter = liveFilter(site, city, camera);
        List<PlateRead> reads = queries.arrivals(filter, null, LIVE_ROWS);
        audit.record("reads.live", "reads", AuditLog.Outcome.SUCCESS, liveDetails(site, city, camera, reads.size()));
        network(model);
        model.addAttribute("rows", views(reads));
        model.addAttribute("after", reads.isEmpty() ? 0L : reads.getFirst().id());
        model.addAttribute("site", site);
        model.addAttribute("city", city);
        model.addAttribute("camera", camera);
        return "reads/live";
    }

    /** htmx poll: rows that arrived after {@code after}, newest first, plus the new high-water mark. */
    @GetMapping("/reads/live/rows")
    String liveRows(@RequestParam long after, @RequestParam(required = false) Long site,
                    @RequestParam(required = false) String city, @RequestParam(required = false) Long camera, Model model) {
        List<PlateRead> reads = queries.arrivals(liveFilter(site, city, camera), after, LIVE_ROWS);
        if (!reads.isEmpty()) {
            audit.record("reads.live", "reads", AuditLog.Outcome.SUCCESS, liveDetails(site, city, camera, reads.size()));
        }
        model.addAttribute("rows", views(reads));
        model.addAttribute("after", reads.isEmpty() ? after : reads.getFirst().id());
        return "reads/live :: poll";
    }

    @GetMapping("/reads/{id}")
    String detail(@PathVariable long id, @AuthenticationPrincipal UserPrincipal me, Model model) {
        var read = queries.find(id);
        audit.record("reads.view", "read:" + id, read.isPresent() ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE);
        PlateRead found = read.orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        Site site = network.site(found.siteId()).orElseThrow();
        model.addAttribute("view", ReadView.of(found, Map.of(site.id(), site),
                network.camera(found.cameraId()).map(c -> Map.of(c.id(), c)).orElse(Map.of())));
        model.addAttribute("siteInfo", site);
        model.addAttribute("metadata", flatten(found.metadata(), ""));
        // Part of the read's evidence, audited with the view above.
        model.addAttribute("recognitions", recognitions.list(id));
        model.addAttribute("canRecognise", me != null && (me.has(Role.OPERATOR) || me.has(Role.SUPERVISOR) || me.has(Role.ADMIN)));
        model.addAttribute("hasImage", found.evidence().stream().anyMatch(e -> e.kind().equals("image")));
        return "reads/detail";
    }

    @GetMapping("/search")
    String search(@RequestParam(required = false) String plate, @RequestParam(required = false, defaultValue = "exact") String match,
                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  @RequestParam(required = false) Long site, @RequestParam(required = false) Long camera,
                  @RequestParam(required = false) String cursor, Model model) {
        network(model);
        model.addAttribute("plate", plate);
        model.addAttribute("match", match);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("site", site);
        model.addAttribute("camera", camera);
        boolean submitted = plate != null || from != null || to != null || site != null || camera != null;
        if (!submitted) {
            return "reads/search";
        }
        try {
            ReadQueries.PlateMatch mode = switch (match) {
                case "prefix" -> ReadQueries.PlateMatch.PREFIX;
                case "folded" -> ReadQueries.PlateMatch.FOLDED;
                default -> ReadQueries.PlateMatch.EXACT;
            };
            String key = null;
            if (plate != null && !plate.isBlank()) {
                key = PlateText.normalize(plate);
                if (mode == ReadQueries.PlateMatch.FOLDED) {
                    key = PlateText.fold(key);
                }
            } else {
                mode = ReadQueries.PlateMatch.EXACT;
            }
            var filter = new ReadQueries.Filter(key, mode, time(from), time(to), site, camera, null);
            var page = queries.search(filter, SEARCH_PAGE, cursor == null || cursor.isBlank() ? null : cursor);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("plate", key);
            details.put("match", mode.name().toLowerCase(Locale.ROOT));
            details.put("from", from == null || from.isBlank() ? null : from);
            details.put("to", to == null || to.isBlank() ? null : to);
            details.put("site", site);
            details.put("camera", camera);
            details.put("results", page.items().size());
            details.put("channel", "web");
            details.values().removeIf(java.util.Objects::isNull);
            audit.record("reads.search", key == null ? "reads" : "plate:" + key, AuditLog.Outcome.SUCCESS, details);
            model.addAttribute("rows", views(page.items()));
            model.addAttribute("nextCursor", page.nextCursor());
            model.addAttribute("searched", true);
        } catch (InvalidPlateTextException e) {
            model.addAttribute("error", "search.error.plate");
        } catch (DateTimeParseException e) {
            model.addAttribute("error", "search.error.time");
        } catch (Refusal e) {
            model.addAttribute("error", "search.error.cursor");
        }
        return "reads/search";
    }

    private List<ReadView> views(List<PlateRead> reads) {
        Map<Long, Site> sites = network.sites().stream().collect(Collectors.toMap(Site::id, Function.identity()));
        Map<Long, Camera> cameras = network.cameras(null).stream().collect(Collectors.toMap(Camera::id, Function.identity()));
        return ReadView.of(reads, sites, cameras);
    }

    private void network(Model model) {
        List<Site> sites = network.sites();
        model.addAttribute("sites", sites);
        model.addAttribute("cities", new TreeSet<>(sites.stream().map(Site::city).toList()));
        model.addAttribute("cameras", network.cameras(null));
    }

    private static ReadQueries.Filter liveFilter(Long site, String city, Long camera) {
        return new ReadQueries.Filter(null, ReadQueries.PlateMatch.EXACT, null, null, site, camera,
                city == null || city.isBlank() ? null : city);
    }

    private static Map<String, Object> liveDetails(Long site, String city, Long camera, int results) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("site", site);
        details.put("city", city == null || city.isBlank() ? null : city);
        details.put("camera", camera);
        details.put("results", results);
        details.values().removeIf(java.util.Objects::isNull);
        return details;
    }

    /** Form times are local to Asia/Tashkent (HTML datetime-local has no zone). */
    private static Instant time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return LocalDateTime.parse(value).atZone(FORM_ZONE).toInstant();
    }

    /** Metadata as (path, value) rows for the detail page. */
    private static Map<String, String> flatten(tools.jackson.databind.JsonNode node, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                out.putAll(flatten(node.get(name), prefix.isEmpty() ? name : prefix + "." + name));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.putAll(flatten(node.get(i), prefix + "[" + i + "]"));
            }
        } else {
            out.put(prefix, node.isString() ? node.asString() : node.toString());
        }
        return out;
    }
}
