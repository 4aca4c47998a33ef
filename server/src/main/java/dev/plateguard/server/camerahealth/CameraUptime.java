package dev.plateguard.server.camerahealth;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.identity.Scope;

/**
 * Camera uptime per day for the start page's chart: the share of camera-time, over the active cameras of a scope,
 * not covered by a stale or offline alarm ({@link Condition}). A camera counts from its creation; today counts up
 * to now.
 */
@Component
public class CameraUptime {

    private record Interval(Instant from, Instant to) {
    }

    private final JdbcClient jdbc;

    CameraUptime(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Uptime (0..1) on each day {@code from} to {@code to} (days in {@code zone}), null for a day with no camera. */
    public List<Double> perDay(Scope scope, ZoneId zone, LocalDate from, LocalDate to, Instant now) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        Map<Long, Instant> cameras = new HashMap<>();
        List<Object> params = new ArrayList<>(scope.sqlParams());
        jdbc.sql("select id, created_at from camera where active and " + scope.sitePredicate("site_id"))
                .params(params)
                .query((ResultSet rs) -> {
                    cameras.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
                });
        Map<Long, List<Interval>> down = new HashMap<>();
        jdbc.sql("""
                        select camera_id, raised_at, cleared_at from camera_alarm
                        where condition in ('stale', 'offline') and raised_at < ? and (cleared_at is null or cleared_at > ?)""")
                .params(Timestamp.from(end), Timestamp.from(start))
                .query((ResultSet rs) -> {
                    Timestamp cleared = rs.getTimestamp(3);
                    down.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Interval(
                            rs.getTimestamp(2).toInstant(), cleared == null ? now : cleared.toInstant()));
                });
        List<Double> out = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Instant dayStart = day.atStartOfDay(zone).toInstant();
            Instant dayEnd = min(day.plusDays(1).atStartOfDay(zone).toInstant(), now);
            long total = 0;
            long lost = 0;
            for (Map.Entry<Long, Instant> camera : cameras.entrySet()) {
                Instant counted = max(dayStart, camera.getValue());
                if (!counted.isBefore(dayEnd)) {
                    continue;
                }
                total += ChronoUnit.SECONDS.between(counted, dayEnd);
                for (Interval alarm : merged(down.getOrDefault(camera.getKey(), List.of()))) {
                    Instant a = max(alarm.from(), counted);
                    Instant b = min(alarm.to(), dayEnd);
                    if (a.isBefore(b)) {
                        lost += ChronoUnit.SECONDS.between(a, b);
                    }
                }
            }
            out.add(total == 0 ? null : Math.max(0, 1.0 - (double) lost / total));
        }
        return out;
    }

    /** A camera's alarm intervals with overlaps joined (a stale alarm may still be open when offline is raised). */
    private static List<Interval> merged(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(java.util.Comparator.comparing(Interval::from));
        List<Interval> out = new ArrayList<>();
        for (Interval next : sorted) {
            if (!out.isEmpty() && !next.from().isAfter(out.getLast().to())) {
                Interval last = out.removeLast();
                out.add(new Interval(last.from(), max(last.to(), next.to())));
            } else {
                out.add(next);
            }
        }
        return out;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
