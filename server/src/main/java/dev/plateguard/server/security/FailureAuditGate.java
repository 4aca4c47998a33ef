package dev.plateguard.server.security;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.audit.AuditLog;

/**
 * Keeps a loop of failed sign-ins or bad tokens from filling the audit, whose rows can never be deleted: per
 * client address and action, the free failures of a time window ({@code plateguard.auth.max-failures-per-ip}, the
 * ones that are not yet delayed) are audited in full; the rest of the window are only counted, and one summary row
 * with the count is written when the window closes.
 */
@Component
public class FailureAuditGate {

    /** Beyond this many tracked addresses, new ones share one bucket, so a spray of addresses cannot grow memory. */
    static final int MAX_TRACKED = 50_000;
    static final String OVERFLOW = "*";

    private static final class Window {
        final Instant start;
        int audited;
        int suppressed;

        Window(Instant start) {
            this.start = start;
        }
    }

    private record Summary(String action, String address, int count, Instant since) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AuditLog audit;
    private final AbuseSettings settings;
    private final int fullPerWindow;
    private final Clock clock;

    @Autowired
    FailureAuditGate(AuditLog audit, AbuseSettings settings, PlateGuardProperties properties) {
        this(audit, settings, properties.auth().maxFailuresPerIp(), Clock.systemUTC());
    }

    FailureAuditGate(AuditLog audit, AbuseSettings settings, int fullPerWindow, Clock clock) {
        this.audit = audit;
        this.settings = settings;
        this.fullPerWindow = Math.max(1, fullPerWindow);
        this.clock = clock;
    }

    /**
     * Whether this failure from {@code address} should be audited in full now. When not, it has been counted for
     * the window's summary row.
     */
    public boolean admit(String action, String address) {
        String ip = address == null ? "unknown" : address;
        String key = windows.size() >= MAX_TRACKED && !windows.containsKey(action + " " + ip) ? action + " " + OVERFLOW
                : action + " " + ip;
        Instant now = clock.instant();
        Summary[] closed = new Summary[1];
        boolean[] full = new boolean[1];
        windows.compute(key, (k, w) -> {
            if (w == null || !now.isBefore(w.start.plus(settings.failureAuditWindow()))) {
                if (w != null && w.suppressed > 0) {
                    closed[0] = new Summary(action, k.substring(k.indexOf(' ') + 1), w.suppressed, w.start);
                }
                w = new Window(now);
            }
            if (w.audited < fullPerWindow) {
                w.audited++;
                full[0] = true;
            } else {
                w.suppressed++;
            }
            return w;
        });
        if (closed[0] != null) {
            write(closed[0]);
        }
        return full[0];
    }

    /** Writes the summaries of windows that have closed. */
    @Scheduled(fixedDelayString = "${plateguard.abuse.failure-audit-flush:60s}")
    void flush() {
        Instant now = clock.instant();
        for (String key : windows.keySet()) {
            Summary[] closed = new Summary[1];
            windows.computeIfPresent(key, (k, w) -> {
                if (now.isBefore(w.start.plus(settings.failureAuditWindow()))) {
                    return w;
                }
                if (w.suppressed > 0) {
                    int space = k.indexOf(' ');
                    closed[0] = new Summary(k.substring(0, space), k.substring(space + 1), w.suppressed, w.start);
                }
                return null;
            });
            if (closed[0] != null) {
                write(closed[0]);
            }
        }
    }

    private void write(Summary s) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", "repeated failures");
        details.put("address", s.address());
        details.put("count", s.count());
        details.put("since", s.since().toString());
        audit.recordFor("anonymous", "anonymous", s.action(), "repeated", AuditLog.Outcome.FAILURE, details);
    }
}
