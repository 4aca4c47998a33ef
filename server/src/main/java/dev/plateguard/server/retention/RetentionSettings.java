package dev.plateguard.server.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

/**
 * Retention by data class ({@code plateguard.retention.*}; docs/retention.md).
 *
 * @param enabled          run the purge on its schedule (PLATEGUARD_RETENTION_ENABLED); an ADMIN can still run it
 *                         on demand
 * @param cron             when the daily purge runs: a Spring cron expression (second minute hour day month weekday)
 *                         in plateguard.retention.zone; default 03:30 every day (PLATEGUARD_RETENTION_CRON)
 * @param zone             time zone of the schedule, and of the calendar the periods are counted in
 * @param unmatchedReads   how long a read that rests no violation is kept, with its evidence and recognition
 *                         records, counted from its capture or its receipt, whichever is later
 *                         (PLATEGUARD_RETENTION_UNMATCHED_READS)
 * @param closedViolations how long a violation is kept after its case closed (final state: rejected, expired or
 *                         closed), with its history, review records, notice, and the reads and evidence behind it
 *                         (PLATEGUARD_RETENTION_CLOSED_VIOLATIONS)
 * @param audit            how long audit entries are kept (oldest whole segments of the chain go first; the
 *                         database never deletes entries younger than its own floor of 365 days), and lifted legal
 *                         holds after they were lifted (PLATEGUARD_RETENTION_AUDIT)
 * @param batchSize        reads or violations deleted per transaction (audit entries: per segment), so that ingest
 *                         never waits long behind the purge
 * @param batchPause       pause between two batches
 * @param maxRunTime       a purge stops after this long (between batches) and the next one carries on
 * @param outboundEvents   how long an outbound event (alert, camera-health alarm) delivered on every channel is
 *                         kept, with its deliveries and their attempts, counted from when it was stored
 *                         (PLATEGUARD_RETENTION_OUTBOUND_EVENTS)
 * @param outboundDeadLetters how long a delivery that became a dead letter is kept for replay, with its attempts,
 *                         counted from when it died (PLATEGUARD_RETENTION_OUTBOUND_DEAD_LETTERS)
 * @param alerts           how long a hotlist alert is kept (plate, place, time, who acknowledged it), counted from
 *                         its last read; an alert whose read or plate is under a legal hold stays
 *                         (PLATEGUARD_RETENTION_ALERTS)
 */
@ConfigurationProperties("plateguard.retention")
public record RetentionSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0 30 3 * * *") String cron,
        @DefaultValue("Asia/Tashkent") ZoneId zone,
        @DefaultValue("30d") Period unmatchedReads,
        @DefaultValue("5y") Period closedViolations,
        @DefaultValue("5y") Period audit,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("100ms") Duration batchPause,
        @DefaultValue("4h") Duration maxRunTime,
        @DefaultValue("30d") Period outboundEvents,
        @DefaultValue("90d") Period outboundDeadLetters,
        @DefaultValue("90d") Period alerts) {

    public RetentionSettings {
        if (!CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException("plateguard.retention.cron is not a valid cron expression: " + cron);
        }
        positive("unmatched-reads", unmatchedReads);
        positive("closed-violations", closedViolations);
        positive("audit", audit);
        positive("outbound-events", outboundEvents);
        positive("outbound-dead-letters", outboundDeadLetters);
        positive("alerts", alerts);
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("plateguard.retention.batch-size must be between 1 and 100000");
        }
        if (batchPause.isNegative()) {
            throw new IllegalArgumentException("plateguard.retention.batch-pause must not be negative");
        }
        if (maxRunTime.isNegative() || maxRunTime.isZero()) {
            throw new IllegalArgumentException("plateguard.retention.max-run-time must be positive");
        }
    }

    private static void positive(String key, Period period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("plateguard.retention." + key + " must be a positive period, e.g. 30d or 5y");
        }
    }

    /** {@code now} minus {@code period}, counted in the calendar of {@link #zone}. */
    Instant before(Instant now, Period period) {
        return now.atZone(zone).minus(period).toInstant();
    }
}
