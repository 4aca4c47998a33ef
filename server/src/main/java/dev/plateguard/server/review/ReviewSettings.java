package dev.plateguard.server.review;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Review workflow settings ({@code plateguard.review.*}).
 *
 * @param enabled         run the scheduled jobs (queueing detected violations, expiring overdue ones)
 * @param interval        pause between scheduled runs
 * @param lockTimeout     how long a claim holds an item for one operator; an older claim can be taken over
 * @param qcSampleRate    share of decisions (0-1) sampled for quality control, by a hash of the violation id
 * @param qcSeed          mixed into that hash: the sample is deterministic for a given seed. Empty (the default):
 *                        a random seed made once per installation and kept in the database, so nobody can
 *                        predict the sample from published defaults
 * @param qcRejectReasons rejections with these reason codes always go to quality control
 */
@ConfigurationProperties("plateguard.review")
public record ReviewSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration interval,
        @DefaultValue("5m") Duration lockTimeout,
        @DefaultValue("0.05") double qcSampleRate,
        @DefaultValue("") String qcSeed,
        @DefaultValue({"OTHER", "MEASUREMENT_DOUBT", "EMERGENCY_VEHICLE"}) Set<RejectReason> qcRejectReasons) {

    public ReviewSettings {
        if (qcSampleRate < 0 || qcSampleRate > 1) {
            throw new IllegalArgumentException("plateguard.review.qc-sample-rate must be between 0 and 1");
        }
        if (lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("plateguard.review.lock-timeout must be positive");
        }
        qcRejectReasons = Set.copyOf(qcRejectReasons);
    }
}
