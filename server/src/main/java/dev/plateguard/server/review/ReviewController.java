package dev.plateguard.server.review;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.http.ApiProblem;

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
    private final QualityControl qc;
    private final AuditLog audit;

    ReviewController(ReviewWorkflow workflow, QualityControl qc, AuditLog audit) {
        this.workflow = workflow;
        this.qc = qc;
        this.audit = audit;
    }

    /** Pending items, oldest first, each with {@code secondsLeft} before its review deadline. */
    @GetMapping("/queue")
    Map<String, Object> queue(@RequestParam(required = false) String region,
                              @RequestParam(required = false, defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) {
            throw ApiProblem.invalid("limit", "must be 1-500");
        }
        String r = region == null || region.isBlank() ? null : region;
        var items = workflow.queue(r, limit);
        Map<String, Object> details = new LinkedHashMap<>();
        if (r != null) {
            details.put("region", r);
        }
        details.put("results", items.size());
        audit.record("review.queue", "review-queue", AuditLog.Outcome.SUCCESS, details);
        return Map.of("items", items);
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable long id) {
        var item = workflow.item(id);
        audit.record("review.view", "violation:" + id, item.isPresent() ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("item", item.orElseThrow(() -> ApiProblem.notFound("no violation " + id)));
        body.put("corrections", workflow.corrections(id));
        return body;
    }

    /** Claims the oldest free item of the region: 200 with it, 204 when the queue is empty. */
    @PostMapping("/next")
    ResponseEntity<ReviewWorkflow.QueueItem> next(@RequestParam(required = false) String region) {
        return workflow.next(region == null || region.isBlank() ? null : region)
                .map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PostMapping("/{id}/claim")
    ReviewWorkflow.QueueItem claim(@PathVariable long id) {
        return workflow.claim(id);
    }

    @PostMapping("/{id}/release")
    ReviewWorkflow.QueueItem release(@PathVariable long id) {
        return workflow.release(id);
    }

    @PostMapping("/{id}/confirm")
    ReviewWorkflow.Decision confirm(@PathVariable long id) {
        return workflow.confirm(id);
    }

    @PostMapping("/{id}/reject")
    ReviewWorkflow.Decision reject(@PathVariable long id, @RequestBody(required = false) RejectBody body) {
        if (body == null) {
            throw ApiProblem.invalid("reason", "a reason code is required: one of " + RejectReason.CODES);
        }
        return workflow.reject(id, body.reason(), body.note());
    }

    @PostMapping("/{id}/correct-plate")
    ReviewWorkflow.Correction correctPlate(@PathVariable long id, @RequestBody(required = false) PlateBody body) {
        return workflow.correctPlate(id, body == null ? null : body.plate());
    }

    @GetMapping("/qc")
    Map<String, List<QualityControl.Item>> qcQueue(@RequestParam(required = false, defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) {
            throw ApiProblem.invalid("limit", "must be 1-500");
        }
        return Map.of("items", qc.open(limit));
    }

    @PostMapping("/qc/{id}")
    QualityControl.Item verdict(@PathVariable long id, @RequestBody(required = false) VerdictBody body) {
        return qc.verdict(id, body == null ? null : body.agree(), body == null ? null : body.note());
    }

    @GetMapping("/stats")
    Map<String, List<QualityControl.OperatorStats>> stats() {
        return Map.of("operators", qc.stats());
    }
}
