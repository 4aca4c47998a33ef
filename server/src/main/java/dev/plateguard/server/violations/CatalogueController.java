package dev.plateguard.server.violations;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.PlateGuardPrincipal;
import dev.plateguard.server.validation.Refusal;

/** The rule catalogue: supervisors and admins read it, admins publish new versions (audited). */
@RestController
class CatalogueController {

    private final CatalogueStore store;
    private final AuditLog audit;

    CatalogueController(CatalogueStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    @GetMapping({"/api/v1/violations/catalogue", "/api/v1/rules/catalogue"})
    Catalogue current() {
        return store.current();
    }

    /**
     * Publishes the whole catalogue as a new version; detection uses it from its next batch, and violations
     * already recorded keep the version they were judged under. 400 names every invalid field.
     */
    @org.springframework.web.bind.annotation.RequestMapping(
            method = {org.springframework.web.bind.annotation.RequestMethod.POST, org.springframework.web.bind.annotation.RequestMethod.PUT},
            path = {"/api/v1/violations/catalogue", "/api/v1/rules/catalogue"})
    @ResponseStatus(HttpStatus.CREATED)
    Catalogue publish(@RequestBody CatalogueForm form, @AuthenticationPrincipal PlateGuardPrincipal actor) {
        var errors = form.validate();
        if (!errors.isEmpty()) {
            audit.record("violations.catalogue.publish", "catalogue", AuditLog.Outcome.FAILURE,
                    java.util.Map.of("errors", errors.size()));
            throw Refusal.invalid(errors);
        }
        return store.publish(form, actor.auditName());
    }
}
