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

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.http.ApiProblem;

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
    Map<String, Object> search(@RequestParam(required = false) String state, @RequestParam(required = false) Long site,
                               @RequestParam(required = false, defaultValue = "0") long after,
                               @RequestParam(required = false, defaultValue = "50") int limit) {
        if (state != null && !STATES.contains(state)) {
            throw ApiProblem.invalid("state", "must be one of " + STATES);
        }
        if (after < 0) {
            throw ApiProblem.invalid("after", "must be a violation id (0 or more)");
        }
        if (limit < 1 || limit > 500) {
            throw ApiProblem.invalid("limit", "must be 1-500");
        }
        List<Violation> items = queries.search(state, site, after, limit);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", state);
        details.put("site", site);
        details.put("after", after);
        details.put("results", items.size());
        details.values().removeIf(Objects::isNull);
        audit.record("violations.search", site == null ? "violations" : "site:" + site, AuditLog.Outcome.SUCCESS, details);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("next", items.size() == limit ? items.getLast().id() : null);
        return body;
    }

    @GetMapping("/api/v1/violations/{id}")
    Violation get(@PathVariable long id) {
        var violation = queries.find(id);
        audit.record("violations.view", "violation:" + id,
                violation.isPresent() ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE);
        return violation.orElseThrow(() -> ApiProblem.notFound("no violation " + id));
    }
}
