package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import dev.plateguard.server.PlateGuardProperties;

/** The counters behind login throttling, per account and per address. */
class LoginThrottleTest {

    private static LoginThrottle throttle(int perAccount, int perIp) {
        MockEnvironment env = new MockEnvironment()
                .withProperty("plateguard.auth.max-failures-per-account", String.valueOf(perAccount))
                .withProperty("plateguard.auth.max-failures-per-ip", String.valueOf(perIp));
        return new LoginThrottle(Binder.get(env).bindOrCreate("plateguard", PlateGuardProperties.class));
    }

    @Test
    void accountIsBlockedAtTheLimitFromAnyAddress() {
        LoginThrottle throttle = throttle(5, 100);
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("alice", "10.0.0." + i);
            assertThat(throttle.isBlocked("alice", "10.0.0.99")).isFalse();
        }
        throttle.recordFailure("alice", "10.0.0.4");
        assertThat(throttle.isBlocked("alice", "10.0.0.99")).as("spread over addresses").isTrue();
        assertThat(throttle.isBlocked("bob", "10.0.0.99")).isFalse();
    }

    @Test
    void failedNoticeVerificationsNeverLockStaffOut() {
        LoginThrottle throttle = throttle(5, 30);
        for (int i = 0; i < 30; i++) {
            assertThat(throttle.isVerificationBlocked("198.51.100.7")).as("verification %d", i).isFalse();
            throttle.recordVerificationFailure("198.51.100.7");
        }
        assertThat(throttle.isVerificationBlocked("198.51.100.7")).isTrue();
        assertThat(throttle.isVerificationBlocked("198.51.100.8")).isFalse();
        // Staff behind the same address still sign in.
        assertThat(throttle.isBlocked("operator", "198.51.100.7")).isFalse();
        // And failed logins do not block verification.
        for (int i = 0; i < 30; i++) {
            throttle.recordFailure("user" + i, "198.51.100.9");
        }
        assertThat(throttle.isBlocked("someone", "198.51.100.9")).isTrue();
        assertThat(throttle.isVerificationBlocked("198.51.100.9")).isFalse();
    }

    @Test
    void addressIsBlockedAtTheLimitForEveryAccount() {
        LoginThrottle throttle = throttle(100, 3);
        throttle.recordFailure("a", "192.0.2.1");
        throttle.recordFailure("b", "192.0.2.1");
        assertThat(throttle.isBlocked("zed", "192.0.2.1")).isFalse();
        throttle.recordFailure("c", "192.0.2.1");
        assertThat(throttle.isBlocked("zed", "192.0.2.1")).isTrue();
        assertThat(throttle.isBlocked(null, "192.0.2.1")).isTrue();
        assertThat(throttle.isBlocked("zed", "192.0.2.2")).isFalse();
    }

    @Test
    void successResetsTheAccountButNotTheAddress() {
        LoginThrottle throttle = throttle(2, 3);
        throttle.recordFailure("alice", "192.0.2.1");
        throttle.recordSuccess("alice");
        throttle.recordFailure("alice", "192.0.2.1");
        assertThat(throttle.isBlocked("alice", "192.0.2.9")).isFalse();
        throttle.recordFailure("alice", "192.0.2.1");
        assertThat(throttle.isBlocked("alice", "192.0.2.9")).isTrue();
        assertThat(throttle.isBlocked(null, "192.0.2.1")).isTrue();
    }

    @Test
    void nullsAreIgnored() {
        LoginThrottle throttle = throttle(1, 1);
        throttle.recordFailure(null, null);
        throttle.recordBearerFailure(null);
        assertThat(throttle.isBlocked(null, null)).isFalse();
        assertThat(throttle.isBearerBlocked(null)).isFalse();
    }

    @Test
    void bearerFailuresAreCountedApartFromLogins() {
        LoginThrottle throttle = throttle(5, 2);
        throttle.recordBearerFailure("192.0.2.1");
        throttle.recordBearerFailure("192.0.2.1");
        assertThat(throttle.isBearerBlocked("192.0.2.1")).isTrue();
        assertThat(throttle.isBlocked("alice", "192.0.2.1")).isFalse();
        throttle.recordFailure("alice", "192.0.2.1");
        throttle.recordFailure("alice", "192.0.2.1");
        assertThat(throttle.isBlocked("bob", "192.0.2.1")).isTrue();
    }

    @Test
    void retryAfterIsTheWindow() {
        assertThat(throttle(5, 30).retryAfter()).hasMinutes(15);
    }
}
