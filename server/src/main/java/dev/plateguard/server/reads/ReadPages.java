package dev.plateguard.server.reads;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.cameras.Camera;
import dev.plateguard.server.cameras.CameraNetwork;
import dev.plateguard.server.cameras.Site;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.recognition.RecognitionRequests;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Dashboard pages over reads, in the user's scope: the live feed (the live window), one read's evidence, search
 * (a plate search needs a purpose and case) and a plate's journey on the map. All audited through {@link ReadAccess}.
 */
@Controller
class ReadPages {

    private static final int LIVE_ROWS = 50;
    private static final int SEARCH_PAGE = 50;
    private static final ZoneId FORM_ZONE = ZoneId.of("Asia/Tashkent");

    private final ReadAccess access;
    private final CameraNetwork network;
    private final SearchPurposes purposes;
    private final MessageSource messages;
    private final PlateGuardProperties.MapTiles tiles;

    private final RecognitionRequests recognitions;

    ReadPages(ReadAccess access, CameraNetwork network, SearchPurposes purposes, MessageSource messages,
              PlateGuardProperties properties, RecognitionRequests recognitions) {
        this.recognitions = recognitions;
        this.access = access;
        this.network = network;
        this.purposes = purposes;
        this.messages = messages;
        this.tiles = properties.map();
    }

    @GetMapping("/reads/live")
    String live(@RequestParam(required = false) Long site, @RequestParam(required = false) String city,
                @RequestParam(required = false) Long camera, @AuthenticationPrincipal UserPrincipal me, Model model) {
        List<PlateRead> reads = access.arrivals(me, site, blankToNull(city), camera, null, LIVE_ROWS);
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
                    @RequestParam(required = false) String city, @RequestParam(required = false) Long camera,
                    @AuthenticationPrincipal UserPrincipal me, Model model) {
        List<PlateRead> reads = access.arrivals(me, site, blankToNull(city), camera, after, LIVE_ROWS);
        model.addAttribute("rows", views(reads));
        model.addAttribute("after", reads.isEmpty() ? after : reads.getFirst().id());
        return "reads/live :: poll";
    }

