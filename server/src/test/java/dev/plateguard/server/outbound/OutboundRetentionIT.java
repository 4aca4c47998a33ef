package dev.plateguard.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.retention.RetentionPolicy;
import dev.plateguard.server.retention.RetentionPurge;

/**
 * The retention purge deletes what the outbound channels no longer need: events delivered everywhere, with their
 * deliveries and attempts, after plateguard.retention.outbound-events (30 days), and dead letters after
 * outbound-dead-letters (90 days). An event with a delivery still pending or dead stays, however old.
 */
class OutboundRetentionIT extends IntegrationTest {

    @Autowired
    Outbound outbound;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    RetentionPurge purge;

    @Test
    void deliveredEventsAndOldDeadLettersGoWaitingOnesStay() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String type = WebhookDeliveryIT.uniqueType();
            assertThat(client().postJson("/api/v1/webhooks", admin().token(), Map.of("url", receiver.url("/r"),
                    "eventTypes", List.of(type))).status()).isEqualTo(201);
            long delivered = publish(type);
            WebhookDeliveryIT.await("delivered", () -> state(delivered).equals("delivered"));
            receiver.answer(500, 500, 500);
            long dead = publish(type);
            WebhookDeliveryIT.await("dead", () -> state(dead).equals("dead"));
            long recentDelivered = publish(type);
            WebhookDeliveryIT.await("delivered too", () -> state(recentDelivered).equals("delivered"));
            // A dead letter that died today waits for a replay, and keeps its (old) event.
            receiver.answer(500, 500, 500);
            long waiting = publish(type);
            WebhookDeliveryIT.await("dead today", () -> state(waiting).equals("dead"));

            Instant now = Instant.now();
            age(List.of(delivered, dead, waiting), now.minus(Duration.ofDays(40)));
            jdbc.sql("update outbound_delivery set dead_at = ? where event_id = ?")
                    .params(Timestamp.from(now.minus(Duration.ofDays(100))), dead).update();

            RetentionPurge.Finished run = purge.run(now, RetentionPurge.MANUAL, "admin");
            assertThat(run.outcome()).isEqualTo("success");
            assertThat(run.count(RetentionPolicy.OUTBOUND_DEAD_LETTERS, "deadLetters")).isGreaterThanOrEqualTo(1);
            assertThat(run.count(RetentionPolicy.OUTBOUND_EVENTS, "outboundEvents")).isGreaterThanOrEqualTo(2);
            assertThat(exists(delivered)).as("delivered 40 days ago").isFalse();
            assertThat(exists(dead)).as("dead for 100 days, then nothing left waiting").isFalse();
            assertThat(exists(recentDelivered)).as("delivered today").isTrue();
            assertThat(exists(waiting)).as("its dead letter still waits for a replay").isTrue();
            assertThat(jdbc.sql("select count(*) from outbound_attempt a join outbound_delivery d on d.id = a.delivery_id "
                    + "where d.event_id = ?").param(recentDelivered).query(Long.class).single()).isEqualTo(1);
        }
    }

    private long publish(String type) {
        return transactions.execute(s -> outbound.publish(new OutboundEvent(type, "alert:1", Instant.now(), Map.of())));
    }

    private String state(long event) {
        return jdbc.sql("select state from outbound_delivery where event_id = ?").param(event).query(String.class).single();
    }

    private void age(List<Long> events, Instant at) {
        jdbc.sql("update outbound_event set created_at = ? where id = any(?)")
                .params(Timestamp.from(at), events.toArray(Long[]::new)).update();
    }

    private boolean exists(long event) {
        return jdbc.sql("select count(*) from outbound_event where id = ?").param(event).query(Long.class).single() == 1;
    }
}
