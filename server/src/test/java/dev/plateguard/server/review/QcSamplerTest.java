package dev.plateguard.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class QcSamplerTest {

    @Test
    void theSampleIsDeterministicAndCloseToTheRate() {
        long sampled = LongStream.rangeClosed(1, 20_000).filter(id -> QcSampler.sampled(id, "seed", 0.05)).count();
        assertThat(sampled).isBetween(800L, 1200L);
        for (long id = 1; id <= 500; id++) {
            assertThat(QcSampler.sampled(id, "seed", 0.05)).isEqualTo(QcSampler.sampled(id, "seed", 0.05));
        }
    }

    @Test
    void theSeedChangesWhichDecisionsAreSampled() {
        long differ = LongStream.rangeClosed(1, 2_000)
                .filter(id -> QcSampler.sampled(id, "a", 0.5) != QcSampler.sampled(id, "b", 0.5)).count();
        assertThat(differ).isGreaterThan(500);
    }

    @Test
    void zeroSamplesNothingAndOneSamplesEverything() {
        assertThat(LongStream.rangeClosed(1, 1000).noneMatch(id -> QcSampler.sampled(id, "s", 0))).isTrue();
        assertThat(LongStream.rangeClosed(1, 1000).allMatch(id -> QcSampler.sampled(id, "s", 1))).isTrue();
        // a larger rate samples a superset
        assertThat(LongStream.rangeClosed(1, 1000).filter(id -> QcSampler.sampled(id, "s", 0.05))
                .allMatch(id -> QcSampler.sampled(id, "s", 0.2))).isTrue();
    }
}
