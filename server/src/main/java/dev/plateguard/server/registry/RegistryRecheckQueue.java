package dev.plateguard.server.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.PlateGuardProperties;

/**
 * Reads whose registry check must be repeated because the registry answered UNAVAILABLE. Nothing is ever dropped:
 * an entry leaves the queue only through {@link #complete(long)}, once a check got a definitive answer.
 *
 * <p>Use:
 * <pre>
 * for (var entry : queue.drainDue(100)) {          // claims due entries, pushing each one's next attempt out
 *     var answer = registry.lookup(entry.country(), entry.plate());
 *     if (answer.definitive()) { judge(entry.readId(), answer); queue.complete(entry.readId()); }
 *     else queue.failed(entry.readId(), ((RegistryAnswer.Unavailable) answer).reason());
 * }
 * </pre>
 * {@link #drainDue} is a lease: it increments {@code attempts} and moves {@code next_attempt_at} to
 * {@code now + backoff(attempts)} ({@code recheck-backoff} doubled per attempt, at most {@code recheck-max-backoff})
 * before it returns, so a caller that fails or dies leaves the entry to come due again by itself, and concurrent
 * callers never receive the same entry ({@code FOR UPDATE SKIP LOCKED}).
 */
@Component
public class RegistryRecheckQueue {

    /**
     * @param attempts    checks started so far by {@link #drainDue}
     * @param lastError   why the last check failed, if one did
     */
    public record Entry(long readId, String country, String plate, int attempts, Instant enqueuedAt,
                        Instant nextAttemptAt, String lastError) {
    }

    static final int MAX_ERROR = 500;
    /** Doubling stops here; the cap is reached long before. */
    private static final int MAX_EXPONENT = 40;

    private final JdbcClient jdbc;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final Clock clock;

    @Autowired
    RegistryRecheckQueue(JdbcClient jdbc, PlateGuardProperties properties) {
        this(jdbc, properties.registry().recheckBackoff(), properties.registry().recheckMaxBackoff(), Clock.systemUTC());
    }

    RegistryRecheckQueue(JdbcClient jdbc, Duration backoff, Duration maxBackoff, Clock clock) {
        if (backoff.isNegative() || backoff.isZero() || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalStateException("plateguard.registry.recheck-backoff must be positive and at most "
                    + "plateguard.registry.recheck-max-backoff");
        }
        this.jdbc = jdbc;
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
    }

    /** The wait after the {@code attempts}-th check: backoff × 2^attempts, at most the maximum. */
    public Duration backoff(int attempts) {
        long millis = backoff.toMillis();
        long cap = maxBackoff.toMillis();
        int exponent = Math.min(Math.max(attempts, 0), MAX_EXPONENT);
        double wait = millis * Math.pow(2, exponent);
        return Duration.ofMillis(wait >= cap ? cap : (long) wait);
    }

    /**
     * Queues a read for a registry check; its first attempt is due after {@code recheck-backoff}. Queuing the same
     * read again with the same plate changes nothing; with another plate (an operator's correction) the entry is
     * replaced and due at once.
     *
     * @return whether the queue changed
     * @throws IllegalArgumentException for an unknown country or a plate that is not normalised
     */
    public boolean enqueue(long readId, String country, String plate) {
        return enqueue(readId, country, plate, clock.instant());
    }

    boolean enqueue(long readId, String country, String plate, Instant now) {
        RegistryKeys.require(country, plate);
        return jdbc.sql("""
                insert into registry_recheck (read_id, country, plate, attempts, enqueued_at, next_attempt_at)
                values (?, ?, ?, 0, ?, ?)
                on conflict (read_id) do update set
                    country = excluded.country, plate = excluded.plate, attempts = 0, last_error = null,
                    enqueued_at = excluded.enqueued_at, next_attempt_at = ?
                where (registry_recheck.country, registry_recheck.plate) is distinct from (excluded.country, excluded.plate)
                returning read_id""")
                .params(readId, country, plate, at(now), at(now.plus(backoff(0))), at(now))
                .query(Long.class)
                .optional()
                .isPresent();
    }

