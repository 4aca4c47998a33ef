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
 * crash between the two can neither lose an alert nor announce one that was rolled back. Delivery to webhooks and
 * MQTT reads {@code outbound_event} after commit, retries, and keeps what it could not deliver (this module's
 * delivery side).
 */
@Service
public class Outbound {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    Outbound(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Stores the event in the caller's transaction (or one of its own) and answers its id. */
    @Transactional(propagation = Propagation.REQUIRED)
    public long publish(OutboundEvent event) {
        long id = jdbc.sql("""
                        insert into outbound_event (type, subject, occurred_at, payload)
                        values (?, ?, ?, ?::jsonb) returning id""")
                .params(event.type(), event.subject(), java.sql.Timestamp.from(event.occurredAt()),
                        JSON.writeValueAsString(event.payload()))
                .query(Long.class).single();
        events.publishEvent(new OutboundEventStored(id, event.type()));
        return id;
    }
}
