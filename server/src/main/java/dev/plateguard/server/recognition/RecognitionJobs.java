package dev.plateguard.server.recognition;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The durable recognition queue, table {@code recognition_job}: one row per recognition still to do. Ingest
 * inserts the automatic job of an image-only read in the same statement as the read; an operator's request inserts
 * one; the row is deleted in the transaction that records the result ({@link RecognitionStore#record}).
 *
 * <p>A worker claims a job for {@code lease} before it runs it, so that two servers (or a fresh poller and a
 * worker) never run the same job at once; a server that dies holding a claim gives it up when the lease passes.
 */
@Repository
public class RecognitionJobs {

    /**
     * One job.
     *
     * @param recognitionId the id its result will have in {@code read_recognition}
     * @param requestedBy   username, null for the automatic recognition of an image-only read
     * @param attempts      failed attempts before this one
     */
    public record Job(long id, long readId, long recognitionId, String requestedBy, int attempts) {

        public boolean automatic() {
            return requestedBy == null;
        }
    }

    /** A job still waiting, as the recognitions list shows it. */
    public record Pending(long jobId, long readId, long recognitionId, String requestedBy, Instant createdAt,
                          int attempts, String lastError) {
    }

    private final JdbcClient jdbc;

    RecognitionJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A person's request to recognise a read again; answers the new job (committed when this returns). */
    public Job request(long readId, String username) {
        return jdbc.sql("""
                insert into recognition_job (read_id, recognition_id, requested_by)
                values (?, nextval(pg_get_serial_sequence('read_recognition', 'id')), ?)
                returning id, read_id, recognition_id, requested_by, attempts""")
                .params(readId, username).query(RecognitionJobs::job).single();
    }

    /**
     * Claims a job for {@code lease} if it is due and nobody holds it.
     *
     * @return the job, or empty when it is done, not due yet, or held by another worker
     */
    public Optional<Job> claim(long jobId, Duration lease) {
        return jdbc.sql("""
                update recognition_job set claimed_until = now() + make_interval(secs => ?)
                where id = ? and next_attempt_at <= now() and (claimed_until is null or claimed_until < now())
                returning id, read_id, recognition_id, requested_by, attempts""")
                .params(lease.toMillis() / 1000.0, jobId).query(RecognitionJobs::job).optional();
    }

    /** Gives a claimed job back untouched (no models to run it with): it is due again at once. */
    public void release(long jobId) {
        jdbc.sql("update recognition_job set claimed_until = null where id = ?").param(jobId).update();
    }

    /** Records a failed attempt; the job is due again after {@code delay}. */
    public void retryLater(long jobId, String error, Duration delay) {
        jdbc.sql("""
                update recognition_job set attempts = attempts + 1, last_error = ?, claimed_until = null,
                                           next_attempt_at = now() + make_interval(secs => ?)
                where id = ?""")
                .params(error, delay.toMillis() / 1000.0, jobId).update();
    }

    /**
     * Jobs due now that nobody holds, people's requests first, then oldest first; {@code except} are jobs this
     * server has queued already.
     */
    public List<Long> due(int limit, Collection<Long> except) {
        return jdbc.sql("""
                select id from recognition_job
                where next_attempt_at <= now() and (claimed_until is null or claimed_until < now())
                  and id <> all(?)
                order by (requested_by is null), id
                limit ?""")
                .params(except.toArray(Long[]::new), limit).query(Long.class).list();
    }

    /** Jobs still waiting for a read, oldest first. */
    public List<Pending> pendingFor(long readId) {
        return jdbc.sql("""
                select id, read_id, recognition_id, requested_by, created_at, attempts, last_error
                from recognition_job where read_id = ? order by id""")
                .param(readId)
                .query((rs, n) -> new Pending(rs.getLong("id"), rs.getLong("read_id"), rs.getLong("recognition_id"),
                        rs.getString("requested_by"), rs.getTimestamp("created_at").toInstant(), rs.getInt("attempts"),
                        rs.getString("last_error")))
                .list();
    }

    /** The {@code limit} jobs waiting longest, oldest first (the recognition page). */
    public List<Pending> oldest(int limit) {
        return jdbc.sql("""
                select id, read_id, recognition_id, requested_by, created_at, attempts, last_error
                from recognition_job order by id limit ?""")
                .param(limit)
                .query((rs, n) -> new Pending(rs.getLong("id"), rs.getLong("read_id"), rs.getLong("recognition_id"),
                        rs.getString("requested_by"), rs.getTimestamp("created_at").toInstant(), rs.getInt("attempts"),
                        rs.getString("last_error")))
                .list();
    }

    /** Jobs in the table: waiting, retrying or running. */
    public long count() {
        return jdbc.sql("select count(*) from recognition_job").query(Long.class).single();
    }

    private static Job job(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Job(rs.getLong("id"), rs.getLong("read_id"), rs.getLong("recognition_id"), rs.getString("requested_by"),
                rs.getInt("attempts"));
    }
}
