package dev.plateguard.server.review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * The review actions under the violation resource, as the published API names them:
 * {@code POST /api/v1/violations/{id}/claim} and {@code POST /api/v1/violations/{id}/decision}. Same rules as
 * {@link ReviewController}: the caller must hold the claim, a rejection needs a reason code.
 */
@RestController
class ViolationDecisionController {

    /** @param correctedPlate optional: corrects the plate first (a new correction record; the read is untouched) */
    record DecisionBody(String decision, String reasonCode, String note, String correctedPlate) {
    }

    private final ReviewWorkflow workflow;

    ViolationDecisionController(ReviewWorkflow workflow) {
        this.workflow = workflow;
    }

    @PostMapping("/api/v1/violations/{id}/claim")
    ReviewQueue.QueueItem claim(@PathVariable long id, @AuthenticationPrincipal UserPrincipal operator) {
        return workflow.claim(id, operator);
    }

    @PostMapping("/api/v1/violations/{id}/decision")
    @Transactional
    Map<String, Object> decide(@PathVariable long id, @RequestBody DecisionBody body,
                               @AuthenticationPrincipal UserPrincipal operator) {
        List<FieldProblem> errors = new ArrayList<>();
        if (body.decision() == null || !List.of("CONFIRM", "REJECT").contains(body.decision())) {
            errors.add(new FieldProblem("decision", "must be CONFIRM or REJECT"));
        }
        if ("REJECT".equals(body.decision()) && (body.reasonCode() == null || body.reasonCode().isBlank())) {
            errors.add(new FieldProblem("reasonCode", "is required to reject: one of " + RejectReason.CODES));
        }
        if ("CONFIRM".equals(body.decision()) && body.reasonCode() != null) {
            errors.add(new FieldProblem("reasonCode", "is only for REJECT"));
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (body.correctedPlate() != null) {
            result.put("correction", workflow.correctPlate(id, body.correctedPlate(), operator));
        }
        result.put("decision", "CONFIRM".equals(body.decision()) ? workflow.confirm(id, operator)
                : workflow.reject(id, body.reasonCode(), body.note(), operator));
        return result;
    }
}
