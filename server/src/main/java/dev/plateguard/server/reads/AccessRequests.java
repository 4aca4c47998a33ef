package dev.plateguard.server.reads;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.QueryTimes;
import dev.plateguard.server.validation.Refusal;

/**
 * Requests to search one plate under one case beyond the standard reach, and a SUPERVISOR's decision on them (table
 * {@code access_request}). The requester never decides their own request. Every step is audited.
 */
@Service
class AccessRequests {

    record AccessRequest(long id, String requester, String plate, @JsonProperty("case") String caseNumber, String purpose, String reason,
                         Instant periodFrom, Instant periodTo, String status, String decidedBy, Instant decidedAt,
                         Instant expiresAt, Instant createdAt) {
    }

    /** The body of {@code POST /api/v1/access-requests}. */
    record Draft(String plate, String caseNumber, String purpose, String from, String to, String reason) {
    }

    private final JdbcClient jdbc;
    private final Investigations investigations;
    private final AuditLog audit;

    AccessRequests(JdbcClient jdbc, Investigations investigations, AuditLog audit) {
        this.jdbc = jdbc;
        this.investigations = investigations;
        this.audit = audit;
    }

    @Transactional
    AccessRequest create(UserPrincipal me, Draft draft) {
        List<FieldProblem> errors = new ArrayList<>();
        String plate = null;
        if (draft.plate() == null || draft.plate().isBlank()) {
            errors.add(FieldProblem.coded("plate", "required", "is required"));
        } else {
            try {
                plate = PlateText.normalize(draft.plate());
            } catch (InvalidPlateTextException e) {
                errors.add(new FieldProblem("plate", e.getMessage()));
            }
        }
        Investigations.Case c = null;
        try {
            c = investigations.require(draft.purpose(), draft.caseNumber(), draft.reason());
        } catch (Refusal r) {
            errors.addAll(r.errors());
        }
        if (c != null && c.reason() == null) {
            errors.add(FieldProblem.coded("reason", "required", "is required: why this period is needed"));
        }
        Instant from = time(draft.from(), "from", errors);
        Instant to = time(draft.to(), "to", errors);
        InvestigationSettings settings = investigations.settings();
        if (from != null && to != null) {
            if (!from.isBefore(to)) {
                errors.add(FieldProblem.coded("to", "afterFrom", "must be after from"));
            } else if (Duration.between(from, to).compareTo(settings.maxRequestPeriod()) > 0) {
                errors.add(FieldProblem.coded("to", "rangeTooLong", "a request covers at most "
                        + settings.maxRequestPeriod().toDays() + " days", settings.maxRequestPeriod().toDays()));
            } else if (!from.isBefore(investigations.standardStart())) {
                errors.add(FieldProblem.coded("from", "withinReach", "lies within the standard reach of "
                        + settings.standardReach().toDays() + " days: no approval is needed"));
            }
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        long id = jdbc.sql("""
                        insert into access_request (requester_id, requester, plate, case_number, purpose_id, reason,
                                                    period_from, period_to)
                        values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(me.userId(), me.username(), plate, c.caseNumber(), c.purpose().id(), c.reason(),
                        Timestamp.from(from), Timestamp.from(to))
                .query(Long.class).single();
        AccessRequest created = find(id);
        audit.record("access-request.create", "access-request:" + id, AuditLog.Outcome.SUCCESS, details(created));
        return created;
    }

    private static Instant time(String value, String field, List<FieldProblem> errors) {
        if (value == null || value.isBlank()) {
            errors.add(FieldProblem.coded(field, "required", "is required"));
            return null;
        }
        try {
            return QueryTimes.optional(value, field);
        } catch (Refusal r) {
            errors.addAll(r.errors());
            return null;
        }
    }

    /**
     * Requests a SUPERVISOR may see and decide: those of requesters whose whole scope lies within the supervisor's
     * (a country-wide supervisor: all). Takes the parameters of {@link #withinScopeParams}.
     */
    private static final String REQUESTER_WITHIN_SCOPE = """
            (? or exists (select 1 from app_user u where u.id = a.requester_id
                and cardinality(u.scope_regions) + cardinality(u.scope_sites) > 0
                and u.scope_regions <@ ?::text[]
                and u.scope_sites <@ (?::bigint[] || array(select s.id from site s where s.region = any(?::text[])))))""";

    private static List<Object> withinScopeParams(UserPrincipal me) {
        String[] regions = me.scope().regions().toArray(String[]::new);
        return java.util.Arrays.asList(me.scope().isCountry(), regions, me.scope().sites().toArray(Long[]::new), regions);
    }

    /** A SUPERVISOR sees the requests of requesters within their scope; anyone else only their own. */
    List<AccessRequest> list(UserPrincipal me, String status) {
        if (status != null && !List.of("pending", "approved", "rejected").contains(status)) {
            throw Refusal.invalid("status", "must be pending, approved or rejected");
        }
        List<Object> params = new ArrayList<>();
        params.add(me.has(Role.SUPERVISOR));
        params.addAll(withinScopeParams(me));
        params.add(me.userId());
        params.add(status);
        params.add(status);
        return jdbc.sql(SELECT + " where ((? and " + REQUESTER_WITHIN_SCOPE + ") or a.requester_id = ?)"
                        + " and (?::text is null or a.status = ?) order by a.id desc limit 500")
                .params(params).query(AccessRequests::map).list();
    }

    @Transactional
    AccessRequest decide(UserPrincipal me, long id, boolean approve) {
        List<Object> params = new ArrayList<>();
        params.add(id);
        params.add(me.userId());
        params.addAll(withinScopeParams(me));
        // A request outside the supervisor's scope is "not found", exactly like one that does not exist.
        AccessRequest request = jdbc.sql(SELECT + " where a.id = ? and (a.requester_id = ? or "
                        + REQUESTER_WITHIN_SCOPE + ") for update of a").params(params)
                .query(AccessRequests::map).optional()
                .orElseThrow(() -> Refusal.notFound("no access request " + id));
        String action = approve ? "access-request.approve" : "access-request.reject";
        if (request.requester().equals(me.username()) || ownerId(id) == me.userId()) {
            audit.record(action, "access-request:" + id, AuditLog.Outcome.DENIED, details(request));
            throw Refusal.forbidden("nobody decides their own access request: another supervisor must");
        }
        if (!request.status().equals("pending")) {
            throw Refusal.conflict("access request " + id + " is already " + request.status());
        }
        jdbc.sql("""
                        update access_request set status = ?, decided_by_id = ?, decided_by = ?, decided_at = now(),
                               expires_at = case when ? then now() + ? * interval '1 second' end
                        where id = ?""")
                .params(approve ? "approved" : "rejected", me.userId(), me.username(), approve,
                        investigations.settings().approvalValidity().toSeconds(), id)
                .update();
        AccessRequest decided = find(id);
        audit.record(action, "access-request:" + id, AuditLog.Outcome.SUCCESS, details(decided));
        return decided;
    }

    private long ownerId(long id) {
        return jdbc.sql("select requester_id from access_request where id = ?").param(id).query(Long.class).single();
    }

    AccessRequest find(long id) {
        return jdbc.sql(SELECT + " where a.id = ?").param(id).query(AccessRequests::map).optional()
                .orElseThrow(() -> Refusal.notFound("no access request " + id));
    }

    private static Map<String, Object> details(AccessRequest r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requester", r.requester());
        out.put("plate", r.plate());
        out.put("case", r.caseNumber());
        out.put("purpose", r.purpose());
        out.put("from", r.periodFrom().toString());
        out.put("to", r.periodTo().toString());
        out.put("status", r.status());
        if (r.expiresAt() != null) {
            out.put("expiresAt", r.expiresAt().toString());
        }
        return out;
    }

    private static final String SELECT = """
            select a.*, p.code purpose_code from access_request a join search_purpose p on p.id = a.purpose_id""";

    private static AccessRequest map(ResultSet rs, int n) throws SQLException {
        return new AccessRequest(rs.getLong("id"), rs.getString("requester"), rs.getString("plate"),
                rs.getString("case_number"), rs.getString("purpose_code"), rs.getString("reason"),
                instant(rs, "period_from"), instant(rs, "period_to"), rs.getString("status"), rs.getString("decided_by"),
                instant(rs, "decided_at"), instant(rs, "expires_at"), instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
