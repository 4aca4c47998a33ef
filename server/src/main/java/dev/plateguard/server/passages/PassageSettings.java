package dev.plateguard.server.passages;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Grouping reads into passages ({@code plateguard.passages.*}, docs/passages.md).
 *
 * @param enabled   group queued reads (off: reads stay queued and are grouped once it is switched on again)
 * @param window    the longest gap between two capture times (camera clocks, UTC) of reads of one plate at one
 *                  site that still puts them in one passage; a chain of reads each within it of the next is one
 *                  passage (1s-5m)
 * @param interval  how often the grouping queue is drained
 * @param batchSize reads grouped per transaction (1-5000)
 */
@ConfigurationProperties("plateguard.passages")
public record PassageSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10s") Duration window,
        @DefaultValue("500ms") Duration interval,
        @DefaultValue("500") int batchSize) {

    public PassageSettings {
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("plateguard.passages.window must be between 1s and 5m");
        }
        if (batchSize < 1 || batchSize > 5000) {
            throw new IllegalArgumentException("plateguard.passages.batch-size must be 1-5000");
        }
    }
}
