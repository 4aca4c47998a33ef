package dev.plateguard.server.retention;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/** The retention policy and the purge, for ADMINs (docs/retention.md). */
@RestController
class RetentionController {

    private final RetentionOverview overview;
    private final RetentionPurge purge;
    private final AuditLog audit;

    RetentionController(RetentionOverview overview, RetentionPurge purge, AuditLog audit) {
        this.overview = overview;
        this.purge = purge;
        this.audit = audit;
    }

    @Operation(summary = "The retention policy per data class, the schedule and the last purge (ADMIN)",
            description = "classes[]: name, period (ISO-8601; null for a class that goes with another, named by with), "
                    + "from (what the period is counted from), covers, property (its setting), cutoff (what is older goes "
                    + "now), lastPurge (what the last finished purge deleted of it). Also schedule, batchSize, holds "
                    + "(active count), lastPurge (time, trigger, actor, outcome, counts) and running. See docs/retention.md.")
    @GetMapping("/api/v1/retention")
    Map<String, Object> policy() {
        return overview.body();
    }

    @Operation(summary = "Run the purge now (ADMIN)", description = "Starts a purge as of the current time and answers "
            + "202 at once with the run; GET /api/v1/retention/runs/{id} follows it. 409 while a purge runs. Audited "
            + "when asked for and, with its counts, when done.")
    @PostMapping("/api/v1/retention/purge")
    ResponseEntity<Map<String, Object>> purge(@AuthenticationPrincipal UserPrincipal me) {
        RetentionPurge.Started started;
        try {
            started = purge.start(me.username());
        } catch (Refusal refusal) {
            audit.record("retention.purge.start", "retention", AuditLog.Outcome.FAILURE, Map.of("refused", refusal.type()));
            throw refusal;
        }
        audit.record("retention.purge.start", "retention-run:" + started.id(), AuditLog.Outcome.SUCCESS,
                Map.of("run", started.id()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", started.id());
        body.put("trigger", started.trigger());
        body.put("actor", started.actor());
        body.put("outcome", "running");
        body.put("cutoffs", started.cutoffs().asMap());
        return ResponseEntity.accepted().location(URI.create("/api/v1/retention/runs/" + started.id())).body(body);
    }

    @Operation(summary = "One purge run: when, who, outcome and counts per data class (ADMIN)")
    @GetMapping("/api/v1/retention/runs/{id}")
    Map<String, Object> run(@PathVariable long id) {
        return overview.run(id).orElseThrow(() -> Refusal.notFound("no purge run " + id));
    }
}
