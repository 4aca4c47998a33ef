package dev.plateguard.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The wait between attempts: doubling from the first, capped, spread by the jitter around its value. */
class DeliveryWorkerTest {

    private static final Duration INITIAL = Duration.ofSeconds(10);
    private static final Duration MAX = Duration.ofHours(1);

    @Test
    void backoffDoublesUpToItsCap() {
        assertThat(DeliveryWorker.backoff(1, INITIAL, MAX, 0, 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(DeliveryWorker.backoff(2, INITIAL, MAX, 0, 0.5)).isEqualTo(Duration.ofSeconds(20));
        assertThat(DeliveryWorker.backoff(5, INITIAL, MAX, 0, 0.5)).isEqualTo(Duration.ofSeconds(160));
        assertThat(DeliveryWorker.backoff(12, INITIAL, MAX, 0, 0.5)).isEqualTo(MAX);
        assertThat(DeliveryWorker.backoff(1000, INITIAL, MAX, 0, 0.5)).isEqualTo(MAX);
    }

    @Test
    void jitterSpreadsEachWaitAroundItsValueAndNeverPastTheCap() {
        assertThat(DeliveryWorker.backoff(2, INITIAL, MAX, 0.2, 0.0)).isEqualTo(Duration.ofSeconds(16));
        assertThat(DeliveryWorker.backoff(2, INITIAL, MAX, 0.2, 0.999999)).isBetween(Duration.ofMillis(23_999),
                Duration.ofSeconds(24));
        assertThat(DeliveryWorker.backoff(20, INITIAL, MAX, 0.2, 0.999999)).isEqualTo(MAX);
        assertThat(DeliveryWorker.backoff(20, INITIAL, MAX, 0.2, 0.0)).isEqualTo(Duration.ofMinutes(48));
    }
}
