package dev.plateguard.server.retention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.reads.InvestigationSettings;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.QueryTimes;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.validation.SafeText;

/**
 * Legal holds (docs/retention.md): a hold on a read, a violation or a case (an investigation's case number, with the
 * plate it concerns and optionally a period) keeps what it names through every purge until it is lifted. Setting
 * and lifting need a reason, and are audited with the person. ADMIN and INVESTIGATOR set and lift; SUPERVISOR may
 * look. Plates are shown to the roles that see reads (a user with a regional scope: on their own holds only); to
 * others (ADMIN) masked.
 */
@Service
public class LegalHolds {

    static final int REASON_MAX = 500;
    static final List<String> KINDS = List.of("read", "violation", "case");

    /** One hold as the API shows it; {@code plate} is masked for a viewer who may not see plates. */
    public record Hold(long id, String kind, Long readId, Long violationId, @JsonProperty("case") String caseNumber,
                       String plate, Instant from, Instant to, String reason, String setBy, Instant setAt,
                       boolean active, String liftedBy, Instant liftedAt, String liftReason) {

        Hold masked() {
            return new Hold(id, kind, readId, violationId, caseNumber, plate == null ? null : PlateText.mask(plate),
                    from, to, reason, setBy, setAt, active, liftedBy, liftedAt, liftReason);
        }

        /** What the audit records about it: the target, never a plate in clear. */
        Map<String, Object> audit() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("kind", kind);
            if (readId != null) {
                out.put("read", readId);
            }
            if (violationId != null) {
                out.put("violation", violationId);
            }
            if (caseNumber != null) {
                out.put("case", caseNumber);
            }
            if (plate != null) {
                out.put("plate", PlateText.mask(plate));
            }
            if (from != null) {
                out.put("from", from.toString());
            }
            if (to != null) {
                out.put("to", to.toString());
            }
            return out;
        }
    }

    /** A hold asked for, as it arrives (API body or page form). */
    public record Draft(String kind, Long readId, Long violationId, @JsonProperty("case") String caseNumber,
                        String plate, String from, String to, String reason) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final Pattern casePattern;
    private final String caseExample;

    LegalHolds(JdbcClient jdbc, PlatformTransactionManager transactions, AuditLog audit,
               InvestigationSettings investigation) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.audit = audit;
        this.casePattern = Pattern.compile(investigation.caseFormat());
        this.caseExample = investigation.caseExample();
    }

    /** Whether {@code user} sees plates in clear (the roles that see reads). */
    static boolean seesPlates(UserPrincipal user) {
        return user.has(Role.INVESTIGATOR) || user.has(Role.SUPERVISOR) || user.has(Role.OPERATOR);
    }

    private record Valid(String kind, Long readId, Long violationId, String caseNumber, String plate, Instant from,
                         Instant to, String reason) {
    }

    /** Sets a hold; every refusal names the fields at fault. Audited, refusals included. */
    public Hold set(UserPrincipal me, Draft draft) {
        Valid valid;
        try {
            valid = validate(draft);
            checkTarget(me, valid);
        } catch (Refusal refusal) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("kind", draft == null ? null : draft.kind());
            details.put("refused", refusal.type());
            details.put("errors", refusal.errors().stream().map(FieldProblem::field).toList());
            details.values().removeIf(java.util.Objects::isNull);
            audit.record("hold.set", "hold", AuditLog.Outcome.FAILURE, details);
            throw refusal;
        }
        Hold created;
        try {
            created = insert(me, valid);
        } catch (Refusal refusal) {
            audit.record("hold.set", "hold", AuditLog.Outcome.FAILURE, Map.of("kind", valid.kind(), "refused",
                    refusal.type()));
            throw refusal;
        }
        return view(me, created);
    }

    private Hold insert(UserPrincipal me, Valid valid) {
        return tx.execute(status -> {
            // One active hold per (kind, target, case, period): a second is a mistake, not a second protection.
            Optional<Long> same = jdbc.sql("""
                    select id from legal_hold where lifted_at is null and kind = ?
                      and read_id is not distinct from ? and violation_id is not distinct from ?
                      and case_number is not distinct from ? and plate is not distinct from ?
                      and period_from is not distinct from ? and period_to is not distinct from ?
                    limit 1""")
                    .params(valid.kind(), valid.readId(), valid.violationId(), valid.caseNumber(), valid.plate(),
                            timestamp(valid.from()), timestamp(valid.to()))
                    .query(Long.class).optional();
            if (same.isPresent()) {
                throw Refusal.conflict("an identical hold is already active: hold " + same.get(), "duplicate", same.get());
            }
            long id;
            try {
                id = jdbc.sql("""
                        insert into legal_hold (kind, read_id, violation_id, case_number, plate, period_from, period_to,
                                                reason, set_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                        .params(valid.kind(), valid.readId(), valid.violationId(), valid.caseNumber(), valid.plate(),
                                timestamp(valid.from()), timestamp(valid.to()), valid.reason(), me.username())
                        .query(Long.class).single();
            } catch (DuplicateKeyException e) {
                // An identical hold set at the same moment by someone else (legal_hold_one_active).
                throw Refusal.conflict("an identical hold is already active", "duplicate", "");
            }
            Hold hold = find(id).orElseThrow();
            Map<String, Object> details = hold.audit();
            details.put("reason", valid.reason());
            audit.record("hold.set", "hold:" + id, AuditLog.Outcome.SUCCESS, details);
            return hold;
        });
    }

    /** Lifts an active hold, with a reason. Audited. */
    public Hold lift(UserPrincipal me, long id, String reason) {
        String trimmed = reason == null || reason.isBlank() ? null : reason.strip();
        List<FieldProblem> errors = new ArrayList<>();
        SafeText.require("reason", trimmed, REASON_MAX, errors);
        if (!errors.isEmpty()) {
            audit.record("hold.lift", "hold:" + id, AuditLog.Outcome.FAILURE, Map.of("errors", List.of("reason")));
            throw Refusal.invalid(errors);
        }
        Hold lifted;
        try {
            lifted = liftActive(me, id, trimmed);
        } catch (Refusal refusal) {
            audit.record("hold.lift", "hold:" + id, AuditLog.Outcome.FAILURE, Map.of("refused", refusal.type()));
            throw refusal;
        }
        if (lifted == null) {
            audit.record("hold.lift", "hold:" + id, AuditLog.Outcome.FAILURE, Map.of("refused", "not-found"));
            throw Refusal.notFound("no hold " + id);
        }
        return view(me, lifted);
    }

    /** Lifts the hold in a transaction; null when there is no such hold. */
    private Hold liftActive(UserPrincipal me, long id, String trimmed) {
        return tx.execute(status -> {
            Optional<Boolean> active = jdbc.sql("select lifted_at is null from legal_hold where id = ? for update")
                    .param(id).query(Boolean.class).optional();
            if (active.isEmpty()) {
                return null;
            }
            if (!active.get()) {
                throw Refusal.conflict("hold " + id + " was already lifted", "alreadyLifted", id);
            }
            jdbc.sql("update legal_hold set lifted_at = now(), lifted_by = ?, lift_reason = ? where id = ?")
                    .params(me.username(), trimmed, id).update();
            Hold hold = find(id).orElseThrow();
            Map<String, Object> details = hold.audit();
            details.put("reason", trimmed);
            audit.record("hold.lift", "hold:" + id, AuditLog.Outcome.SUCCESS, details);
            return hold;
        });
    }

    /** Holds, newest first: {@code active} true for active ones, false for lifted ones, null for all. */
    public List<Hold> list(UserPrincipal me, Boolean active, String kind, int limit) {
        if (kind != null && !KINDS.contains(kind)) {
            throw Refusal.invalid(List.of(FieldProblem.coded("kind", "holdKind", "must be read, violation or case")));
        }
        return jdbc.sql("""
                        select * from legal_hold
                        where (?::boolean is null or (lifted_at is null) = ?::boolean) and (?::text is null or kind = ?::text)
                        order by id desc limit ?""")
                .params(active, active, kind, kind, limit)
                .query((rs, n) -> map(rs)).list().stream().map(h -> view(me, h)).toList();
    }

    public Optional<Hold> get(UserPrincipal me, long id) {
        return find(id).map(h -> view(me, h));
    }

    long activeCount() {
        return jdbc.sql("select count(*) from legal_hold where lifted_at is null").query(Long.class).single();
    }

    private Optional<Hold> find(long id) {
        return jdbc.sql("select * from legal_hold where id = ?").param(id).query((rs, n) -> map(rs)).optional();
    }

    /**
     * A plate is a person's movements' key: in clear only for the roles that see reads, and for a user whose scope is
     * part of the country only on the holds they set themselves (a case hold is not bound to a place).
     */
    private static Hold view(UserPrincipal me, Hold hold) {
        boolean clear = seesPlates(me) && (me.scope().isCountry() || hold.setBy().equals(me.username()));
        return clear ? hold : hold.masked();
    }

    private Valid validate(Draft d) {
        if (d == null) {
            throw Refusal.malformed("body must be a JSON object");
        }
        List<FieldProblem> errors = new ArrayList<>();
        String kind = d.kind() == null ? null : d.kind().strip();
        if (kind == null || kind.isEmpty()) {
            errors.add(SafeText.required("kind"));
        } else if (!KINDS.contains(kind)) {
            errors.add(FieldProblem.coded("kind", "holdKind", "must be read, violation or case"));
            kind = null;
        }
        String reason = d.reason() == null || d.reason().isBlank() ? null : d.reason().strip();
        SafeText.require("reason", reason, REASON_MAX, errors);
        String caseNumber = d.caseNumber() == null || d.caseNumber().isBlank() ? null : d.caseNumber().strip();
        if (caseNumber != null && (caseNumber.length() > 64 || !casePattern.matcher(caseNumber).matches())) {
            errors.add(FieldProblem.coded("case", "caseFormat",
                    "is not a case number in the configured format (e.g. " + caseExample + ")", caseExample));
            caseNumber = null;
        }
        String plate = null;
        Instant from = null;
        Instant to = null;
        if ("read".equals(kind)) {
            positive("readId", d.readId(), errors);
            absent("violationId", d.violationId(), kind, errors);
        } else if ("violation".equals(kind)) {
            positive("violationId", d.violationId(), errors);
            absent("readId", d.readId(), kind, errors);
        } else if ("case".equals(kind)) {
            absent("readId", d.readId(), kind, errors);
            absent("violationId", d.violationId(), kind, errors);
            if (d.caseNumber() == null || d.caseNumber().isBlank()) {
                errors.add(FieldProblem.coded("case", "required", "is required for a case hold"));
            }
            if (d.plate() == null || d.plate().isBlank()) {
                errors.add(FieldProblem.coded("plate", "required", "is required for a case hold: the plate it keeps"));
            } else {
                try {
                    plate = PlateText.normalize(d.plate());
                } catch (InvalidPlateTextException e) {
                    errors.add(FieldProblem.coded("plate", "plateText", "is not plate text (A-Z, 0-9, at most 16)"));
                }
            }
            from = time(d.from(), "from", errors);
            to = time(d.to(), "to", errors);
            if (from != null && to != null && !from.isBefore(to)) {
                errors.add(FieldProblem.coded("to", "afterFrom", "must be after from"));
            }
        }
        if (!"case".equals(kind)) {
            absent("plate", d.plate(), kind, errors);
            absent("from", d.from(), kind, errors);
            absent("to", d.to(), kind, errors);
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        return new Valid(kind, d.readId(), d.violationId(), caseNumber, plate, from, to, reason);
    }

    /** A read or violation hold must name one the person may see: outside their scope it does not exist. */
    private void checkTarget(UserPrincipal me, Valid valid) {
        Scope scope = me.scope();
        if (valid.readId() != null) {
            List<Object> params = new ArrayList<>(List.of(valid.readId()));
            params.addAll(scope.sqlParams());
            boolean found = jdbc.sql("select exists (select 1 from plate_read r where r.id = ? and "
                    + scope.sitePredicate("r.site_id") + ")").params(params).query(Boolean.class).single();
            if (!found) {
                throw new Refusal(Refusal.Kind.NOT_FOUND, "not-found", "no read " + valid.readId(),
                        List.of(FieldProblem.coded("readId", "noRead", "names no read", valid.readId())));
            }
        }
        if (valid.violationId() != null) {
            List<Object> params = new ArrayList<>(List.of(valid.violationId()));
            params.addAll(scope.sqlParams());
            boolean found = jdbc.sql("select exists (select 1 from violation v where v.id = ? and "
                    + scope.sitePredicate("v.site_id") + ")").params(params).query(Boolean.class).single();
            if (!found) {
                throw new Refusal(Refusal.Kind.NOT_FOUND, "not-found", "no violation " + valid.violationId(),
                        List.of(FieldProblem.coded("violationId", "noViolation", "names no violation",
                                valid.violationId())));
            }
        }
    }

    private static void positive(String field, Long value, List<FieldProblem> errors) {
        if (value == null) {
            errors.add(FieldProblem.coded(field, "required", "is required"));
        } else if (value < 1) {
            errors.add(FieldProblem.coded(field, "positive", "must be a positive id"));
        }
    }

    private static void absent(String field, Object value, String kind, List<FieldProblem> errors) {
        if (value != null && kind != null) {
            errors.add(FieldProblem.coded(field, "notForKind", "must not be given for a " + kind + " hold", kind));
        }
    }

    private static Instant time(String value, String field, List<FieldProblem> errors) {
        try {
            return QueryTimes.optional(value, field);
        } catch (Refusal r) {
            errors.addAll(r.errors());
            return null;
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Hold map(ResultSet rs) throws SQLException {
        Timestamp from = rs.getTimestamp("period_from");
        Timestamp to = rs.getTimestamp("period_to");
        Timestamp lifted = rs.getTimestamp("lifted_at");
        return new Hold(rs.getLong("id"), rs.getString("kind"), (Long) rs.getObject("read_id"),
                (Long) rs.getObject("violation_id"), rs.getString("case_number"), rs.getString("plate"),
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant(), rs.getString("reason"),
                rs.getString("set_by"), rs.getTimestamp("set_at").toInstant(), lifted == null, rs.getString("lifted_by"),
                lifted == null ? null : lifted.toInstant(), rs.getString("lift_reason"));
    }
}
