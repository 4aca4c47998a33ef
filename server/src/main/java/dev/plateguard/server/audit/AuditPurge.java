package dev.plateguard.server.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the oldest segment of the audit chain, for retention (docs/retention.md). Only a whole prefix of the
 * chain ever goes, a bounded segment per transaction, and never the newest entry. Before a segment is deleted an
 * anchor is written in the same transaction: the position and id of the first entry kept and the hash of the last
 * one deleted, signed with the chain key ({@link AuditChain#signAnchor}). {@link AuditVerifier} starts the chain
 * at that anchor, so the log verifies after a purge while a deletion nobody anchored is still reported as missing
 * entries.
 *
 * <p>The application role cannot delete audit rows itself: it calls {@code audit_purge_prefix} (V19), which runs
 * with the owner's rights, and the triggers let a row go only when it lies before the newest anchor and is older
 * than the database's floor ({@code audit_retention_floor}, 365 days unless the owner changes it), whatever cutoff
 * the application asks for.
 */
@Component
public class AuditPurge {

    /**
     * What a purge removed.
     *
     * @param entries  audit entries deleted
     * @param segments segments (transactions, anchors) it took
     * @param firstSeq the chain position the log now begins at (null: unchanged)
     * @param cutoff   the cutoff applied: the one asked for, or the database's floor where that is earlier
     */
    public record Result(long entries, int segments, Long firstSeq, Instant cutoff) {

        static final Result NONE = new Result(0, 0, null, null);
    }

    private record Segment(long deleted, long firstSeq, Instant cutoff) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditChain chain;

    @Autowired
    AuditPurge(JdbcClient jdbc, PlatformTransactionManager transactions, AuditChain chain) {
        this(jdbc, new TransactionTemplate(transactions), chain);
    }

    AuditPurge(JdbcClient jdbc, TransactionTemplate tx, AuditChain chain) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.chain = chain;
    }

    /**
     * Deletes the entries written before {@code cutoff}, oldest first, at most {@code segmentSize} per transaction,
     * for as long as {@code carryOn} says so between segments.
     */
    public Result purgeBefore(Instant cutoff, int segmentSize, BooleanSupplier carryOn) {
        if (segmentSize < 1) {
            throw new IllegalArgumentException("segment size must be positive");
        }
        long entries = 0;
        int segments = 0;
        Long firstSeq = null;
        Instant applied = null;
        while (true) {
            Segment segment = tx.execute(status -> segment(cutoff, segmentSize));
            if (segment == null) {
                break;
            }
            entries += segment.deleted();
            segments++;
            firstSeq = segment.firstSeq();
            applied = segment.cutoff();
            if (!carryOn.getAsBoolean()) {
                break;
            }
        }
        if (segments == 0) {
            return Result.NONE;
        }
        return new Result(entries, segments, firstSeq, applied);
    }

    /** One segment, in the caller's transaction; null when nothing (more) may go. */
    private Segment segment(Instant cutoff, int size) {
        Instant effective = jdbc.sql("select least(?::timestamptz, now() - min_age) from audit_retention_floor")
                .param(Timestamp.from(cutoff)).query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
        Long first = jdbc.sql("""
                select least((select min(chain_seq) from audit_event), (select min(chain_seq) from audit_event_seal))""")
                .query((rs, n) -> (Long) rs.getObject(1)).list().getFirst(); // may be null
        Long head = jdbc.sql("""
                select greatest((select max(chain_seq) from audit_event), (select max(chain_seq) from audit_event_seal))""")
                .query((rs, n) -> (Long) rs.getObject(1)).list().getFirst(); // may be null
        if (first == null || head == null) {
            return null;
        }
        // Exclusive: the newest entry always stays, so the chain has a head to continue from.
        long limit = Math.min(first + size, head);
        Long younger = jdbc.sql("""
                select min(pos) from (
                    select chain_seq as pos from audit_event
                    where chain_seq >= ? and chain_seq < ? and occurred_at >= ?
                    union all
                    select s.chain_seq from audit_event_seal s join audit_event e on e.id = s.event_id
                    where s.chain_seq >= ? and s.chain_seq < ? and e.occurred_at >= ?) p""")
                .params(first, limit, Timestamp.from(effective), first, limit, Timestamp.from(effective))
                .query((rs, n) -> (Long) rs.getObject(1)).list().getFirst(); // may be null
        long boundary = younger == null ? limit : younger;
        if (boundary <= first) {
            return null;
        }
        record Kept(long id, byte[] prev) {
        }
        Kept kept = jdbc.sql("""
                select e.id, e.prev_hash from audit_event e where e.chain_seq = ?
                union all
                select e.id, s.prev_hash from audit_event_seal s join audit_event e on e.id = s.event_id
                where s.chain_seq = ? and e.chain_seq is null""")
                .params(boundary, boundary)
                .query((rs, n) -> new Kept(rs.getLong(1), rs.getBytes(2))).optional()
                .orElseThrow(() -> new IllegalStateException("audit purge: no entry at chain position " + boundary
                        + " (the log has a gap there: run the verifier)"));
        jdbc.sql("""
                insert into audit_purge_anchor (first_seq, first_id, prev_hash, purged_before, entries, mac)
                values (?, ?, ?, ?, ?, ?)""")
                .params(boundary, kept.id(), kept.prev(), Timestamp.from(effective), boundary - first,
                        chain.signAnchor(boundary, kept.id(), kept.prev()))
                .update();
        long deleted = jdbc.sql("select audit_purge_prefix(?)").param(boundary).query(Long.class).single();
        return new Segment(deleted, boundary, effective);
    }
}
