package dev.plateguard.server.outbound;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Delivery state per event and channel ({@code outbound_delivery}) and every attempt ({@code outbound_attempt}):
 * pending until delivered, or dead after {@code plateguard.outbound.max-attempts}. Workers claim due deliveries
 * with a lease ({@code for update skip locked}), so several nodes share the work and a node that died holding some
 * gives them up when the lease passes.
 */
@Repository
class OutboundDeliveries {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String DEAD = "dead";
    static final String WEBHOOK = "webhook";
    static final String MQTT = "mqtt";

    /** A delivery a worker holds: the event as it goes out, and where to. */
    record Due(long id, long eventId, String channel, Long subscriptionId, int attempts, String type, String subject,
               Instant occurredAt, String payload) {
    }

    /** One delivery as the API and page list it. */
    record Delivery(long id, long eventId, String type, String subject, Instant occurredAt, String channel,
                    Long webhookId, String state, int attempts, Instant nextAttemptAt, String lastError,
                    Instant createdAt, Instant deliveredAt, Instant deadAt) {
    }

    /** One attempt: its outcome, the receiver's HTTP status (webhooks), the error, how long it took. */
    record Attempt(long id, int attempt, Instant startedAt, long durationMs, String outcome, Integer httpStatus,
                   String error) {
    }

    /** A delivery with its attempts, oldest first. */
    record Detail(Delivery delivery, List<Attempt> attempts) {
    }

    /** What to list: state (null for any), channel (null for any), webhook (null for any). */
    record Filter(String state, String channel, Long webhookId) {
    }

    private final JdbcClient jdbc;

    OutboundDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes up to {@code limit} deliveries due at {@code now} for {@code lease}: pending, not held by another worker,
     * of an active webhook, or of MQTT when {@code mqtt} is on.
     */
    List<Due> claim(Instant now, Duration lease, int limit, boolean mqtt) {
        Timestamp at = Timestamp.from(now);
        return jdbc.sql("""
                        with due as (
                            select d.id from outbound_delivery d
                            left join webhook_subscription s on s.id = d.subscription_id
                            where d.state = 'pending' and d.next_attempt_at <= ?
                              and (d.claimed_until is null or d.claimed_until < ?)
                              and (d.channel = 'webhook' and s.active or d.channel = 'mqtt' and ?)
                            order by d.next_attempt_at, d.id
                            limit ? for update of d skip locked),
                        claimed as (
                            update outbound_delivery d set claimed_until = ? from due where d.id = due.id
                            returning d.*)
                        select c.id, c.event_id, c.channel, c.subscription_id, c.attempts, e.type, e.subject,
                               e.occurred_at, e.payload::text as payload
                        from claimed c join outbound_event e on e.id = c.event_id
                        order by c.next_attempt_at, c.id""")
                .params(at, at, mqtt, limit, Timestamp.from(now.plus(lease)))
                .query((rs, n) -> new Due(rs.getLong("id"), rs.getLong("event_id"), rs.getString("channel"),
                        (Long) rs.getObject("subscription_id"), rs.getInt("attempts"), rs.getString("type"),
                        rs.getString("subject"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("payload")))
                .list();
    }

    /** Records a successful attempt: the delivery is done. */
    void delivered(Due due, Instant started, long durationMs, Integer httpStatus, Instant now) {
        record(due, started, durationMs, "delivered", httpStatus, null, """
                update outbound_delivery set state = 'delivered', attempts = attempts + 1, delivered_at = ?,
                    claimed_until = null, last_error = null
                where id = ? returning id, attempts""", Timestamp.from(now), due.id());
    }

    /** Records a failed attempt: the delivery is due again at {@code retryAt}, or dead when null. */
    void failed(Due due, Instant started, long durationMs, Integer httpStatus, String error, Instant retryAt,
                Instant now) {
        String clipped = clip(error);
        if (retryAt == null) {
            record(due, started, durationMs, "failed", httpStatus, clipped, """
                    update outbound_delivery set state = 'dead', attempts = attempts + 1, dead_at = ?,
                        claimed_until = null, last_error = ?
                    where id = ? returning id, attempts""", Timestamp.from(now), clipped, due.id());
        } else {
            record(due, started, durationMs, "failed", httpStatus, clipped, """
                    update outbound_delivery set attempts = attempts + 1, next_attempt_at = ?, claimed_until = null,
                        last_error = ?
                    where id = ? returning id, attempts""", Timestamp.from(retryAt), clipped, due.id());
        }
    }

    /** Gives a delivery back untried (its channel could not be reached): due again at {@code retryAt}. */
    void release(List<Due> deliveries, Instant retryAt, String error) {
        if (deliveries.isEmpty()) {
            return;
        }
        jdbc.sql("update outbound_delivery set claimed_until = null, next_attempt_at = ?, last_error = ? where id = any(?)")
                .params(Timestamp.from(retryAt), clip(error), deliveries.stream().map(Due::id).toArray(Long[]::new))
                .update();
    }

    /**
     * The delivery's state change and its attempt in one statement: a delivery deleted meanwhile (its webhook
     * deleted) records nothing.
     */
    private void record(Due due, Instant started, long durationMs, String outcome, Integer httpStatus, String error,
                        String update, Object... updateParams) {
        List<Object> params = new ArrayList<>(List.of(updateParams));
        params.add(Timestamp.from(started));
        params.add(Math.min(durationMs, Integer.MAX_VALUE));
        params.add(outcome);
        params.add(httpStatus);
        params.add(error);
        jdbc.sql("with d as (" + update + ") insert into outbound_attempt (delivery_id, attempt, started_at, "
                        + "duration_ms, outcome, http_status, error) select d.id, d.attempts, ?, ?, ?, ?, ? from d")
                .params(params).update();
    }

    /** Deliveries matching the filter, newest first, before {@code beforeId} (keyset pagination). */
    List<Delivery> list(Filter filter, Long beforeId, int limit) {
        return jdbc.sql("""
                        select d.*, e.type, e.subject, e.occurred_at from outbound_delivery d
                        join outbound_event e on e.id = d.event_id
                        where (?::text is null or d.state = ?) and (?::text is null or d.channel = ?)
                          and (?::bigint is null or d.subscription_id = ?) and (?::bigint is null or d.id < ?)
                        order by d.id desc limit ?""")
                .params(filter.state(), filter.state(), filter.channel(), filter.channel(), filter.webhookId(),
                        filter.webhookId(), beforeId, beforeId, limit)
                .query((rs, n) -> delivery(rs)).list();
    }

    Optional<Detail> find(long id) {
        return jdbc.sql("""
                        select d.*, e.type, e.subject, e.occurred_at from outbound_delivery d
                        join outbound_event e on e.id = d.event_id where d.id = ?""")
                .param(id).query((rs, n) -> delivery(rs)).optional()
                .map(d -> new Detail(d, attempts(id)));
    }

    List<Attempt> attempts(long deliveryId) {
        return jdbc.sql("select * from outbound_attempt where delivery_id = ? order by id").param(deliveryId)
                .query((rs, n) -> new Attempt(rs.getLong("id"), rs.getInt("attempt"),
                        rs.getTimestamp("started_at").toInstant(), rs.getLong("duration_ms"), rs.getString("outcome"),
                        (Integer) rs.getObject("http_status"), rs.getString("error")))
                .list();
    }

    /** Puts one dead letter back in the queue with a fresh set of attempts; answers whether it was dead. */
    boolean replay(long id, Instant now) {
        return jdbc.sql("""
                        update outbound_delivery set state = 'pending', dead_at = null, attempts = 0,
                            next_attempt_at = ?, claimed_until = null
                        where id = ? and state = 'dead'""")
                .params(Timestamp.from(now), id).update() == 1;
    }

    /** Puts every dead letter of a channel (or of one webhook) back in the queue; answers how many. */
    int replayAll(String channel, Long webhookId, Instant now) {
        return jdbc.sql("""
                        update outbound_delivery set state = 'pending', dead_at = null, attempts = 0,
                            next_attempt_at = ?, claimed_until = null
                        where state = 'dead' and (?::text is null or channel = ?)
                          and (?::bigint is null or subscription_id = ?)""")
                .params(Timestamp.from(now), channel, channel, webhookId, webhookId).update();
    }

    /** Deliveries per channel and state: {@code {"mqtt": {"pending": 3}, "webhook:4": {...}}}. */
    Map<String, Map<String, Long>> counts() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        jdbc.sql("""
                        select channel, subscription_id, state, count(*) from outbound_delivery
                        group by channel, subscription_id, state order by channel, subscription_id, state""")
                .query((ResultSet rs) -> {
                    String key = rs.getString(1) + (rs.getObject(2) == null ? "" : ":" + rs.getLong(2));
                    out.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(rs.getString(3), rs.getLong(4));
                });
        return out;
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getLong("event_id"), rs.getString("type"), rs.getString("subject"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("channel"),
                (Long) rs.getObject("subscription_id"), rs.getString("state"), rs.getInt("attempts"),
                rs.getString("state").equals(PENDING) ? rs.getTimestamp("next_attempt_at").toInstant() : null,
                rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("delivered_at")), instant(rs.getTimestamp("dead_at")));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static String clip(String error) {
        return error == null ? null : error.length() > 500 ? error.substring(0, 500) + "…" : error;
    }
}
