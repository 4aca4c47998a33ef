package dev.plateguard.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.IntegrationTest;

/** The outbox: an event exists exactly when the transaction that reported it commits. */
class OutboundIT extends IntegrationTest {

    @Autowired
    Outbound outbound;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void anEventIsStoredWithItsTransactionAndGoneWithItsRollback() {
        String subject = "test:" + System.nanoTime();
        long id = transactions.execute(status -> outbound.publish(new OutboundEvent("test.committed", subject,
                Instant.parse("2026-12-07T10:00:00Z"), Map.of("plate", "01A123BC", "n", 3))));
        assertThat(jdbc.sql("select payload ->> 'plate' from outbound_event where id = ? and subject = ?")
                .params(id, subject).query(String.class).single()).isEqualTo("01A123BC");

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            outbound.publish(new OutboundEvent("test.rolled-back", subject, Instant.now(), Map.of()));
            throw new IllegalStateException("the reported change failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(jdbc.sql("select count(*) from outbound_event where subject = ? and type = 'test.rolled-back'")
                .param(subject).query(Long.class).single()).isZero();
    }

    @Test
    void aMalformedEventIsRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> new OutboundEvent("Alert Raised", "alert:1", Instant.now(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboundEvent("alert.raised", "", Instant.now(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
