package dev.plateguard.server.outbound;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the outbound channels keep goes after its time (docs/retention.md), one batch per call in the caller's
 * transaction (the retention purge's): events whose every delivery went out, with their deliveries and attempts,
 * and dead letters nobody replayed. An event with a delivery still pending is never deleted.
 */
@Component
public class OutboundPurge {

    /** @param events events deleted; @param deliveries deliveries deleted; @param attempts attempts deleted */
    public record Deleted(int events, int deliveries, int attempts) {

        public boolean none() {
            return events == 0 && deliveries == 0 && attempts == 0;
        }
    }

    private final JdbcClient jdbc;

    OutboundPurge(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} events stored before {@code before} and delivered on every channel (or on none). */
    public Deleted deleteDelivered(Instant before, int limit) {
        List<Long> events = jdbc.sql("""
                        select e.id from outbound_event e
                        where e.created_at < ? and not exists (
                            select 1 from outbound_delivery d where d.event_id = e.id and d.state <> 'delivered')
                        order by e.id limit ? for update of e skip locked""")
                .params(Timestamp.from(before), limit).query(Long.class).list();
        if (events.isEmpty()) {
            return new Deleted(0, 0, 0);
        }
        Long[] ids = events.toArray(Long[]::new);
        int attempts = jdbc.sql("""
                        delete from outbound_attempt where delivery_id in (
                            select id from outbound_delivery where event_id = any(?))""").param(ids).update();
        int deliveries = jdbc.sql("delete from outbound_delivery where event_id = any(?)").param(ids).update();
        int deleted = jdbc.sql("delete from outbound_event where id = any(?)").param(ids).update();
        return new Deleted(deleted, deliveries, attempts);
    }

    /**
     * Up to {@code limit} dead letters that died before {@code before}, with their attempts; their events go at a
     * later batch of {@link #deleteDelivered} once nothing else of them waits.
     */
    public Deleted deleteDeadLetters(Instant before, int limit) {
        List<Long> dead = jdbc.sql("""
                        select id from outbound_delivery where state = 'dead' and dead_at < ?
                        order by dead_at, id limit ? for update skip locked""")
                .params(Timestamp.from(before), limit).query(Long.class).list();
        if (dead.isEmpty()) {
            return new Deleted(0, 0, 0);
        }
        Long[] ids = dead.toArray(Long[]::new);
        int attempts = jdbc.sql("delete from outbound_attempt where delivery_id = any(?)").param(ids).update();
        int deliveries = jdbc.sql("delete from outbound_delivery where id = any(?)").param(ids).update();
        return new Deleted(0, deliveries, attempts);
    }
}
