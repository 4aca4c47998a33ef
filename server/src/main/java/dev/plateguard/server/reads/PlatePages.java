package dev.plateguard.server.reads;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.cameras.Camera;
import dev.plateguard.server.cameras.CameraNetwork;
import dev.plateguard.server.cameras.Site;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * A plate's sightings over a chosen period: a timeline grouped by day (newest first) and a map of the sites in time
 * order. A plate query is investigative for any period, exactly as {@code /journeys} and {@code /search}: purpose
 * and case, age tier, volume limits, scope and audit all come from {@link ReadAccess} (the exact plate is a journey,
 * audited {@code journeys.view}; look-alikes are a folded plate search, audited {@code reads.search}).
 */
@Controller
class PlatePages {

    /** The period shown when none is chosen: the last week. */
    static final int DEFAULT_DAYS = 7;
    /** The most look-alike reads one page shows; more are cut short, as a journey is at its maximum. */
    static final int LOOK_ALIKE_MAX = 500;

    private static final ZoneId FORM_ZONE = ZoneId.of("Asia/Tashkent");
    private static final DateTimeFormatter FORM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One sighting on the timeline. */
    record Entry(ReadView read, Site site) {
    }

    /** The sightings of one day (in their sites' zone), newest first. */
    record Day(LocalDate date, List<Entry> entries) {
    }

    private final ReadAccess access;
    private final ReadQueries queries;
    private final CameraNetwork network;
    private final SearchPurposes purposes;
    private final MessageSource messages;
    private final PlateGuardProperties.MapTiles tiles;

    PlatePages(ReadAccess access, ReadQueries queries, CameraNetwork network, SearchPurposes purposes,
               MessageSource messages, PlateGuardProperties properties) {
        this.access = access;
        this.queries = queries;
        this.network = network;
        this.purposes = purposes;
        this.messages = messages;
        this.tiles = properties.map();
    }

    @GetMapping("/plates/{plate}")
    String plate(@PathVariable String plate, @RequestParam(required = false) String from,
                 @RequestParam(required = false) String to,
                 @RequestParam(required = false, defaultValue = "exact") String match,
                 @RequestParam(required = false) String purpose,
                 @RequestParam(name = "case", required = false) String caseNo,
                 @RequestParam(required = false) String reason, @AuthenticationPrincipal UserPrincipal me,
                 HttpServletResponse response, Locale locale, Model model) {
        boolean lookAlike = "folded".equals(match);
        model.addAttribute("purposes", purposes.list(true));
        model.addAttribute("purpose", purpose);
        model.addAttribute("caseNo", caseNo);
        model.addAttribute("reason", reason);
        model.addAttribute("lookAlike", lookAlike);
        // Without a chosen period, the last week: the form shows it, and a link that carries a case runs with it.
        String period = from != null ? from
                : FORM_TIME.format(LocalDateTime.now(FORM_ZONE).minusDays(DEFAULT_DAYS).truncatedTo(ChronoUnit.MINUTES));
        model.addAttribute("from", period);
        model.addAttribute("to", to);
        model.addAttribute("tileUrl", tiles.tileUrl());
        model.addAttribute("tileAttribution", tiles.attribution());
        String key;
        try {
            key = PlateText.normalize(plate);
        } catch (InvalidPlateTextException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("plate", plate);
            model.addAttribute("error", "search.error.plate");
            return "reads/plate";
        }
        model.addAttribute("plate", key);
        // The link from a read or a search arrives without a case: ask for one before anything is looked up.
        boolean submitted = from != null || to != null || purpose != null || caseNo != null;
        if (!submitted) {
            return "reads/plate";
        }
        try {
            Instant fromTime = ReadPages.time(period);
            Instant toTime = ReadPages.time(to);
            List<PlateRead> reads;
            boolean truncated;
            Investigations.Case investigation;
            if (lookAlike) {
                if (fromTime == null) {
                    throw Refusal.invalid(List.of(FieldProblem.coded("from", "required", "is required")));
                }
                if (toTime != null && !fromTime.isBefore(toTime)) {
                    throw Refusal.invalid(List.of(FieldProblem.coded("to", "afterFrom", "must be after from")));
                }
                var result = access.search(me, new ReadAccess.SearchRequest(PlateText.fold(key),
                        ReadQueries.PlateMatch.FOLDED, fromTime, toTime, null, null, null, LOOK_ALIKE_MAX, null,
                        purpose, caseNo, reason), "web");
                reads = result.page().items();
                truncated = result.page().nextCursor() != null;
                investigation = result.investigation();
            } else {
                var journey = access.journey(me, key, fromTime, toTime, purpose, caseNo, reason, "web");
                // The journey's own reads (audited with it), for their thumbnails; newest first like the timeline.
                reads = queries.findAll(journey.sightings().stream().map(ReadQueries.Sighting::readId).toList()
                        .reversed(), me.scope());
                truncated = journey.truncated();
                investigation = journey.investigation();
            }
            show(model, reads, truncated);
            model.addAttribute("investigation", investigation);
        } catch (DateTimeParseException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("error", "search.error.time");
        } catch (Refusal e) {
            response.setStatus(e.kind() == Refusal.Kind.FORBIDDEN ? 403 : 400);
            model.addAttribute("problems", ReadPages.problems(messages, e, locale));
        } catch (VolumeLimitExceeded e) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
            model.addAttribute("problems", List.of(messages.getMessage("investigation.error.volume",
                    new Object[] {e.retryAfterSeconds()}, locale)));
        }
        return "reads/plate";
    }

    /** The timeline (days newest first) and the map's stops (oldest first; a stay at one site is one stop). */
    private void show(Model model, List<PlateRead> newestFirst, boolean truncated) {
        Map<Long, Site> sites = network.sites().stream().collect(Collectors.toMap(Site::id, Function.identity()));
        Map<Long, Camera> cameras = network.cameras(null).stream()
                .collect(Collectors.toMap(Camera::id, Function.identity()));
        Map<LocalDate, List<Entry>> days = new LinkedHashMap<>();
        for (PlateRead read : newestFirst) {
            Site site = sites.get(read.siteId());
            ReadView view = ReadView.of(read, sites, cameras);
            LocalDate day = read.capturedAt().atZone(ZoneId.of(view.zone())).toLocalDate();
            days.computeIfAbsent(day, d -> new ArrayList<>()).add(new Entry(view, site));
        }
        List<Map<String, Object>> stops = new ArrayList<>();
        for (PlateRead read : newestFirst.reversed()) {
            Site site = sites.get(read.siteId());
            if (site == null) {
                continue;
            }
            Map<String, Object> last = stops.isEmpty() ? null : stops.getLast();
            if (last != null && last.get("site").equals(site.id())) {
                last.put("reads", (int) last.get("reads") + 1);
                continue;
            }
            Map<String, Object> stop = new LinkedHashMap<>();
            stop.put("n", stops.size() + 1);
            stop.put("site", site.id());
            stop.put("lat", site.latitude());
            stop.put("lon", site.longitude());
            stop.put("label", site.name());
            stop.put("reads", 1);
            stops.add(stop);
        }
        model.addAttribute("days", days.entrySet().stream().map(e -> new Day(e.getKey(), e.getValue())).toList());
        model.addAttribute("count", newestFirst.size());
        model.addAttribute("truncated", truncated);
        model.addAttribute("stops", JSON.writeValueAsString(stops));
        model.addAttribute("stopCount", stops.size());
    }
}
