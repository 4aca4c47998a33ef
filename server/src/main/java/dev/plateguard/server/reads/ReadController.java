package dev.plateguard.server.reads;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.cameras.Camera;
import dev.plateguard.server.cameras.CameraNetwork;
import dev.plateguard.server.cameras.Site;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.QueryTimes;
import dev.plateguard.server.validation.Refusal;

/**
 * Reads for operators and investigators, in the caller's scope. Without a plate: the live view (the last 24 hours).
 * With a plate: an investigative search under a purpose and case. Every query and every view is audited.
 */
@RestController
class ReadController {

    private final ReadAccess access;
    private final CameraNetwork network;

    ReadController(ReadAccess access, CameraNetwork network) {
        this.access = access;
        this.network = network;
    }

    /**
     * @param plate   exact plate, or a prefix ending in {@code *}; with {@code match=folded}, confusable
     *                characters (0/O/D/Q, 1/I, 8/B, 5/S, 2/Z, 6/G) match each other
     * @param purpose with a plate: a purpose code from {@code GET /api/v1/search-purposes}
     * @param caseNo  with a plate: the case number, in the configured format
     * @param reason  with a plate: free text, optional
     * @param before  the page before this position (newer reads): a page's {@code prevCursor}; not with cursor
     * @param make    vehicle make as cameras report it, matched at the start and case-insensitively
     * @param colour  vehicle colour as cameras report it, case-insensitive
     */
    @Operation(summary = "Search reads by plate under a purpose and case, or list the last 24 hours without a plate (OPERATOR, SUPERVISOR, INVESTIGATOR)",
            description = "With plate: purpose (GET /api/v1/search-purposes) and case are required, reason is optional; "
                    + "400 names a missing or invalid field, 403 approval-required beyond the standard reach (90 days), "
                    + "429 volume-limit with Retry-After. Without plate: the live window only (400 live-window-only). "
                    + "In the caller's scope. The answer counts every matching read (all pages) in total, up to 10,000: "
                    + "beyond that total is 10000 and totalIsLowerBound true (\"more than 10,000\"). Pages: "
                    + "nextCursor goes on to older reads (cursor=), prevCursor back to newer ones (before=). "
                    + "to must be after from (400). make and colour filter on the vehicle the camera reported. "
                    + "See docs/guide/investigator.md.")
    @GetMapping("/api/v1/reads")
    Map<String, Object> search(@RequestParam(required = false) String plate,
                               @RequestParam(required = false, defaultValue = "exact") String match,
                               @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) Long site, @RequestParam(required = false) Long camera,
                               @RequestParam(required = false, defaultValue = "50") int limit,
                               @RequestParam(required = false) String cursor,
                               @RequestParam(required = false) String before,
                               @RequestParam(required = false) String make,
                               @RequestParam(required = false) String colour,
                               @RequestParam(required = false) String purpose,
                               @RequestParam(name = "case", required = false) String caseNo,
                               @RequestParam(required = false) String reason,
                               @AuthenticationPrincipal UserPrincipal me) {
        if (limit < 1 || limit > 500) {
            throw Refusal.invalid("limit", "must be 1-500");
        }
        var result = access.search(me, request(plate, match, from, to, site, camera, limit, cursor, before, make, colour,
                purpose, caseNo, reason), "api");
        Map<String, Object> body = new LinkedHashMap<>();
        if (result.investigation() != null) {
            body.put("investigation", investigation(me, result.investigation()));
        }
        body.put("items", result.page().items());
        body.put("nextCursor", result.page().nextCursor());
        body.put("prevCursor", result.page().prevCursor());
        body.put("total", result.total().count());
        body.put("totalIsLowerBound", result.total().lowerBound());
        return body;
    }

    /** The query parameters of a search or export as a request; invalid ones are refused naming the field. */
    private static ReadAccess.SearchRequest request(String plate, String match, String from, String to, Long site,
                                                    Long camera, int limit, String cursor, String before, String make,
                                                    String colour, String purpose, String caseNo, String reason) {
        ReadQueries.PlateMatch mode;
        try {
            mode = ReadQueries.PlateMatch.valueOf(match.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("match", "must be exact, prefix or folded");
        }
        String plateKey = null;
        if (plate != null && !plate.isBlank()) {
            boolean prefix = plate.endsWith("*");
            if (prefix) {
                mode = ReadQueries.PlateMatch.PREFIX;
            }
            try {
                plateKey = PlateText.normalize(prefix ? plate.substring(0, plate.length() - 1) : plate);
            } catch (InvalidPlateTextException e) {
                throw Refusal.invalid("plate", e.getMessage());
            }
            if (mode == ReadQueries.PlateMatch.FOLDED) {
                plateKey = PlateText.fold(plateKey);
            }
        } else if (mode != ReadQueries.PlateMatch.EXACT) {
            throw Refusal.invalid("plate", "is required for match=" + match);
        }
        Instant fromInstant = QueryTimes.optional(from, "from");
        Instant toInstant = QueryTimes.optional(to, "to");
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw Refusal.invalid("to", "must be after from");
        }
        return new ReadAccess.SearchRequest(plateKey, mode, fromInstant, toInstant, site, camera,
                null, limit, cursor == null || cursor.isEmpty() ? null : cursor,
                before == null || before.isEmpty() ? null : before, vehicle("make", make, 60),
                vehicle("colour", colour, 40), purpose, caseNo, reason);
    }

    /**
     * The search's reads as CSV: every page (up to 10,000 and the caller's row allowance), the same parameters
     * (without paging), rules, scope and audit ({@code reads.export} with the row count) as the search.
     */
    @Operation(summary = "Export a search's reads as CSV: the parameters, rules and audit of GET /api/v1/reads (OPERATOR, SUPERVISOR, INVESTIGATOR)",
            description = "Every matching read (not one page), newest first, at most 10,000 and never more than the "
                    + "caller's hourly or daily row allowance has left; a cut-short file carries the header "
                    + "X-PlateGuard-Truncated: true. A plate export counts as one investigative query and its rows "
                    + "against the row limits (429 volume-limit). Audited as reads.export with the query and the row "
                    + "count. Columns: id, captured_at, plate, plate_display, country, format, region, confidence, "
                    + "site_id, site, camera_id, camera, vehicle_make, vehicle_colour, vehicle_type, speed_kmh; cells "
                    + "a spreadsheet would run as a formula begin with an apostrophe.")
    @GetMapping("/api/v1/reads.csv")
    void csv(@RequestParam(required = false) String plate,
             @RequestParam(required = false, defaultValue = "exact") String match,
             @RequestParam(required = false) String from, @RequestParam(required = false) String to,
             @RequestParam(required = false) Long site, @RequestParam(required = false) Long camera,
             @RequestParam(required = false) String make, @RequestParam(required = false) String colour,
             @RequestParam(required = false) String purpose,
             @RequestParam(name = "case", required = false) String caseNo,
             @RequestParam(required = false) String reason, @AuthenticationPrincipal UserPrincipal me,
             HttpServletResponse response) throws IOException {
        var export = access.export(me, request(plate, match, from, to, site, camera, ReadAccess.EXPORT_MAX, null, null,
                make, colour, purpose, caseNo, reason), "api");
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"plateguard-reads.csv\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (export.truncated()) {
            response.setHeader("X-PlateGuard-Truncated", "true");
        }
        Map<Long, Site> sites = network.sites().stream().collect(Collectors.toMap(Site::id, Function.identity()));
        Map<Long, Camera> cameras = network.cameras(null).stream().collect(Collectors.toMap(Camera::id, Function.identity()));
        ReadCsv.write(ReadView.of(export.reads(), sites, cameras), response.getWriter());
    }

    /** A vehicle attribute filter: null when blank, refused when longer than any stored value can be. */
    static String vehicle(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.strip().length() > max) {
            throw Refusal.invalid(field, "must be at most " + max + " characters");
        }
        return value.strip();
    }

    /** A read in the caller's scope; one older than the live window only under a purpose and case. */
    @Operation(summary = "One read in the caller's scope; older than 24 hours only with purpose and case (OPERATOR, SUPERVISOR, INVESTIGATOR)")
    @GetMapping("/api/v1/reads/{id}")
    PlateRead get(@PathVariable long id, @RequestParam(required = false) String purpose,
                  @RequestParam(name = "case", required = false) String caseNo,
                  @RequestParam(required = false) String reason, @AuthenticationPrincipal UserPrincipal me) {
        return access.view(me, id, purpose, caseNo, reason, "api").read();
    }

    /** Who asked and under which case: carried on every investigative answer, as on the results pages. */
    static Map<String, Object> investigation(UserPrincipal me, Investigations.Case c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", me.username());
        out.put("purpose", c.purpose().code());
        out.put("purposeLabel", c.purpose().label());
        out.put("case", c.caseNumber());
        if (c.reason() != null) {
            out.put("reason", c.reason());
        }
        return out;
    }
}
