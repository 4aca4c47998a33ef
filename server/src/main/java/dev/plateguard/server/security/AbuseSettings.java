package dev.plateguard.server.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Abuse resistance ({@code plateguard.abuse.*}): sign-in delays, audit of repeated failures, trusted proxies and
 * request rate limits. Failures before delays begin are {@code plateguard.auth.max-failures-per-account} and
 * {@code -per-ip}.
 *
 * @param loginDelayBase      wait imposed after the free failures are used up; doubles with every further failure
 * @param loginDelayMax       the longest wait; short enough that an attacker cannot keep an account closed for long
 * @param failureAuditWindow  repeated failures from one address are audited once, then as one summary row with
 *                            the count per window, so a loop cannot fill the (undeletable) audit
 * @param trustedProxies      addresses or CIDR blocks of reverse proxies whose X-Forwarded-For and -Proto are
 *                            believed (PLATEGUARD_ABUSE_TRUSTED_PROXIES); empty: forwarded headers are ignored
 * @param userRequestsPerMinute   API requests per minute per signed-in user (bearer token)
 * @param deviceRequestsPerMinute API requests per minute per camera key; generous, ingest runs at camera speed
 * @param addressRequestsPerMinute API requests per minute per client address without a valid credential
 */
@ConfigurationProperties("plateguard.abuse")
public record AbuseSettings(
        @DefaultValue("1s") Duration loginDelayBase,
        @DefaultValue("1m") Duration loginDelayMax,
        @DefaultValue("10m") Duration failureAuditWindow,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("6000") long userRequestsPerMinute,
        @DefaultValue("600000") long deviceRequestsPerMinute,
        @DefaultValue("3000") long addressRequestsPerMinute) {

    public AbuseSettings {
        if (loginDelayBase.isNegative() || loginDelayBase.isZero() || loginDelayMax.compareTo(loginDelayBase) < 0) {
            throw new IllegalArgumentException("plateguard.abuse.login-delay-base must be positive and at most login-delay-max");
        }
        if (userRequestsPerMinute < 1 || deviceRequestsPerMinute < 1 || addressRequestsPerMinute < 1) {
            throw new IllegalArgumentException("plateguard.abuse.*-requests-per-minute must be positive");
        }
        trustedProxies = trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
