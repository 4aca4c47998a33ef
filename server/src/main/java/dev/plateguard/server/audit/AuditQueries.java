package dev.plateguard.server.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading the audit log, newest first, for the API, the audit page and the CSV export. */
@Repository
public class AuditQueries {

    /** One entry as auditors see it. {@code details} is the JSON recorded with it, or null. */
    public record AuditEntry(long id, Instant occurredAt, String actorType, String actor, String action, String target,
                             String outcome, String clientIp, JsonNode details) {
    }

    /**
     * Exact-match filters; null means "any". {@code from} is inclusive, {@code to} exclusive.
     */
    public record Filter(String actor, String action, String target, Instant from, Instant to) {

        public static final Filter NONE = new Filter(null, null, null, null, null);
    }

    /** Rows fetched per round trip while exporting, so that a large export never sits in memory whole. */
    private static final int EXPORT_FETCH_SIZE = 500;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final JdbcClient streaming;

    AuditQueries(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(EXPORT_FETCH_SIZE);
        this.streaming = JdbcClient.create(template);
    }

    /**
     * One page, newest first.
     *
     * @param before id of the last entry of the previous page (keyset paging), or null for the newest
     * @param limit  entries at most
     */
    public List<AuditEntry> page(Filter filter, Long before, int limit) {
        Where where = where(filter, before);
        List<Object> params = new ArrayList<>(where.params());
        params.add(limit);
        return jdbc.sql("select * from audit_event" + where.sql() + " order by id desc limit ?").params(params)
                .query((rs, n) -> entry(rs)).list();
    }

    /**
     * Every matching entry, newest first, handed to {@code sink} one at a time as the database returns them.
     * PostgreSQL only streams with a cursor inside a transaction, hence the read-only transaction.
     */
    @Transactional(readOnly = true)
    public void each(Filter filter, Consumer<AuditEntry> sink) {
        Where where = where(filter, null);
        streaming.sql("select * from audit_event" + where.sql() + " order by id desc").params(where.params())
                .query((ResultSet rs) -> {
                    sink.accept(entry(rs));
                });
    }

    /** The distinct actions recorded so far, in order (a skip scan over the action index). */
    public List<String> actions() {
        return jdbc.sql("""
                with recursive a(action) as (
                    select min(action) from audit_event
                    union all
                    select (select min(e.action) from audit_event e where e.action > a.action) from a where a.action is not null)
                select action from a where action is not null""")
                .query(String.class).list();
    }

    private record Where(String sql, List<Object> params) {
    }

    private static Where where(Filter filter, Long before) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (filter.actor() != null) {
            where.add("actor = ?");
            params.add(filter.actor());
        }
        if (filter.action() != null) {
            where.add("action = ?");
            params.add(filter.action());
        }
        if (filter.target() != null) {
            where.add("target = ?");
            params.add(filter.target());
        }
        if (filter.from() != null) {
            where.add("occurred_at >= ?");
            params.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.add("occurred_at < ?");
            params.add(Timestamp.from(filter.to()));
        }
        if (before != null) {
            where.add("id < ?");
            params.add(before);
        }
        return new Where(where.isEmpty() ? "" : " where " + String.join(" and ", where), params);
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        String details = rs.getString("details");
        return new AuditEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor_type"),
                rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("outcome"),
                rs.getString("client_ip"), details == null ? null : JSON.readTree(details));
    }
}
