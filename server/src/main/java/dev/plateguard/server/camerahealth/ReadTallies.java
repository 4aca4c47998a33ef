package dev.plateguard.server.camerahealth;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.reads.ReadStatistics;

/**
 * Reads per camera and hour of capture ({@code camera_read_hour}, written only here), the history a camera's
 * usual traffic is learnt from. Each hour is counted once, after it settled, and kept for the baseline's weeks:
 * longer than the reads themselves may be.
 */
@Repository
class ReadTallies {

    private final JdbcClient jdbc;
    private final ReadStatistics reads;

    ReadTallies(JdbcClient jdbc, ReadStatistics reads) {
        this.jdbc = jdbc;
        this.reads = reads;
    }

    /** The start of the hour holding {@code instant} (UTC). */
    static Instant hourOf(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    /** Counts the reads of {@code [hour, hour + 1h)} per camera, unless that hour was counted already. */
    @Transactional
    boolean tally(Instant hour) {
        boolean first = jdbc.sql("insert into read_tally_hour (hour) values (?) on conflict do nothing")
                .param(Timestamp.from(hour)).update() == 1;
        if (first) {
            Map<Long, Integer> counts = reads.countsByCamera(hour, hour.plus(Duration.ofHours(1)));
            if (!counts.isEmpty()) {
                jdbc.sql("""
                                insert into camera_read_hour (camera_id, hour, reads)
                                select c, ?, n from unnest(?::bigint[], ?::integer[]) t(c, n)
                                where exists (select 1 from camera where id = c)""")
                        .params(Timestamp.from(hour), counts.keySet().toArray(Long[]::new),
                                counts.keySet().stream().map(counts::get).toArray(Integer[]::new))
                        .update();
            }
        }
        return first;
    }

    /** Which of {@code hours} have been counted. */
    Set<Instant> tallied(Collection<Instant> hours) {
        Set<Instant> out = new HashSet<>();
        jdbc.sql("select hour from read_tally_hour where hour = any(?)")
                .param(hours.stream().map(Timestamp::from).toArray(Timestamp[]::new))
                .query((ResultSet rs) -> {
                    out.add(rs.getTimestamp(1).toInstant());
                });
        return out;
    }

    /** The counts of those hours: hour → camera → reads (a camera without reads in a counted hour is absent). */
    Map<Instant, Map<Long, Integer>> counts(Collection<Instant> hours) {
        Map<Instant, Map<Long, Integer>> out = new HashMap<>();
        jdbc.sql("select hour, camera_id, reads from camera_read_hour where hour = any(?)")
                .param(hours.stream().map(Timestamp::from).toArray(Timestamp[]::new))
                .query((ResultSet rs) -> {
                    out.computeIfAbsent(rs.getTimestamp(1).toInstant(), k -> new HashMap<>())
                            .put(rs.getLong(2), rs.getInt(3));
                });
        return out;
    }

    /** One camera's counts from {@code from} on: hour → reads, for counted hours only (0 where it had none). */
    Map<Instant, Integer> ofCamera(long cameraId, Instant from, Instant to) {
        Map<Instant, Integer> out = new HashMap<>();
        jdbc.sql("""
                        select t.hour, coalesce(c.reads, 0) from read_tally_hour t
                        left join camera_read_hour c on c.hour = t.hour and c.camera_id = ?
                        where t.hour >= ? and t.hour < ?""")
                .params(cameraId, Timestamp.from(from), Timestamp.from(to))
                .query((ResultSet rs) -> {
                    out.put(rs.getTimestamp(1).toInstant(), rs.getInt(2));
                });
        return out;
    }

    /** Deletes counts of hours before {@code before}. */
    int purge(Instant before) {
        int rows = jdbc.sql("delete from camera_read_hour where hour < ?").param(Timestamp.from(before)).update();
        jdbc.sql("delete from read_tally_hour where hour < ?").param(Timestamp.from(before)).update();
        return rows;
    }
}
