package dev.plateguard.server.alerts;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Matching's input: the work queue {@code alert_job}. Ingest writes a read's job in the same statement as the read
 * (reads with a plate), and recognition when it fills an image-only read's plate, so a job is visible exactly when its
 * read is. A batch deletes the jobs it takes in its own transaction, so a crash gives them back.
 *
 * <p>Batches are serialised across server nodes by a transaction-level advisory lock, which every write of the alert
 * tables takes: grouping compares each hit with the alerts raised before it, and the live streams follow
 * {@code alert.change_seq}, which only grows in commit order while one writer at a time holds the lock.
 */
@Component
class AlertFeed {

    /** Advisory lock key of every write of the alert tables ("pgalerts"). */
    static final long LOCK = 0x7067_616c_6572_7473L;

    /** A read to match: where and when, its plate, and its first image (the thumbnail), if any. */
    /** A read to match: its plate as read (normalised) and its look-alike key (folded), by which repeats group. */
    record Sighting(long readId, long siteId, long cameraId, Instant capturedAt, String plate, String plateFolded,
                    String thumbnail) {
    }

    private final JdbcClient jdbc;

    AlertFeed(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes the lock of the alert tables for the caller's transaction. */
    void lock() {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK).query().singleRow();
    }

    /** What a batch took: the number of jobs, and their reads that (still) have a plate. */
    record Taken(int jobs, List<Sighting> reads) {
    }

    /**
     * Takes up to {@code limit} jobs, oldest read first. Must run in the batch's transaction after {@link #lock()}:
     * the jobs come back if it rolls back.
     */
    Taken take(int limit) {
        Long[] taken = jdbc.sql("""
                delete from alert_job
                where read_id in (select read_id from alert_job order by read_id limit ? for update skip locked)
                returning read_id""")
                .param(limit).query(Long.class).list().toArray(Long[]::new);
        if (taken.length == 0) {
            return new Taken(0, List.of());
        }
        return new Taken(taken.length, jdbc.sql("""
                select r.id, r.site_id, r.camera_id, r.captured_at, r.plate_normalized,
                       coalesce(r.plate_folded, r.plate_normalized),
                       (select e.sha256 from read_evidence e where e.read_id = r.id and e.kind = 'image'
                        order by e.ordinal limit 1) as thumbnail
                from plate_read r where r.id = any(?) and r.plate_normalized is not null order by r.id""")
                .param(taken)
                .query((rs, n) -> new Sighting(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list());
    }

    /** Jobs waiting (status, tests). */
    long waiting() {
        return jdbc.sql("select count(*) from alert_job").query(Long.class).single();
    }
}
