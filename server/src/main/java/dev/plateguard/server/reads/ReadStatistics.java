package dev.plateguard.server.reads;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.plateguard.server.identity.Scope;

/**
 * Counts over reads, for camera-health alarms and the start page's charts: no plates, no ids, nothing personal.
 * Each query walks an index of {@code plate_read} over a bounded range.
 */
@Repository
public class ReadStatistics {

    /**
     * How promptly a camera's latest reads arrived: {@code maxSkewMs} is the largest capture time minus receipt
     * time among them (milliseconds). Transit only makes it smaller, so a positive value means the camera's clock
     * runs ahead of the server's by at least that much, and a large negative one that it runs behind (or that even
     * its most prompt reads came late).
     */
    public record Promptness(int reads, long maxSkewMs) {
    }

    private final JdbcClient jdbc;

    ReadStatistics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Reads per camera captured in {@code [from, to)}; cameras without reads are absent. */
    public Map<Long, Integer> countsByCamera(Instant from, Instant to) {
        Map<Long, Integer> out = new HashMap<>();
        jdbc.sql("select camera_id, count(*) from plate_read where captured_at >= ? and captured_at < ? group by camera_id")
                .params(Timestamp.from(from), Timestamp.from(to))
                .query((ResultSet rs) -> {
                    out.put(rs.getLong(1), rs.getInt(2));
                });
        return out;
    }

    /**
     * One camera's reads per hour of capture in {@code [from, to)}: start of the hour (UTC) → reads; hours without
     * reads are absent. Counted live, so the current hour shows too (camera-health tallies only settled hours).
     */
    public Map<Instant, Integer> hourlyCounts(long cameraId, Instant from, Instant to) {
        Map<Instant, Integer> out = new HashMap<>();
        jdbc.sql("""
                        select floor(extract(epoch from captured_at) / 3600)::bigint, count(*) from plate_read
                        where camera_id = ? and captured_at >= ? and captured_at < ? group by 1""")
                .params(cameraId, Timestamp.from(from), Timestamp.from(to))
                .query((ResultSet rs) -> {
                    out.put(Instant.ofEpochSecond(rs.getLong(1) * 3600), rs.getInt(2));
                });
        return out;
    }

    /**
     * For each camera, among its {@code latest} reads by capture time, those received after {@code receivedSince}:
     * how promptly they arrived. Cameras without such reads are absent.
     */
    public Map<Long, Promptness> promptness(Collection<Long> cameraIds, Instant receivedSince, int latest) {
        Map<Long, Promptness> out = new HashMap<>();
        if (cameraIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select c.id, count(*), max(extract(epoch from r.captured_at - r.received_at) * 1000)::bigint
                        from unnest(?::bigint[]) c(id)
                        cross join lateral (select captured_at, received_at from plate_read
                                            where camera_id = c.id order by captured_at desc limit ?) r
                        where r.received_at > ?
                        group by c.id""")
                .params(cameraIds.toArray(Long[]::new), latest, Timestamp.from(receivedSince))
                .query((ResultSet rs) -> {
                    out.put(rs.getLong(1), new Promptness(rs.getInt(2), rs.getLong(3)));
                });
        return out;
    }

    /**
     * Reads captured in each of the {@code hours} whole hours that end with the hour of {@code now}, oldest first,
     * at the sites of {@code scope}; an hour without reads counts 0.
     */
    public List<Long> perHour(Scope scope, Instant now, int hours) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant start = end.minus(hours, ChronoUnit.HOURS);
        long[] counts = new long[hours];
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(start), Timestamp.from(end)));
        params.addAll(scope.sqlParams());
        jdbc.sql("select date_trunc('hour', captured_at), count(*) from plate_read where captured_at >= ? and captured_at < ? and "
                        + scope.sitePredicate("site_id") + " group by 1")
                .params(params)
                .query((ResultSet rs) -> {
                    int hour = (int) ChronoUnit.HOURS.between(start, rs.getTimestamp(1).toInstant());
                    if (hour >= 0 && hour < hours) {
                        counts[hour] = rs.getLong(2);
                    }
                });
        List<Long> out = new ArrayList<>(hours);
        for (long c : counts) {
            out.add(c);
        }
        return out;
    }
}
