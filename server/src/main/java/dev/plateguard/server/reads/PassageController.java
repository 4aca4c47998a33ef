package dev.plateguard.server.reads;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.QueryTimes;
import dev.plateguard.server.validation.Refusal;

/**
 * Passages (docs/passages.md): the reads of one vehicle by the cameras of one site within seconds, with the best
 * read. Reached like reads ({@link ReadAccess}): in the caller's scope, by plate only under a purpose and case, and
 * audited with the ids of the passages and reads shown.
 */
@RestController
class PassageController {

    private final ReadAccess access;

    PassageController(ReadAccess access) {
        this.access = access;
    }

    /**
     * @param plate exact plate (matches a passage any of whose reads has it), or with {@code match=folded} its
     *              look-alike key; without a plate, the live window only
     * @param from  passages whose first read was captured at or after this (RFC 3339)
     * @param to    ... and before this
     */
    @Operation(summary = "Search passages (one vehicle's reads by a site's cameras within seconds, with the best read) by plate, time and site (OPERATOR, SUPERVISOR, INVESTIGATOR)",
            description = "Like GET /api/v1/reads: with plate, purpose and case are required (reason optional), the age tier "
                    + "and volume limits apply (403 approval-required, 429 volume-limit); without plate, the live window "
                    + "only (400 live-window-only). match is exact or folded. Newest first by first capture; each item has "
                    + "bestRead and reads (in capture order). In the caller's scope; audited. See docs/passages.md.")
    @GetMapping("/api/v1/passages")
    Map<String, Object> search(@RequestParam(required = false) String plate,
                               @RequestParam(required = false, defaultValue = "exact") String match,
                               @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) Long site,
                               @RequestParam(required = false, defaultValue = "50") int limit,
                               @RequestParam(required = false) String cursor,
                               @RequestParam(required = false) String purpose,
                               @RequestParam(name = "case", required = false) String caseNo,
                               @RequestParam(required = false) String reason,
                               @AuthenticationPrincipal UserPrincipal me) {
        if (limit < 1 || limit > 200) {
            throw Refusal.invalid("limit", "must be 1-200");
        }
        boolean folded = switch (match.toLowerCase(Locale.ROOT)) {
            case "exact" -> false;
            case "folded" -> true;
            default -> throw Refusal.invalid("match", "must be exact or folded");
        };
        String key = null;
        if (plate != null && !plate.isBlank()) {
            try {
                key = PlateText.normalize(plate);
            } catch (InvalidPlateTextException e) {
                throw Refusal.invalid("plate", e.getMessage());
            }
            key = folded ? PlateText.fold(key) : key;
        } else if (folded) {
            throw Refusal.invalid("plate", "is required for match=folded");
        }
        Instant fromInstant = QueryTimes.optional(from, "from");
        Instant toInstant = QueryTimes.optional(to, "to");
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw Refusal.invalid("to", "must be after from");
        }
        var page = access.passages(me, new ReadAccess.PassageSearch(key, folded, fromInstant, toInstant, site, limit,
                cursor == null || cursor.isEmpty() ? null : cursor, purpose, caseNo, reason), "api");
        Map<String, Object> body = new LinkedHashMap<>();
        if (page.investigation() != null) {
            body.put("investigation", ReadController.investigation(me, page.investigation()));
        }
        body.put("items", page.items().stream().map(PassageController::passage).toList());
        body.put("nextCursor", page.nextCursor());
        return body;
    }

    @Operation(summary = "One passage with its reads and best read, in the caller's scope; older than 24 hours only with purpose and case (OPERATOR, SUPERVISOR, INVESTIGATOR)")
    @GetMapping("/api/v1/passages/{id}")
    Map<String, Object> get(@PathVariable long id, @RequestParam(required = false) String purpose,
                            @RequestParam(name = "case", required = false) String caseNo,
                            @RequestParam(required = false) String reason, @AuthenticationPrincipal UserPrincipal me) {
        return passage(access.passage(me, id, purpose, caseNo, reason, "api"));
    }

    private static Map<String, Object> passage(ReadAccess.PassageView v) {
        var p = v.passage();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("siteId", p.siteId());
        out.put("plate", p.plate());
        out.put("plateCountry", p.plateCountry());
        out.put("firstAt", p.firstAt());
        out.put("lastAt", p.lastAt());
        out.put("cameras", p.cameraCount());
        out.put("bestReadId", p.bestReadId());
        out.put("bestRead", v.best());
        out.put("reads", v.reads());
        return out;
    }
}
