package dev.plateguard.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** Retention settings refuse what cannot work at start-up, and periods are counted in the configured calendar. */
class RetentionSettingsTest {

    private static RetentionSettings settings(String cron, Period reads, int batch, Duration maxRunTime) {
        return new RetentionSettings(true, cron, ZoneId.of("Asia/Tashkent"), reads, Period.ofYears(5), Period.ofYears(5),
                batch, Duration.ofMillis(100), maxRunTime, Period.ofDays(30), Period.ofDays(90),
                Period.ofDays(90));
    }

    @Test
    void theDefaultsAreValidAndPeriodsAreCalendarPeriods() {
        RetentionSettings s = settings("0 30 3 * * *", Period.ofDays(30), 1000, Duration.ofHours(4));
        Instant now = Instant.parse("2028-03-01T12:00:00Z");
        assertThat(s.before(now, Period.ofDays(30))).isEqualTo(Instant.parse("2028-01-31T12:00:00Z"));
        // Five calendar years back from 1 March 2028 (a leap year) is 1 March 2023.
        assertThat(s.before(now, Period.ofYears(5))).isEqualTo(Instant.parse("2023-03-01T12:00:00Z"));
    }

    @Test
    void nonsenseIsRefusedAtStartUp() {
        assertThatThrownBy(() -> settings("every night", Period.ofDays(30), 1000, Duration.ofHours(4)))
                .hasMessageContaining("plateguard.retention.cron");
        assertThatThrownBy(() -> settings("0 30 3 * * *", Period.ZERO, 1000, Duration.ofHours(4)))
                .hasMessageContaining("plateguard.retention.unmatched-reads");
        assertThatThrownBy(() -> settings("0 30 3 * * *", Period.ofDays(-1), 1000, Duration.ofHours(4)))
                .hasMessageContaining("plateguard.retention.unmatched-reads");
        assertThatThrownBy(() -> settings("0 30 3 * * *", Period.ofDays(30), 0, Duration.ofHours(4)))
                .hasMessageContaining("plateguard.retention.batch-size");
        assertThatThrownBy(() -> settings("0 30 3 * * *", Period.ofDays(30), 1000, Duration.ZERO))
                .hasMessageContaining("plateguard.retention.max-run-time");
    }
}
