package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import dev.plateguard.server.PlateGuardProperties;

/** Growing delays behind failed sign-ins, per account and per address; the bearer and verification counters. */
class LoginThrottleTest {

    /** A clock that tests move by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();

    private LoginThrottle throttle(int perAccount, int perIp) {
        MockEnvironment env = new MockEnvironment()
                .withProperty("plateguard.auth.max-failures-per-account", String.valueOf(perAccount))
                .withProperty("plateguard.auth.max-failures-per-ip", String.valueOf(perIp))
                .withProperty("plateguard.abuse.login-delay-base", "1s")
                .withProperty("plateguard.abuse.login-delay-max", "60s");
        return new LoginThrottle(Binder.get(env).bindOrCreate("plateguard", PlateGuardProperties.class),
                Binder.get(env).bindOrCreate("plateguard.abuse", AbuseSettings.class), clock);
    }

    @Test
    void freeFailuresThenDelaysThatDoubleUpToTheCap() {
        LoginThrottle throttle = throttle(5, 1000);
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("alice", "10.0.0." + i);
            assertThat(throttle.waitFor("alice", "10.0.0.99")).as("after %d failures", i + 1).isEmpty();
        }
        long[] expected = {1, 2, 4, 8, 16, 32, 60, 60, 60};
        for (long seconds : expected) {
            throttle.recordFailure("alice", "10.0.0.4");
            // From any address: the delay belongs to the account.
            assertThat(throttle.waitFor("alice", "10.0.0.99")).hasValue(Duration.ofSeconds(seconds));
            assertThat(throttle.waitFor("bob", "10.0.0.99")).isEmpty();
            clock.advance(Duration.ofSeconds(seconds));
            assertThat(throttle.waitFor("alice", "10.0.0.99")).as("after the delay").isEmpty();
        }
    }

    @Test
    void attemptsDuringTheDelayDoNotExtendIt() {
        LoginThrottle throttle = throttle(2, 1000);
        throttle.recordFailure("alice", "192.0.2.1");
        throttle.recordFailure("alice", "192.0.2.1");
        assertThat(throttle.waitFor("alice", "192.0.2.1")).hasValue(Duration.ofSeconds(1));
        // Refused attempts are not failures: nothing is recorded for them, so polling changes nothing.
        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofMillis(10));
            assertThat(throttle.waitFor("alice", "192.0.2.1")).isPresent();
        }
        clock.advance(Duration.ofMillis(500));
        assertThat(throttle.waitFor("alice", "192.0.2.1")).isEmpty();
        // The right password then resets the account (not the address).
        throttle.recordSuccess("alice");
        throttle.recordFailure("alice", "192.0.2.1");
        assertThat(throttle.waitFor("alice", "192.0.2.9")).isEmpty();
    }

    @Test
    void addressDelaysEveryAccountFromIt() {
        LoginThrottle throttle = throttle(100, 3);
        throttle.recordFailure("a", "192.0.2.1");
        throttle.recordFailure("b", "192.0.2.1");
        assertThat(throttle.waitFor("zed", "192.0.2.1")).isEmpty();
        throttle.recordFailure("c", "192.0.2.1");
        assertThat(throttle.waitFor("zed", "192.0.2.1")).hasValue(Duration.ofSeconds(1));
        assertThat(throttle.waitFor(null, "192.0.2.1")).isPresent();
        assertThat(throttle.waitFor("zed", "192.0.2.2")).isEmpty();
        throttle.recordIpFailure("192.0.2.1");
        assertThat(throttle.waitFor("zed", "192.0.2.1")).hasValue(Duration.ofSeconds(2));
    }

    @Test
    void delaysAreCappedAndFreeFailuresCostNothing() {
        LoginThrottle throttle = throttle(1, 1000);
        throttle.recordFailure("alice", "192.0.2.1");
        throttle.recordFailure("alice", "192.0.2.1");
        assertThat(throttle.waitFor("alice", "192.0.2.1")).hasValue(Duration.ofSeconds(2));
        assertThat(throttle.delayAfter(40, 5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(throttle.delayAfter(4, 5)).isZero();
    }

    @Test
    void failedNoticeVerificationsNeverDelayStaff() {
        LoginThrottle throttle = throttle(5, 30);
        for (int i = 0; i < 30; i++) {
            assertThat(throttle.isVerificationBlocked("198.51.100.7")).as("verification %d", i).isFalse();
            throttle.recordVerificationFailure("198.51.100.7");
        }
        assertThat(throttle.isVerificationBlocked("198.51.100.7")).isTrue();
        assertThat(throttle.isVerificationBlocked("198.51.100.8")).isFalse();
        // Staff behind the same address still sign in.
        assertThat(throttle.waitFor("operator", "198.51.100.7")).isEmpty();
        // And failed logins do not block verification.
        for (int i = 0; i < 30; i++) {
            throttle.recordFailure("user" + i, "198.51.100.9");
        }
        assertThat(throttle.waitFor("someone", "198.51.100.9")).isPresent();
        assertThat(throttle.isVerificationBlocked("198.51.100.9")).isFalse();
    }

    @Test
    void nullsAreIgnored() {
        LoginThrottle throttle = throttle(1, 1);
        throttle.recordFailure(null, null);
        throttle.recordBearerFailure(null);
        assertThat(throttle.waitFor(null, null)).isEmpty();
        assertThat(throttle.isBearerBlocked(null)).isFalse();
    }

    @Test
    void bearerFailuresAreCountedApartFromLogins() {
        LoginThrottle throttle = throttle(5, 2);
        throttle.recordBearerFailure("192.0.2.1");
        throttle.recordBearerFailure("192.0.2.1");
        assertThat(throttle.isBearerBlocked("192.0.2.1")).isTrue();
        assertThat(throttle.waitFor("alice", "192.0.2.1")).isEmpty();
        throttle.recordFailure("alice", "192.0.2.1");
        throttle.recordFailure("alice", "192.0.2.1");
        assertThat(throttle.waitFor("bob", "192.0.2.1")).isPresent();
    }

    @Test
    void retryAfterSecondsRoundUp() {
        assertThat(LoginThrottle.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(LoginThrottle.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(LoginThrottle.retryAfterSeconds(Duration.ofSeconds(60))).isEqualTo(60);
        assertThat(throttle(5, 30).retryAfter()).hasMinutes(15);
    }
}
