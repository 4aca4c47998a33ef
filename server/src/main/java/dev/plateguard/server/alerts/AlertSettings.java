package dev.plateguard.server.alerts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Real-time alerts ({@code plateguard.alerts.*}, docs/alerts.md).
 *
 * @param enabled           match reads against the hotlists (PLATEGUARD_ALERTS_ENABLED). Off, reads keep their
 *                          matching jobs and are matched once it is switched on again
 * @param pollInterval      how often the matcher looks for work besides being woken by ingest and recognition on this
 *                          node: the longest wait for reads stored by another node or left by a restart
 * @param batchSize         reads matched per transaction
 * @param gather            after a round that matched reads, the matcher waits this long before the next, so that
 *                          under load one transaction takes the reads of several requests (an idle matcher starts at
 *                          once)
 * @param groupWindow       repeats of one plate at one site for one list within this time (capture times) add to the
 *                          open alert, with a count, instead of raising another
 * @param streamPoll        how often the live streams look for alerts raised or changed on another node (those of this
 *                          node are pushed at once)
 * @param streamTimeout     a live stream is closed after this long and the browser reconnects (EventSource does so by
 *                          itself, resuming with Last-Event-ID): each connection checks the person's session or token
 *                          anew
 * @param streamHeartbeat   pause between keep-alive comments on an idle stream
 * @param streamsPerUser    live streams one person may hold open at once on one node (more: 429)
 */
@ConfigurationProperties("plateguard.alerts")
public record AlertSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("20ms") Duration gather,
        @DefaultValue("5m") Duration groupWindow,
        @DefaultValue("250ms") Duration streamPoll,
        @DefaultValue("10m") Duration streamTimeout,
        @DefaultValue("15s") Duration streamHeartbeat,
        @DefaultValue("8") int streamsPerUser) {

    public AlertSettings {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("plateguard.alerts.batch-size must be 1-10000");
        }
        if (streamsPerUser < 1) {
            throw new IllegalArgumentException("plateguard.alerts.streams-per-user must be at least 1");
        }
        for (Duration d : new Duration[] {pollInterval, streamPoll, streamTimeout, streamHeartbeat}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("plateguard.alerts durations must be positive");
            }
        }
        if (groupWindow.isNegative() || gather.isNegative()) {
            throw new IllegalArgumentException("plateguard.alerts.group-window and gather must not be negative");
        }
    }
}
