package dev.plateguard.server.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.http.ApiProblem;

/** The audit log, for AUDITORs only. Reading the log is itself audited. */
@RestController
class AuditController {

    record AuditEntry(long id, Instant occurredAt, String actorType, String actor, String action, String target,
                      String outcome, String clientIp, JsonNode details) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AuditLog audit;

    AuditController(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Newest first; {@code before} is the id of the last entry of the previous page. */
    @GetMapping("/api/v1/audit")
    Map<String, Object> list(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                             @RequestParam(required = false) String target, @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to,
                             @RequestParam(required = false, defaultValue = "100") int limit,
                             @RequestParam(required = false) Long before) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.invalid("limit", "must be 1-1000");
        }
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (actor != null) {
            where.add("actor = ?");
            params.add(actor);
        }
        if (action != null) {
            where.add("action = ?");
            params.add(action);
        }
        if (target != null) {
            where.add("target = ?");
            params.add(target);
        }
        if (from != null) {
            where.add("occurred_at >= ?");
            params.add(Timestamp.from(time(from, "from")));
        }
        if (to != null) {
            where.add("occurred_at < ?");
            params.add(Timestamp.from(time(to, "to")));
        }
        if (before != null) {
            where.add("id < ?");
            params.add(before);
        }
        String sql = "select * from audit_event" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by id desc limit ?";
        params.add(limit);
        List<AuditEntry> items = jdbc.sql(sql).params(params).query((rs, n) -> new AuditEntry(rs.getLong("id"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor_type"), rs.getString("actor"),
                rs.getString("action"), rs.getString("target"), rs.getString("outcome"), rs.getString("client_ip"),
                rs.getString("details") == null ? null : JSON.readTree(rs.getString("details")))).list();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("actor", actor);
        details.put("action", action);
        details.put("target", target);
        details.values().removeIf(java.util.Objects::isNull);
        audit.record("audit.query", "audit", AuditLog.Outcome.SUCCESS, details);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("nextBefore", items.size() == limit ? items.getLast().id() : null);
        return body;
    }

    private static Instant time(String value, String field) {
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "must be an RFC 3339 timestamp with offset");
        }
    }
}
