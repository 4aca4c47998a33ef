package dev.plateguard.server.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.passages.Passages;

/**
 * Reads alerts as people may see them: in their scope (in SQL, {@code Scope.sitePredicateNamed}), and of shared lists
 * or of covert lists they own (auditors: every list). An alert outside that is treated as one that does not exist.
 */
@Component
class AlertQueries {

    static final List<String> STATES = List.of("new", "acknowledged", "escalated");

    private static final String SELECT = """
            select a.*, h.name as hotlist_name, h.covert, h.owner_id as hotlist_owner, e.pattern, e.match,
                   e.note as entry_note, s.name as site_name, s.region as site_region, c.name as camera_name
            from alert a join hotlist h on h.id = a.hotlist_id join hotlist_entry e on e.id = a.entry_id
                         join site s on s.id = a.site_id join camera c on c.id = a.camera_id
            """;

    private final JdbcClient jdbc;
    private final Passages passages;

    AlertQueries(JdbcClient jdbc, Passages passages) {
        this.jdbc = jdbc;
        this.passages = passages;
    }

    /**
     * Alerts newest first, before the alert {@code before} (a cursor), optionally of one state or one list.
     */
    List<Alert> list(UserPrincipal me, String state, Long hotlistId, Long before, int limit) {
        Map<String, Object> params = visibility(me);
        params.put("state", state);
        params.put("hotlist", hotlistId);
        params.put("before", before == null ? Long.MAX_VALUE : before);
        params.put("limit", limit);
        return withPassages(jdbc.sql(SELECT + "where " + VISIBLE + me.scope().sitePredicateNamed("a.site_id") + """
                 and (cast(:state as text) is null or a.state = :state)
                 and (cast(:hotlist as bigint) is null or a.hotlist_id = :hotlist)
                 and a.id < :before
                order by a.id desc limit :limit""").params(params).query(AlertQueries::alert).list());
    }

    /** The alerts with the passages of their raising reads (those grouped so far). */
    private List<Alert> withPassages(List<Alert> alerts) {
        Map<Long, Passages.Membership> of = passages.memberships(alerts.stream().map(Alert::readId).toList());
        return alerts.stream().map(a -> {
            Passages.Membership m = of.get(a.readId());
            return m == null ? a : a.withPassage(new Alert.Passage(m.passageId(), m.readCount(), m.cameraCount(),
                    m.bestReadId()));
        }).toList();
    }

    /** One alert, if {@code me} may see it. */
    Optional<Alert> get(UserPrincipal me, long id) {
        Map<String, Object> params = visibility(me);
        params.put("id", id);
        return jdbc.sql(SELECT + "where a.id = :id and " + VISIBLE + me.scope().sitePredicateNamed("a.site_id"))
                .params(params).query(AlertQueries::alert).optional()
                .map(a -> withPassages(List.of(a)).getFirst());
    }

    /** The reads an alert stands for, oldest first. */
    List<Long> reads(long alertId) {
        return jdbc.sql("select read_id from alert_read where alert_id = ? order by read_id").param(alertId)
                .query(Long.class).list();
    }

    /** Every alert written after {@code changeSeq}, in the order written (the live streams filter by person). */
    List<Alert> changedAfter(long changeSeq, int limit) {
        return jdbc.sql(SELECT + "where a.change_seq > ? order by a.change_seq limit ?").params(changeSeq, limit)
                .query(AlertQueries::alert).list();
    }

    /** The latest {@code change_seq} written. */
    long lastChange() {
        return jdbc.sql("select coalesce(max(change_seq), 0) from alert").query(Long.class).single();
    }

    /** A covert list's alert is seen by the list's owner and by auditors only; then the scope, always. */
    private static final String VISIBLE = "(not h.covert or h.owner_id = :me or :auditor) and ";

    private static Map<String, Object> visibility(UserPrincipal me) {
        Map<String, Object> params = me.scope().namedParams();
        params.put("me", me.userId());
        params.put("auditor", me.has(Role.AUDITOR));
        return params;
    }

    static Alert alert(ResultSet rs, int n) throws SQLException {
        return new Alert(rs.getLong("id"), rs.getString("plate"), rs.getLong("read_id"), rs.getLong("last_read_id"),
                rs.getInt("repeat_count"), rs.getLong("hotlist_id"), rs.getString("hotlist_name"), rs.getBoolean("covert"),
                rs.getLong("entry_id"), rs.getString("pattern"), rs.getString("match"), rs.getInt("priority"),
                rs.getString("reason"), rs.getString("entry_note"), rs.getLong("site_id"), rs.getString("site_name"),
                rs.getLong("camera_id"), rs.getString("camera_name"), instant(rs, "captured_at"),
                instant(rs, "last_captured_at"), rs.getString("thumbnail"), rs.getString("state"),
                instant(rs, "raised_at"), rs.getString("acknowledged_by"), instant(rs, "acknowledged_at"),
                rs.getString("acknowledge_note"), rs.getString("escalated_by"), instant(rs, "escalated_at"),
                rs.getString("escalate_note"), rs.getLong("change_seq"), null, rs.getLong("hotlist_owner"),
                rs.getString("site_region"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
