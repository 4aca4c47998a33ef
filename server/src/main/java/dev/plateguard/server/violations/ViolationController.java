package dev.plateguard.server.violations;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import org.springframework.security.core.annotation.AuthenticationPrincipal;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.QueryTimes;
import dev.plateguard.server.validation.Refusal;

/** Violations for operators and supervisors. Every query and every view is audited, like reads. */
@RestController
class ViolationController {

    private static final List<String> STATES = Arrays.stream(ViolationState.values()).map(ViolationState::code).toList();

    private final ViolationQueries queries;
    private final AuditLog audit;

    ViolationController(ViolationQueries queries, AuditLog audit) {
        this.queries = queries;
        this.audit = audit;
    }

    /**
     * Oldest first. {@code after} is a violation id: pass the last id of a page (or {@code next}) to get the
     * following one.
     */
    @GetMapping("/api/v1/violations")
    Map<String, Object> search(@RequestParam(required = false) String state, @RequestParam(required = false) String status,
                               @RequestParam(required = false) String type, @RequestParam(required = false) Long site,
                               @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false, defaultValue = "0") long after,
                               @RequestParam(required = false) String cursor,
                               @RequestParam(required = false, defaultValue = "50") int limit,
                               @AuthenticationPrincipal UserPrincipal user) {
        // `status` and `cursor` are the names in the published API; `state` and `after` are kept as synonyms.
        String wanted = status != null ? status : state;
        if (wanted != null && !STATES.contains(wanted)) {
            throw Refusal.invalid(status != null ? "status" : "state", "must be one of " + STATES);
        }
        if (type != null && !type.matches("[a-z][a-z0-9_]{1,39}")) {
            throw Refusal.invalid("type", "is not an offence type such as speeding or red_light");
        }
        long position = after;
        if (cursor != null && !cursor.isBlank()) {
            try {
                position = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw Refusal.invalid("cursor", "is not a cursor returned by this API");
            }
        }
        if (position < 0) {
            throw Refusal.invalid(cursor != null ? "cursor" : "after", "must be a violation id (0 or more)");
        }
        if (limit < 1 || limit > 500) {
            throw Refusal.invalid("limit", "must be 1-500");
        }
        java.time.Instant fromInstant = QueryTimes.optional(from, "from");
        java.time.Instant toInstant = QueryTimes.optional(to, "to");
        List<Violation> items = queries.search(wanted, type, site, fromInstant, toInstant, user.scope(), position, limit);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", wanted);
        details.put("type", type);
        details.put("site", site);
        details.put("from", from);
        details.put("to", to);
        details.put("after", position);
        details.put("results", items.size());
        details.values().removeIf(Objects::isNull);
        audit.record("violations.search", site == null ? "violations" : "site:" + site, AuditLog.Outcome.SUCCESS, details);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        Long next = items.size() == limit ? items.getLast().id() : null;
        body.put("next", next);
        body.put("nextCursor", next == null ? null : String.valueOf(next));
        return body;
    }


    @GetMapping("/api/v1/violations/{id}")
    Violation get(@PathVariable long id, @AuthenticationPrincipal UserPrincipal user) {
        var violation = queries.find(id, user.scope());
        audit.record("violations.view", "violation:" + id,
                violation.isPresent() ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE);
        return violation.orElseThrow(() -> Refusal.notFound("no violation " + id));
    }
}
