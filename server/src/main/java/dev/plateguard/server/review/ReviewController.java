package dev.plateguard.server.review;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/** The review API: queue, claims, decisions, corrections (OPERATOR, SUPERVISOR) and quality control (SUPERVISOR). */
@RestController
@RequestMapping("/api/v1/review")
class ReviewController {

    record RejectBody(String reason, String note) {
    }

    record PlateBody(String plate) {
    }

    record VerdictBody(Boolean agree, String note) {
    }

    private final ReviewWorkflow workflow;
    private final ReviewQueue queue;
    private final QualityControl qc;
    private final AuditLog audit;

    ReviewController(ReviewWorkflow workflow, ReviewQueue queue, QualityControl qc, AuditLog audit) {
        this.workflow = workflow;
        this.queue = queue;
        this.qc = qc;
        this.audit = audit;
    }

    /** Pending items, oldest first, each with {@code secondsLeft} before its review deadline. */
    @GetMapping("/queue")
    Map<String, Object> queue(@RequestParam(required = false) String region,
                              @RequestParam(required = false, defaultValue = "100") int limit,
                              @AuthenticationPrincipal UserPrincipal user) {
        if (limit < 1 || limit > 500) {
            throw Refusal.invalid("limit", "must be 1-500");
        }
        String r = region == null || region.isBlank() ? null : region;
        var items = queue.queue(r, user.scope(), limit);
        Map<String, Object> details = new LinkedHashMap<>();
        if (r != null) {
            details.put("region", r);
        }
        details.put("results", items.size());
        audit.record("review.queue", "review-queue", AuditLog.Outcome.SUCCESS, details);
        return Map.of("items", items);
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable long id, @AuthenticationPrincipal UserPrincipal user) {
        var item = queue.item(id, user.scope());
        audit.record("review.view", "violation:" + id, item.isPresent() ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("item", item.orElseThrow(() -> Refusal.notFound("no violation " + id)));
        body.put("corrections", queue.corrections(id));
        return body;
    }

    /** Claims the oldest free item of the region: 200 with it, 204 when the queue is empty. */
    @PostMapping("/next")
    ResponseEntity<ReviewQueue.QueueItem> next(@RequestParam(required = false) String region,
                                               @AuthenticationPrincipal UserPrincipal operator) {
        return workflow.next(region == null || region.isBlank() ? null : region, operator)
                .map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PostMapping("/{id}/claim")
    ReviewQueue.QueueItem claim(@PathVariable long id, @AuthenticationPrincipal UserPrincipal operator) {
        return workflow.claim(id, operator);
    }

    @PostMapping("/{id}/release")
    ReviewQueue.QueueItem release(@PathVariable long id, @AuthenticationPrincipal UserPrincipal operator) {
        return workflow.release(id, operator);
    }

    @PostMapping("/{id}/confirm")
    ReviewWorkflow.Decision confirm(@PathVariable long id, @AuthenticationPrincipal UserPrincipal operator) {
        return workflow.confirm(id, operator);
    }

    @PostMapping("/{id}/reject")
    ReviewWorkflow.Decision reject(@PathVariable long id, @RequestBody(required = false) RejectBody body,
                                   @AuthenticationPrincipal UserPrincipal operator) {
        if (body == null) {
            throw Refusal.invalid("reason", "a reason code is required: one of " + RejectReason.CODES);
        }
        return workflow.reject(id, body.reason(), body.note(), operator);
    }

    @PostMapping("/{id}/correct-plate")
    ReviewQueue.Correction correctPlate(@PathVariable long id, @RequestBody(required = false) PlateBody body,
                                        @AuthenticationPrincipal UserPrincipal operator) {
        return workflow.correctPlate(id, body == null ? null : body.plate(), operator);
    }

    @GetMapping("/qc")
    Map<String, List<QualityControl.Item>> qcQueue(@RequestParam(required = false, defaultValue = "100") int limit,
                                                   @AuthenticationPrincipal UserPrincipal user) {
        if (limit < 1 || limit > 500) {
            throw Refusal.invalid("limit", "must be 1-500");
        }
        return Map.of("items", qc.open(limit, user.scope()));
    }

    @PostMapping("/qc/{id}")
    QualityControl.Item verdict(@PathVariable long id, @RequestBody(required = false) VerdictBody body,
                                @AuthenticationPrincipal UserPrincipal supervisor) {
        return qc.verdict(id, body == null ? null : body.agree(), body == null ? null : body.note(), supervisor);
    }

    @GetMapping("/stats")
    Map<String, List<QualityControl.OperatorStats>> stats(@AuthenticationPrincipal UserPrincipal user) {
        return Map.of("operators", qc.stats(user.scope()));
    }
}
