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

    @Test
    void aClaimHoldsNoMoreThanTheWorkersCanFinishWithinTheLease() {
        // Every receiver timing out takes 5 s + 10 s; two workers finish 16 such deliveries within 2 minutes.
        assertThat(DeliveryWorker.batchSize(settings(50, 2, Duration.ofMinutes(2)))).isEqualTo(16);
        assertThat(DeliveryWorker.batchSize(settings(10, 2, Duration.ofMinutes(2)))).isEqualTo(10);
        assertThat(DeliveryWorker.batchSize(settings(50, 1, Duration.ofSeconds(5)))).isEqualTo(1);
    }

    private static OutboundSettings settings(int batchSize, int threads, Duration lease) {
        return new OutboundSettings(10, INITIAL, MAX, 0.2, Duration.ofSeconds(10), lease, batchSize, threads,
                new OutboundSettings.Webhooks(Duration.ofSeconds(5), Duration.ofSeconds(10), false),
                new OutboundSettings.Mqtt(false, "tcp://127.0.0.1:1883", "", "", "", "", "plateguard",
                        Duration.ofSeconds(10), false));
    }
}
