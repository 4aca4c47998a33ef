package dev.plateguard.server.violations;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.identity.PlateGuardPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Changing a site's or camera's rule settings, for the API and the rules page alike: the row locked, every field
 * checked, a new version stored, and every change and every refused change audited ({@code rules.settings.put},
 * {@code rules.settings.delete}). A refusal stores nothing but its audit entry, which commits.
 */
@Component
class RuleSettingsChanges {

    /** Where the settings come from: parsing may itself refuse (and is audited like any other refusal). */
    interface Source {
        RuleSettingsForm read() throws IOException;
    }

    private final RuleSettingsStore store;
    private final AuditLog audit;
    private final Set<String> ruleNames;

    RuleSettingsChanges(RuleSettingsStore store, AuditLog audit, List<ViolationRule> rules) {
        this.store = store;
        this.audit = audit;
        this.ruleNames = RuleSettingsStore.names(rules);
    }

    /** The rule names a settings list may switch off. */
    Set<String> ruleNames() {
        return ruleNames;
    }

    @Transactional(noRollbackFor = Refusal.class)
    RuleSettingsStore.Stored put(RuleSettingsStore.Scope scope, long id, Source source, PlateGuardPrincipal actor)
            throws IOException {
        String target = scope.table + ":" + id;
        RuleSettingsForm normalised;
        try {
            RuleSettingsForm form = source.read();
            if (!store.lock(scope, id)) {
                throw Refusal.notFound("no " + scope.table + " " + id);
            }
            List<FieldProblem> errors = new ArrayList<>();
            normalised = form.normalise(ruleNames, errors);
            if (!errors.isEmpty()) {
                throw Refusal.invalid(errors);
            }
        } catch (Refusal problem) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", ProblemResponses.status(problem.kind()).value());
            if (!problem.errors().isEmpty()) {
                details.put("errors", problem.errors().stream().map(FieldProblem::field).toList());
            }
            audit.record("rules.settings.put", target, AuditLog.Outcome.FAILURE, details);
            throw problem;
        }
        RuleSettingsStore.Stored stored = store.put(scope, id, normalised, actor.auditName());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", stored.version());
        details.put("settings", normalised.withoutNote());
        audit.record("rules.settings.put", target, AuditLog.Outcome.SUCCESS, details);
        return stored;
    }

    /** Removes the settings of a scope (it inherits again); answers the version of the removal. */
    @Transactional(noRollbackFor = Refusal.class)
    int delete(RuleSettingsStore.Scope scope, long id, PlateGuardPrincipal actor) {
        String target = scope.table + ":" + id;
        if (!store.lock(scope, id)) {
            audit.record("rules.settings.delete", target, AuditLog.Outcome.FAILURE, Map.of("reason", "not found"));
            throw Refusal.notFound("no " + scope.table + " " + id);
        }
        var version = store.delete(scope, id, actor.auditName());
        if (version.isEmpty()) {
            audit.record("rules.settings.delete", target, AuditLog.Outcome.FAILURE, Map.of("reason", "no settings"));
            throw Refusal.notFound(scope.table + " " + id + " has no rule settings of its own");
        }
        audit.record("rules.settings.delete", target, AuditLog.Outcome.SUCCESS, Map.of("version", version.get()));
        return version.get();
    }
}
