package dev.plateguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FaultTallyTest {

    private final FaultTally tally = new FaultTally();

    @Test
    void everyAcknowledgedReadStoredOnceIsNeitherLostNorDoubled() {
        send("a", 1, "b", 2, "c", 3);
        tally.acknowledged(key("a"), 1); // a retry answered with the same id is the same read
        FaultTally.Outcome o = tally.reconcile(List.of(key("a"), key("b"), key("c")), Set.of());
        assertThat(o).isEqualTo(new FaultTally.Outcome(3, 3, 3, 0, 0, 0));
    }

    @Test
    void anAcknowledgedReadMissingOrWithoutItsEvidenceIsLost() {
        send("a", 1, "b", 2, "c", 3);
        FaultTally.Outcome o = tally.reconcile(List.of(key("a"), key("b")), Set.of(key("b")));
        assertThat(o.lost()).isEqualTo(2);
        assertThat(o.stored()).isEqualTo(2);
    }

    @Test
    void aReadStoredTwiceOrAnsweredWithTwoIdsIsDoubledOnce() {
        send("a", 1, "b", 2);
        tally.acknowledged(key("b"), 7); // a retry got another read's id: the server stored it again
        FaultTally.Outcome o = tally.reconcile(List.of(key("a"), key("a"), key("b"), key("b")), Set.of());
        assertThat(o.duplicated()).isEqualTo(2);
        assertThat(o.lost()).isZero();
    }

    @Test
    void aSentButUnacknowledgedReadIsNotLostWhetherStoredOrNot() {
        tally.sent(key("a"));
        tally.sent(key("b"));
        tally.acknowledged(key("a"), 1);
        FaultTally.Outcome o = tally.reconcile(List.of(key("a"), key("b")), Set.of());
        assertThat(o).isEqualTo(new FaultTally.Outcome(2, 1, 2, 0, 0, 1));
    }

    private static String key(String eventId) {
        return FaultTally.key(1, eventId);
    }

    private void send(Object... eventIdsAndIds) {
        for (int i = 0; i < eventIdsAndIds.length; i += 2) {
            String key = key((String) eventIdsAndIds[i]);
            tally.sent(key);
            tally.acknowledged(key, ((Integer) eventIdsAndIds[i + 1]).longValue());
        }
    }
}
