package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import dev.plateguard.server.audit.AuditLog;

/** A loop of failures from one address is a bounded number of audit rows per window, the rest a counted summary. */
class FailureAuditGateTest {

    private final LoginThrottleTest.ManualClock clock = new LoginThrottleTest.ManualClock();
    private final AuditLog audit = mock(AuditLog.class);
    private final AbuseSettings settings = Binder.get(new MockEnvironment()
            .withProperty("plateguard.abuse.failure-audit-window", "10m"))
            .bindOrCreate("plateguard.abuse", AbuseSettings.class);

    @Test
    void theFreeFailuresAreAuditedThenOneSummaryRowPerWindow() {
        FailureAuditGate gate = new FailureAuditGate(audit, settings, 3, clock);
        int full = 0;
        for (int i = 0; i < 1000; i++) {
            if (gate.admit("login", "203.0.113.5")) {
                full++;
            }
        }
        assertThat(full).isEqualTo(3);
        // Another address has its own allowance.
        assertThat(gate.admit("login", "203.0.113.6")).isTrue();
        // Nothing summarised while the window is open.
        gate.flush();
        verify(audit, never()).recordFor(any(), any(), any(), any(), any(), any());
        clock.advance(Duration.ofMinutes(10));
        gate.flush();
        verify(audit, times(1)).recordFor(eq("anonymous"), eq("anonymous"), eq("login"), eq("repeated"),
                eq(AuditLog.Outcome.FAILURE), argThat((Map<String, ?> d) ->
                        Integer.valueOf(997).equals(d.get("count")) && "203.0.113.5".equals(d.get("address"))));
        // The window closed and was written once; a flush again writes nothing more.
        gate.flush();
        verify(audit, times(1)).recordFor(any(), any(), any(), any(), any(), any());
        // A new window starts with its own allowance.
        assertThat(gate.admit("login", "203.0.113.5")).isTrue();
    }

    @Test
    void aFailureInANewWindowWritesThePreviousSummaryAtOnce() {
        FailureAuditGate gate = new FailureAuditGate(audit, settings, 1, clock);
        assertThat(gate.admit("token.authenticate", "198.51.100.1")).isTrue();
        assertThat(gate.admit("token.authenticate", "198.51.100.1")).isFalse();
        assertThat(gate.admit("token.authenticate", "198.51.100.1")).isFalse();
        clock.advance(Duration.ofMinutes(11));
        assertThat(gate.admit("token.authenticate", "198.51.100.1")).isTrue();
        verify(audit).recordFor(eq("anonymous"), eq("anonymous"), eq("token.authenticate"), eq("repeated"),
                eq(AuditLog.Outcome.FAILURE), argThat((Map<String, ?> d) -> Integer.valueOf(2).equals(d.get("count"))));
    }
}
