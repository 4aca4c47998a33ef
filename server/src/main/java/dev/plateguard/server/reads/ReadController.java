package dev.plateguard.server.reads;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.validation.QueryTimes;
import dev.plateguard.server.validation.Refusal;

/** Reads for operators and investigators. Every query and every view is audited, with its parameters. */
@RestController
class ReadController {

    private final ReadQueries queries;
    private final AuditLog audit;

    ReadController(ReadQueries queries, AuditLog audit) {
        this.queries = queries;
        this.audit = audit;
    }

    /**
     * @param plate exact plate, or a prefix ending in {@code *}; with {@code match=folded}, confusable
     *              characters (0/O/D/Q, 1/I, 8/B, 5/S, 2/Z, 6/G) match each other
     */
    @GetMapping("/api/v1/reads")
    Map<String, Object> search(@RequestParam(required = false) String plate,
                               @RequestParam(required = false, defaultValue = "exact") String match,
                               @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) Long site, @RequestParam(required = false) Long camera,
                               @RequestParam(required = false, defaultValue = "50") int limit,
                               @RequestParam(required = false) String cursor) {
        if (limit < 1 || limit > 500) {
            throw Refusal.invalid("limit", "must be 1-500");
        }
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
        var filter = new ReadQueries.Filter(plateKey, mode, fromInstant, toInstant, site, camera, null);
        var page = queries.search(filter, limit, cursor);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("plate", plateKey);
        details.put("match", mode.name().toLowerCase(Locale.ROOT));
        details.put("from", from);
        details.put("to", to);
        details.put("site", site);
        details.put("camera", camera);
        details.put("cursor", cursor != null);
        details.put("results", page.items().size());
        details.values().removeIf(java.util.Objects::isNull);
        audit.record("reads.search", plateKey == null ? "reads" : "plate:" + plateKey, AuditLog.Outcome.SUCCESS, details);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items());
        body.put("nextCursor", page.nextCursor());
        return body;
    }

    @GetMapping("/api/v1/reads/{id}")
    PlateRead get(@PathVariable long id) {
        var read = queries.find(id);
        audit.record("reads.view", "read:" + id, read.isPresent() ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE);
        return read.orElseThrow(() -> Refusal.notFound("no read " + id));
    }

}
