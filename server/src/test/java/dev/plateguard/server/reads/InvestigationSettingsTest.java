package dev.plateguard.server.reads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The settings refuse what would break investigations at run time: a bad pattern, an example it refuses, zero limits. */
class InvestigationSettingsTest {

    private static InvestigationSettings with(String format, String example, Duration reach, int queriesPerHour) {
        return new InvestigationSettings(format, example, reach, Duration.ofHours(24), Duration.ofDays(31),
                Duration.ofDays(366), Duration.ofDays(30), queriesPerHour, 300, 5000, 20000);
    }

    @Test
    void defaultsAreValidAndTheExampleMatches() {
        var settings = with("[A-Z]{2,6}-[0-9]{4}-[0-9]{1,8}", "CR-2026-000123", Duration.ofDays(90), 60);
        assertThat(settings.casePattern().matcher("CR-2026-000123").matches()).isTrue();
        assertThat(settings.casePattern().matcher("cr-2026-1").matches()).isFalse();
    }

    @Test
    void refusesBadSettingsAtStart() {
        assertThatThrownBy(() -> with("[A-Z", "X", Duration.ofDays(90), 60)).hasMessageContaining("case-format");
        assertThatThrownBy(() -> with("[0-9]+", "CR-1", Duration.ofDays(90), 60)).hasMessageContaining("case-example");
        assertThatThrownBy(() -> with("[0-9]+", "1", Duration.ZERO, 60)).hasMessageContaining("positive");
        assertThatThrownBy(() -> with("[0-9]+", "1", Duration.ofDays(90), 0)).hasMessageContaining("at least 1");
    }
}
