package dev.plateguard.server.users;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signed-in browser sessions ({@code plateguard.sessions.*}); docs/security.md, "Sessions".
 *
 * @param idleTimeout     a signed-in browser session ends after this long without a request (the servlet session's
 *                        timeout once signed in, and checked against the session's last-seen time)
 * @param absoluteTimeout a signed-in browser session ends this long after its sign-in, however active it is
 * @param keepEnded       how long the record of an ended session (who, when, from where, why it ended) is kept for
 *                        its owner and the admins before it is deleted
 */
@ConfigurationProperties("plateguard.sessions")
public record SessionSettings(
        @DefaultValue("30m") Duration idleTimeout,
        @DefaultValue("12h") Duration absoluteTimeout,
        @DefaultValue("30d") Duration keepEnded) {

    public SessionSettings {
        if (idleTimeout.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("plateguard.sessions.idle-timeout must be at least 1m");
        }
        if (absoluteTimeout.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("plateguard.sessions.absolute-timeout must not be shorter than the idle timeout");
        }
        if (keepEnded.isNegative() || keepEnded.isZero()) {
            throw new IllegalArgumentException("plateguard.sessions.keep-ended must be positive");
        }
    }
}
