package dev.plateguard.server.recognition;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * How server-side recognition fares per camera, for camera-health alarms: of the automatic recognitions of a
 * camera's recent image-only reads, how many found a plate and how many found none. Many without a plate mean a
 * dirty lens, a camera turned away, or night without light. Counts only; nothing personal.
 */
@Repository
public class RecognitionOutcomes {

    /** Automatic recognitions that found a plate ({@code read}) and that found none ({@code no_plate}). */
    public record Counts(int found, int noPlate) {

        public int total() {
            return found + noPlate;
        }

        /** The share without a plate, 0..1. */
        public double noPlateShare() {
            return total() == 0 ? 0 : (double) noPlate / total();
        }
    }

    private final JdbcClient jdbc;

    RecognitionOutcomes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * For each camera, among its {@code latest} reads by capture time that were received after {@code since}, the
     * outcomes of their automatic recognitions (failed ones and those still waiting are not counted). Cameras
     * without any are absent.
     */
    public Map<Long, Counts> recent(Collection<Long> cameraIds, Instant since, int latest) {
        Map<Long, Counts> out = new HashMap<>();
        if (cameraIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select c.id, count(*) filter (where rr.status = 'read'), count(*) filter (where rr.status = 'no_plate')
                        from unnest(?::bigint[]) c(id)
                        cross join lateral (select id, received_at from plate_read
                                            where camera_id = c.id order by captured_at desc limit ?) r
                        join read_recognition rr on rr.read_id = r.id and rr.requested_by is null
                        where r.received_at > ? and rr.status in ('read', 'no_plate')
                        group by c.id""")
                .params(cameraIds.toArray(Long[]::new), latest, Timestamp.from(since))
                .query((ResultSet rs) -> {
                    out.put(rs.getLong(1), new Counts(rs.getInt(2), rs.getInt(3)));
                });
        return out;
    }
}