    @GetMapping("/reads/{id}")
    String detail(@PathVariable long id, @RequestParam(required = false) String purpose,
                  @RequestParam(name = "case", required = false) String caseNo,
                  @RequestParam(required = false) String reason, @AuthenticationPrincipal UserPrincipal me,
                  HttpServletResponse response, Locale locale, Model model) {
        ReadAccess.View view;
        try {
            view = access.view(me, id, purpose, caseNo, reason, "web");
        } catch (Refusal e) {
            if (e.kind() == Refusal.Kind.NOT_FOUND) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
            response.setStatus(e.kind() == Refusal.Kind.FORBIDDEN ? 403 : 400);
            return refused(model, problems(e, locale));
        } catch (VolumeLimitExceeded e) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
            return refused(model, List.of(messages.getMessage("investigation.error.volume",
                    new Object[] {e.retryAfterSeconds()}, locale)));
        }
        PlateRead found = view.read();
        Site site = network.site(found.siteId()).orElseThrow();
        model.addAttribute("view", ReadView.of(found, Map.of(site.id(), site),
                network.camera(found.cameraId()).map(c -> Map.of(c.id(), c)).orElse(Map.of())));
        model.addAttribute("siteInfo", site);
        model.addAttribute("investigation", view.investigation());
        // Part of the read's evidence, audited with the view above.
        model.addAttribute("recognitions", recognitions.list(id));
        model.addAttribute("canRecognise", me != null && (me.has(Role.OPERATOR) || me.has(Role.SUPERVISOR) || me.has(Role.ADMIN)));
        model.addAttribute("hasImage", found.evidence().stream().anyMatch(e -> e.kind().equals("image")));
        return "reads/detail";
    }

    private String refused(Model model, List<String> problems) {
        model.addAttribute("problems", problems);
        return "reads/refused";
    }

    /** The search form's fields, as the page and its CSV export take them. */
    record SearchForm(String plate, String match, String from, String to, Long site, Long camera, String make,
                      String colour, String cursor, String before, String purpose, String caseNo, String reason) {

        boolean submitted() {
            return plate != null || from != null || to != null || site != null || camera != null || make != null
                    || colour != null;
        }

        /** The request, or {@link FormError} naming the message of the first field at fault. */
        ReadAccess.SearchRequest request(int limit) {
            ReadQueries.PlateMatch mode = switch (match == null ? "exact" : match) {
                case "prefix" -> ReadQueries.PlateMatch.PREFIX;
                case "folded" -> ReadQueries.PlateMatch.FOLDED;
                default -> ReadQueries.PlateMatch.EXACT;
            };
            String key = null;
            if (plate != null && !plate.isBlank()) {
                try {
                    key = PlateText.normalize(plate);
                } catch (InvalidPlateTextException e) {
                    throw new FormError("search.error.plate");
                }
                if (mode == ReadQueries.PlateMatch.FOLDED) {
                    key = PlateText.fold(key);
                }
            } else {
                mode = ReadQueries.PlateMatch.EXACT;
            }
            Instant fromTime = formTime(from, "search.error.from");
            Instant toTime = formTime(to, "search.error.to");
            if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
                throw new FormError("search.error.range");
            }
            String makeText = attribute(make, 60);
            String colourText = attribute(colour, 40);
            return new ReadAccess.SearchRequest(key, mode, fromTime, toTime, site, camera, null, limit,
                    blankToNull(cursor), blankToNull(before), makeText, colourText, purpose, caseNo, reason);
        }

        private static Instant formTime(String value, String error) {
            try {
                Instant at = time(value);
                if (at != null && !ReadQueries.queryable(at)) {
                    throw new FormError(error);
                }
                return at;
            } catch (DateTimeParseException e) {
                throw new FormError(error);
            }
        }

        private static String attribute(String value, int max) {
            if (value == null || value.isBlank()) {
                return null;
            }
            if (value.strip().length() > max) {
                throw new FormError("search.error.vehicle");
            }
            return value.strip();
        }
    }

    /** A search form field the page cannot use: the message key to show (400). */
    static final class FormError extends RuntimeException {

        FormError(String key) {
            super(key, null, false, false);
        }
    }

    @GetMapping("/search")
    String search(@RequestParam(required = false) String plate, @RequestParam(required = false, defaultValue = "exact") String match,
                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  @RequestParam(required = false) Long site, @RequestParam(required = false) Long camera,
                  @RequestParam(required = false) String make, @RequestParam(required = false) String colour,
                  @RequestParam(required = false) String cursor, @RequestParam(required = false) String before,
                  @RequestParam(required = false) String purpose,
                  @RequestParam(name = "case", required = false) String caseNo,
                  @RequestParam(required = false) String reason, @AuthenticationPrincipal UserPrincipal me,
                  HttpServletResponse response, Locale locale, Model model) {
        SearchForm form = new SearchForm(plate, match, from, to, site, camera, make, colour, cursor, before, purpose,
                caseNo, reason);
        searchNetwork(model, site);
        form(model, purpose, caseNo, reason);
        model.addAttribute("plate", plate);
        model.addAttribute("match", match);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("site", site);
        model.addAttribute("camera", camera);
        model.addAttribute("make", make);
        model.addAttribute("colour", colour);
        if (!form.submitted()) {
            return "reads/search";
        }
        try {
            var result = access.search(me, form.request(SEARCH_PAGE), "web");
            model.addAttribute("rows", views(result.page().items()));
            model.addAttribute("nextCursor", result.page().nextCursor());
            model.addAttribute("prevCursor", result.page().prevCursor());
            model.addAttribute("total", result.total());
            model.addAttribute("investigation", result.investigation());
            model.addAttribute("searched", true);
            model.addAttribute("exportMax", ReadAccess.EXPORT_MAX);
        } catch (FormError e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
        } catch (Refusal e) {
            boolean badCursor = e.errors().stream().anyMatch(p -> (p.field().equals("cursor") || p.field().equals("before"))
                    && p.code() == null);
            if (badCursor) {
                response.setStatus(400);
                model.addAttribute("error", "search.error.cursor");
            } else {
                response.setStatus(e.kind() == Refusal.Kind.FORBIDDEN ? 403 : 400);
                model.addAttribute("problems", problems(e, locale));
            }
        } catch (VolumeLimitExceeded e) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
            model.addAttribute("problems", List.of(messages.getMessage("investigation.error.volume",
                    new Object[] {e.retryAfterSeconds()}, locale)));
        }
        return "reads/search";
    }

    /**
     * The search's reads as a CSV file: every page, not one, under the same rules, scope and audit as the page
     * ({@code reads.export} with the query and the number of rows), capped at {@link ReadAccess#EXPORT_MAX} and
     * by the volume limits. A refusal answers as plain text in the page's language.
     */
    @GetMapping("/search.csv")
    void csv(@RequestParam(required = false) String plate, @RequestParam(required = false, defaultValue = "exact") String match,
             @RequestParam(required = false) String from, @RequestParam(required = false) String to,
             @RequestParam(required = false) Long site, @RequestParam(required = false) Long camera,
             @RequestParam(required = false) String make, @RequestParam(required = false) String colour,
             @RequestParam(required = false) String purpose,
             @RequestParam(name = "case", required = false) String caseNo,
             @RequestParam(required = false) String reason, @AuthenticationPrincipal UserPrincipal me,
             HttpServletResponse response, Locale locale) throws java.io.IOException {
        SearchForm form = new SearchForm(plate, match, from, to, site, camera, make, colour, null, null, purpose,
                caseNo, reason);
        ReadAccess.Export export;
        try {
            export = access.export(me, form.request(ReadAccess.EXPORT_MAX), "csv");
        } catch (FormError e) {
            plain(response, 400, List.of(messages.getMessage(e.getMessage(), null, locale)));
            return;
        } catch (Refusal e) {
            boolean badCursor = e.errors().stream().anyMatch(p -> p.field().equals("cursor") && p.code() == null);
            plain(response, e.kind() == Refusal.Kind.FORBIDDEN ? 403 : 400,
                    badCursor ? List.of(messages.getMessage("search.error.cursor", null, locale)) : problems(e, locale));
            return;
        } catch (VolumeLimitExceeded e) {
            response.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
            plain(response, HttpStatus.TOO_MANY_REQUESTS.value(), List.of(messages.getMessage("investigation.error.volume",
                    new Object[] {e.retryAfterSeconds()}, locale)));
            return;
        }
        String file = "plateguard-reads-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .format(Instant.now().atZone(FORM_ZONE)) + ".csv";
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"");
        // Personal data: never kept by a browser or proxy cache.
        response.setHeader(org.springframework.http.HttpHeaders.CACHE_CONTROL, "no-store");
        if (export.truncated()) {
            response.setHeader("X-PlateGuard-Truncated", "true");
        }
        ReadCsv.write(views(export.reads()), response.getWriter());
    }

    private static void plain(HttpServletResponse response, int status, List<String> lines) throws java.io.IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(String.join("\n", lines));
    }

    /** A plate's sightings over a time range, on the map and as a table. Investigative: purpose and case. */
    @GetMapping("/journeys")
    String journey(@RequestParam(required = false) String plate, @RequestParam(required = false) String from,
                   @RequestParam(required = false) String to, @RequestParam(required = false) String purpose,
                   @RequestParam(name = "case", required = false) String caseNo,
                   @RequestParam(required = false) String reason, @AuthenticationPrincipal UserPrincipal me,
                   HttpServletResponse response, Locale locale, Model model) {
        form(model, purpose, caseNo, reason);
        model.addAttribute("plate", plate);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("tileUrl", tiles.tileUrl());
        model.addAttribute("tileAttribution", tiles.attribution());
        if (plate == null && from == null && to == null) {
            return "reads/journey";
        }
        try {
            String key = JourneyController.plate(plate);
            var journey = access.journey(me, key, time(from), time(to), purpose, caseNo, reason, "web");
            Map<Long, Site> sites = network.sites().stream().collect(Collectors.toMap(Site::id, Function.identity()));
            model.addAttribute("journey", journey);
            model.addAttribute("stops", journey.sightings().stream().map(s -> new Stop(s,
                    TIME.format(s.capturedAt().atZone(ZoneId.of(sites.containsKey(s.siteId())
                            ? sites.get(s.siteId()).timezone() : "Asia/Tashkent"))))).toList());
            model.addAttribute("points", JSON.writeValueAsString(journey.sightings().stream()
                    .map(s -> Map.of("lat", s.latitude(), "lon", s.longitude(), "label",
                            s.siteName() + " · " + s.cameraName())).toList()));
            model.addAttribute("investigation", journey.investigation());
        } catch (DateTimeParseException e) {
            response.setStatus(400);
            model.addAttribute("error", "search.error.time");
        } catch (Refusal e) {
            response.setStatus(e.kind() == Refusal.Kind.FORBIDDEN ? 403 : 400);
            model.addAttribute("problems", problems(e, locale));
        } catch (VolumeLimitExceeded e) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
            model.addAttribute("problems", List.of(messages.getMessage("investigation.error.volume",
                    new Object[] {e.retryAfterSeconds()}, locale)));
        }
        return "reads/journey";
    }

    /** One row of the journey table. */
    record Stop(ReadQueries.Sighting sighting, String localTime) {
    }

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private void form(Model model, String purpose, String caseNo, String reason) {
        model.addAttribute("purposes", purposes.list(true));
        model.addAttribute("purpose", purpose);
        model.addAttribute("caseNo", caseNo);
        model.addAttribute("reason", reason);
    }

    private List<String> problems(Refusal e, Locale locale) {
        return problems(messages, e, locale);
    }

    /** The refusal's field problems in the page's language: "Case: not in the format ...". */
    static List<String> problems(MessageSource messages, Refusal e, Locale locale) {
        if (e.errors().isEmpty()) {
            return List.of(e.getMessage());
        }
        List<String> out = new ArrayList<>();
        for (FieldProblem p : e.errors()) {
            String field = messages.getMessage("investigation.field." + p.field(), null, p.field(), locale);
            out.add(field + ": " + messages.getMessage(p.resolvable("investigation.error."), locale));
        }
        return out;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private List<ReadView> views(List<PlateRead> reads) {
        Map<Long, Site> sites = network.sites().stream().collect(Collectors.toMap(Site::id, Function.identity()));
        Map<Long, Camera> cameras = network.cameras(null).stream().collect(Collectors.toMap(Camera::id, Function.identity()));
        return ReadView.of(reads, sites, cameras);
    }

    /** The search form's sites and cameras: each camera under its site, only the chosen site's when one is. */
    private void searchNetwork(Model model, Long site) {
        List<Site> sites = network.sites().stream().sorted(java.util.Comparator.comparing(Site::name)).toList();
        Map<Long, List<Camera>> bySite = network.cameras(null).stream()
                .sorted(java.util.Comparator.comparing(Camera::name))
                .collect(Collectors.groupingBy(Camera::siteId));
        model.addAttribute("sites", sites);
        model.addAttribute("siteCameras", sites.stream().filter(s -> bySite.containsKey(s.id()))
                .map(s -> new SiteCameras(s, bySite.get(s.id()), site == null || site == s.id())).toList());
    }

    /** @param shown whether the site's cameras are offered (all sites, or the one chosen) */
    record SiteCameras(Site site, List<Camera> cameras, boolean shown) {
    }

    private void network(Model model) {
        List<Site> sites = network.sites();
        model.addAttribute("sites", sites);
        model.addAttribute("cities", new TreeSet<>(sites.stream().map(Site::city).toList()));
        model.addAttribute("cameras", network.cameras(null));
    }

    /** Form times are local to Asia/Tashkent (HTML datetime-local has no zone). */
    static Instant time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return LocalDateTime.parse(value).atZone(FORM_ZONE).toInstant();
    }
}
