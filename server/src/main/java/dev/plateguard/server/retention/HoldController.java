package dev.plateguard.server.retention;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/** Legal holds (docs/retention.md): ADMIN and INVESTIGATOR set and lift them, SUPERVISOR may look. */
@RestController
class HoldController {

    private final LegalHolds holds;
    private final AuditLog audit;

    HoldController(LegalHolds holds, AuditLog audit) {
        this.holds = holds;
        this.audit = audit;
    }

    @Operation(summary = "Put a legal hold on a read, a violation or a case (ADMIN, INVESTIGATOR)",
            description = "Body: kind (read, violation, case), reason (required), readId (read), violationId (violation), "
                    + "case (required for a case hold, optional reference otherwise), plate (case hold: the plate whose "
                    + "reads and violations it keeps), from and to (case hold, optional: RFC 3339 bounds of the capture "
                    + "time). What a hold names survives every retention purge until the hold is lifted. Audited. "
                    + "400 invalid input (errors name the fields), 404 a read or violation that does not exist or lies "
                    + "outside the caller's scope, 409 an identical active hold. See docs/retention.md.")
    @PostMapping("/api/v1/holds")
    @ResponseStatus(HttpStatus.CREATED)
    LegalHolds.Hold set(@RequestBody LegalHolds.Draft body, @AuthenticationPrincipal UserPrincipal me) {
        return holds.set(me, body);
    }

    @Operation(summary = "Legal holds, newest first (ADMIN, INVESTIGATOR, SUPERVISOR)",
            description = "active=true: only active holds; false: only lifted ones; absent: all. kind filters by kind. "
                    + "Plates are masked for roles that do not see reads (ADMIN). Audited.")
    @GetMapping("/api/v1/holds")
    Map<String, Object> list(@RequestParam(required = false) Boolean active, @RequestParam(required = false) String kind,
                             @RequestParam(required = false, defaultValue = "200") int limit,
                             @AuthenticationPrincipal UserPrincipal me) {
        if (limit < 1 || limit > 1000) {
            throw Refusal.invalid("limit", "must be 1-1000");
        }
        List<LegalHolds.Hold> items = holds.list(me, active, kind, limit);
        audit.record("hold.list", "hold", AuditLog.Outcome.SUCCESS, Map.of("count", items.size()));
        return Map.of("items", items);
    }

    @Operation(summary = "One legal hold (ADMIN, INVESTIGATOR, SUPERVISOR)")
    @GetMapping("/api/v1/holds/{id}")
    LegalHolds.Hold get(@PathVariable long id, @AuthenticationPrincipal UserPrincipal me) {
        return holds.get(me, id).orElseThrow(() -> Refusal.notFound("no hold " + id));
    }

    /** The body of a lift: why the hold is no longer needed. */
    record Lift(String reason) {
    }

    @Operation(summary = "Lift a legal hold, with a reason (ADMIN, INVESTIGATOR)",
            description = "Body: {\"reason\"} (required). What the hold kept goes at the next purge if the policy says "
                    + "so. Audited. 400 no reason, 404 no such hold, 409 already lifted.")
    @PostMapping("/api/v1/holds/{id}/lift")
    LegalHolds.Hold lift(@PathVariable long id, @RequestBody(required = false) Lift body,
                         @AuthenticationPrincipal UserPrincipal me) {
        return holds.lift(me, id, body == null ? null : body.reason());
    }
}
