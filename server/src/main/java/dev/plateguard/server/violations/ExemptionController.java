package dev.plateguard.server.violations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.plates.PlateText;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.PlateGuardPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/** The exemption list (ADMIN): create, list, withdraw. Every call is audited. */
@RestController
class ExemptionController {

    private final Exemptions exemptions;
    private final AuditLog audit;

    ExemptionController(Exemptions exemptions, AuditLog audit) {
        this.exemptions = exemptions;
        this.audit = audit;
    }

    @PostMapping("/api/v1/exemptions")
    @Transactional(noRollbackFor = Refusal.class)
    ResponseEntity<Exemptions.Exemption> create(@RequestBody Exemptions.Form form, @AuthenticationPrincipal PlateGuardPrincipal actor) {
        List<FieldProblem> errors = new ArrayList<>();
        Exemptions.Valid valid = form.validate(errors);
        if (!errors.isEmpty()) {
            audit.record("exemption.create", "exemption", AuditLog.Outcome.FAILURE,
                    Map.of("errors", errors.stream().map(FieldProblem::field).toList()));
            throw Refusal.invalid(errors);
        }
        Exemptions.Exemption created = exemptions.create(valid, actor.auditName());
        audit.record("exemption.create", "exemption:" + created.id(), AuditLog.Outcome.SUCCESS,
                Map.of("plate", PlateText.mask(created.plate()), "country", created.country(), "kind", created.kind()));
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @GetMapping("/api/v1/exemptions")
    @Transactional(noRollbackFor = Refusal.class)
    Map<String, Object> list(@RequestParam(required = false) String plate) {
        String normalized = plate == null ? null : PlateText.tryNormalize(plate)
                .orElseThrow(() -> Refusal.invalid("plate", "is not plate text (A-Z, 0-9, at most 16)"));
        List<Exemptions.Exemption> items = exemptions.list(normalized);
        audit.record("exemption.list", "exemption", AuditLog.Outcome.SUCCESS, Map.of("count", items.size()));
        return Map.of("items", items);
    }

    @DeleteMapping("/api/v1/exemptions/{id}")
    @Transactional(noRollbackFor = Refusal.class)
    ResponseEntity<Void> delete(@PathVariable long id, @AuthenticationPrincipal PlateGuardPrincipal actor) {
        if (!exemptions.delete(id, actor.auditName())) {
            audit.record("exemption.delete", "exemption:" + id, AuditLog.Outcome.FAILURE, Map.of("reason", "not found"));
            throw Refusal.notFound("no active exemption " + id);
        }
        audit.record("exemption.delete", "exemption:" + id, AuditLog.Outcome.SUCCESS);
        return ResponseEntity.noContent().build();
    }
}
