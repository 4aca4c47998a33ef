package dev.plateguard.server.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.validation.Refusal;

/** The audit log, for AUDITORs only. Reading the log is itself audited. */
@RestController
class AuditController {

    private final AuditQueries queries;
    private final AuditLog audit;

    AuditController(AuditQueries queries, AuditLog audit) {
        this.queries = queries;
        this.audit = audit;
    }

    /** Newest first; {@code before} is the id of the last entry of the previous page. */
    @GetMapping("/api/v1/audit")
    Map<String, Object> list(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                             @RequestParam(required = false) String target, @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to,
                             @RequestParam(required = false, defaultValue = "100") int limit,
                             @RequestParam(required = false) Long before) {
        if (limit < 1 || limit > 1000) {
            throw Refusal.invalid("limit", "must be 1-1000");
        }
        var filter = new AuditQueries.Filter(actor, action, target, from == null ? null : time(from, "from"),
                to == null ? null : time(to, "to"));
        List<AuditQueries.AuditEntry> items = queries.page(filter, before, limit);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("actor", actor);
        details.put("action", action);
        details.put("target", target);
        details.values().removeIf(java.util.Objects::isNull);
        audit.record("audit.query", "audit", AuditLog.Outcome.SUCCESS, details);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("nextBefore", items.size() == limit ? items.getLast().id() : null);
        return body;
    }

    private static Instant time(String value, String field) {
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw Refusal.invalid(field, "must be an RFC 3339 timestamp with offset");
        }
    }
}
