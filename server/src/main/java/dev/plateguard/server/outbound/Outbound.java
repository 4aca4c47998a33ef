package dev.plateguard.server.outbound;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox of PlateGuard's outbound channels. A module that has something to tell the outside world (alerts,
 * camera health) stores it here in its own transaction: the event exists exactly when what it reports does, so a
 * crash between the two can neither lose an alert nor announce one that was rolled back. Its deliveries are stored
 * with it, one per channel that wants it; {@link DeliveryWorker} sends them after commit, retries, and keeps what
 * it could not deliver as dead letters (docs/outbound.md).
 */
@Service
public class Outbound {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final OutboundSettings settings;

    Outbound(JdbcClient jdbc, ApplicationEventPublisher events, OutboundSettings settings) {
        this.jdbc = jdbc;
        this.events = events;
        this.settings = settings;
    }

    /**
     * Stores the event in the caller's transaction (or one of its own), with one pending delivery per channel that
     * wants it: each active webhook whose event types match, and MQTT when it is on; a covert event only to those set
     * to include covert events. Answers the event's id.
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public long publish(OutboundEvent event) {
        long id = jdbc.sql("""
                        insert into outbound_event (type, subject, occurred_at, payload, covert)
                        values (?, ?, ?, ?::jsonb, ?) returning id""")
                .params(event.type(), event.subject(), java.sql.Timestamp.from(event.occurredAt()),
                        JSON.writeValueAsString(event.payload()), event.covert())
                .query(Long.class).single();
        // Patterns are exact types, prefixes ending in ".*", or "*" (EventTypes): as LIKE patterns, '_' is literal
        // and '*' the wildcard.
        jdbc.sql("""
                        insert into outbound_delivery (event_id, channel, subscription_id)
                        select ?, 'webhook', s.id from webhook_subscription s
                        where s.active and (s.include_covert or not ?)
                          and exists (select 1 from unnest(s.event_types) p
                                      where ? like replace(replace(p, '_', '\\_'), '*', '%'))""")
                .params(id, event.covert(), event.type()).update();
        if (settings.mqtt().enabled() && (!event.covert() || settings.mqtt().includeCovert())) {
            jdbc.sql("insert into outbound_delivery (event_id, channel) values (?, 'mqtt')").param(id).update();
        }
        events.publishEvent(new OutboundEventStored(id, event.type()));
        return id;
    }
}