    /**
     * Queues a read for a registry check due at once (an operator corrected its plate and is waiting for the
     * answer). An entry already queued for the read is replaced: new plate, {@code attempts} 0, due now.
     *
     * @throws IllegalArgumentException for an unknown country or a plate that is not normalised
     */
    public void enqueueNow(long readId, String country, String plate) {
        RegistryKeys.require(country, plate);
        Instant now = clock.instant();
        jdbc.sql("""
                insert into registry_recheck (read_id, country, plate, attempts, enqueued_at, next_attempt_at)
                values (?, ?, ?, 0, ?, ?)
                on conflict (read_id) do update set
                    country = excluded.country, plate = excluded.plate, attempts = 0, last_error = null,
                    enqueued_at = excluded.enqueued_at, next_attempt_at = excluded.next_attempt_at""")
                .params(readId, country, plate, at(now), at(now))
                .update();
    }

    /**
     * Claims up to {@code max} entries whose next attempt is due, oldest due first: each one's {@code attempts} goes
     * up by one and its next attempt moves out by {@link #backoff(int)}. Entries stay queued until
     * {@link #complete(long)}.
     */
    @Transactional
    public List<Entry> drainDue(int max) {
        return drainDue(max, clock.instant());
    }

    @Transactional
    List<Entry> drainDue(int max, Instant now) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive");
        }
        List<Entry> claimed = jdbc.sql("""
                with due as (
                    select read_id from registry_recheck
                    where next_attempt_at <= ?
                    order by next_attempt_at, read_id
                    limit ?
                    for update skip locked)
                update registry_recheck r set
                    attempts = r.attempts + 1,
                    next_attempt_at = ? + least(? * power(2, least(r.attempts + 1, ?)), ?) * interval '1 millisecond'
                from due
                where r.read_id = due.read_id
                returning r.read_id, r.country, r.plate, r.attempts, r.enqueued_at, r.next_attempt_at, r.last_error""")
                .params(at(now), max, at(now), (double) backoff.toMillis(), MAX_EXPONENT, (double) maxBackoff.toMillis())
                .query(RegistryRecheckQueue::entry)
                .list();
        return claimed.stream().sorted(Comparator.comparing(Entry::enqueuedAt).thenComparing(Entry::readId)).toList();
    }

    /** The check got a definitive answer (FOUND or NOT_FOUND): the read leaves the queue. */
    public boolean complete(long readId) {
        return jdbc.sql("delete from registry_recheck where read_id = ?").param(readId).update() == 1;
    }

    /** The check failed again; the entry stays queued with the backoff set when it was claimed. */
    public void failed(long readId, String error) {
        String text = error == null || error.isBlank() ? "unavailable" : error.strip();
        jdbc.sql("update registry_recheck set last_error = ? where read_id = ?")
                .params(text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text, readId)
                .update();
    }

    public Optional<Entry> find(long readId) {
        return jdbc.sql("""
                select read_id, country, plate, attempts, enqueued_at, next_attempt_at, last_error
                from registry_recheck where read_id = ?""")
                .param(readId)
                .query(RegistryRecheckQueue::entry)
                .optional();
    }

    /** The {@code limit} entries queued longest, oldest first: what the registry page shows of the queue. */
    public List<Entry> oldest(int limit) {
        return jdbc.sql("""
                select read_id, country, plate, attempts, enqueued_at, next_attempt_at, last_error
                from registry_recheck order by enqueued_at, read_id limit ?""")
                .param(limit)
                .query(RegistryRecheckQueue::entry)
                .list();
    }

    /** Entries waiting, due or not. */
    public long pending() {
        return jdbc.sql("select count(*) from registry_recheck").query(Long.class).single();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getLong("read_id"), rs.getString("country"), rs.getString("plate"), rs.getInt("attempts"),
                rs.getObject("enqueued_at", OffsetDateTime.class).toInstant(),
                rs.getObject("next_attempt_at", OffsetDateTime.class).toInstant(), rs.getString("last_error"));
    }
}
