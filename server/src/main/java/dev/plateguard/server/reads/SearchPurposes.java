package dev.plateguard.server.reads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.validation.SafeText;

/** The managed list of investigation purposes (table {@code search_purpose}), kept by ADMIN. Changes are audited. */
@Service
public class SearchPurposes {

    static final int LABEL_MAX = 120;
    private static final String CODE = "[a-z0-9]+(-[a-z0-9]+)*";

    /** @param code what the API's {@code purpose} parameter names, e.g. {@code stolen-vehicle} */
    public record Purpose(long id, String code, String label, boolean active) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;

    SearchPurposes(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public List<Purpose> list(boolean activeOnly) {
        return jdbc.sql("select id, code, label, active from search_purpose" + (activeOnly ? " where active" : "")
                        + " order by label, id")
                .query((rs, n) -> new Purpose(rs.getLong("id"), rs.getString("code"), rs.getString("label"),
                        rs.getBoolean("active"))).list();
    }

    /** An active purpose by code; absent for unknown, retired or malformed codes. */
    Optional<Purpose> active(String code) {
        if (code == null || code.length() > 40 || !code.matches(CODE)) {
            return Optional.empty();
        }
        return jdbc.sql("select id, code, label, active from search_purpose where code = ? and active")
                .param(code).query((rs, n) -> new Purpose(rs.getLong("id"), rs.getString("code"),
                        rs.getString("label"), rs.getBoolean("active"))).optional();
    }

    Optional<Purpose> byId(long id) {
        return jdbc.sql("select id, code, label, active from search_purpose where id = ?").param(id)
                .query((rs, n) -> new Purpose(rs.getLong("id"), rs.getString("code"), rs.getString("label"),
                        rs.getBoolean("active"))).optional();
    }

    @Transactional
    public Purpose create(String code, String label) {
        List<FieldProblem> errors = new ArrayList<>();
        if (code == null || code.isBlank()) {
            errors.add(SafeText.required("code"));
        } else if (code.length() > 40 || !code.matches(CODE)) {
            errors.add(FieldProblem.coded("code", "purposeCode",
                    "must be lower-case letters and digits in words joined by '-', at most 40 characters"));
        }
        SafeText.require("label", label, LABEL_MAX, errors);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        long id;
        try {
            id = jdbc.sql("insert into search_purpose (code, label) values (?, ?) returning id")
                    .params(code, label.strip()).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw Refusal.conflict("a purpose with code " + code + " exists already", "purposeTaken", code);
        }
        audit.record("search-purpose.create", "search-purpose:" + id, AuditLog.Outcome.SUCCESS,
                Map.of("code", code, "label", label.strip()));
        return byId(id).orElseThrow();
    }

    /** Renames or retires/restores a purpose. A retired purpose stays in old audit entries but can no longer be named. */
    @Transactional
    public Purpose update(long id, String label, Boolean active) {
        List<FieldProblem> errors = new ArrayList<>();
        if (label != null) {
            SafeText.require("label", label, LABEL_MAX, errors);
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        Purpose before = byId(id).orElseThrow(() -> Refusal.notFound("no search purpose " + id));
        jdbc.sql("update search_purpose set label = coalesce(?, label), active = coalesce(?, active), updated_at = now() where id = ?")
                .params(label == null ? null : label.strip(), active, id).update();
        Purpose after = byId(id).orElseThrow();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", after.code());
        if (!before.label().equals(after.label())) {
            details.put("label", after.label());
        }
        if (before.active() != after.active()) {
            details.put("active", after.active());
        }
        audit.record("search-purpose.update", "search-purpose:" + id, AuditLog.Outcome.SUCCESS, details);
        return after;
    }
}
