package dev.plateguard.server.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.validation.Refusal;

/** The audit log, for AUDITORs only. Reading the log is itself audited. */
@RestController
class AuditController {

    private final AuditQueries queries;
    private final AuditLog audit;
    private final AuditVerifier verifier;

    AuditController(AuditQueries queries, AuditLog audit, AuditVerifier verifier) {
        this.queries = queries;
        this.audit = audit;
        this.verifier = verifier;
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

    /** Recomputes the whole chain and checks it against the signed checkpoints (docs/security.md). */
    @Operation(summary = "Verify the audit chain (AUDITOR)", description = "Recomputes every entry's chained HMAC in id "
            + "order and compares the chain with the signed checkpoints kept outside the database. Answers intact, or the "
            + "first broken entry: firstBroken.id, firstBroken.reason (edited, missing, inserted, unchained, truncated, "
            + "checkpoint-mismatch, bad-checkpoint), firstBroken.detail and firstBroken.lastIntactId. The call is audited.")
    @GetMapping("/api/v1/audit/verify")
    Map<String, Object> verify() {
        AuditVerifier.Verification result = verifier.verify();
        audit.record("audit.verify", "audit", AuditLog.Outcome.SUCCESS, AuditVerification.details(result));
        return AuditVerification.body(result);
    }

    private static Instant time(String value, String field) {
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw Refusal.invalid(field, "must be an RFC 3339 timestamp with offset");
        }
    }
}
