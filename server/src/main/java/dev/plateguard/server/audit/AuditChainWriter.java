package dev.plateguard.server.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends entries to the chain. Appends are serialised by a transaction-scoped advisory lock taken just before
 * the head is read: the id, time and position of an entry are all taken after the lock, so they grow in chain
 * order, and the lock is held until the caller's transaction commits or rolls back (a rolled-back entry leaves an
 * id gap, never a gap in {@code chain_seq}). Works inside the caller's transaction, or in its own when there is
 * none (a transaction-scoped lock needs one). Callers' transactions must be READ COMMITTED (the default): the head
 * must be read in a snapshot taken after the lock; under a stricter level a stale head would collide with the unique
 * {@code chain_seq} and the insert fail, never fork the chain.
 */
@Component
class AuditChainWriter {

    private static final Logger log = LoggerFactory.getLogger(AuditChainWriter.class);

    /** Advisory lock key (two ints: "PGau", 1): one per database, shared by every node writing to it. */
    static final int LOCK_CLASS = 0x50476175;
    static final int LOCK_OBJECT = 1;
    private static final int SEAL_BATCH = 1000;

    /** The newest chained entry: its id, position and hash. */
    record Head(long id, long seq, byte[] hash) {

        static final Head EMPTY = new Head(0, 0, AuditChain.GENESIS);
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditChain chain;
    /** The newest entry this process has seen committed: a checkpoint needs no database (at shutdown). */
    private final AtomicReference<Head> lastCommitted = new AtomicReference<>();

    @Autowired
    AuditChainWriter(JdbcClient jdbc, PlatformTransactionManager transactions, AuditChain chain) {
        this(jdbc, new TransactionTemplate(transactions), chain);
    }

    AuditChainWriter(JdbcClient jdbc, TransactionTemplate tx, AuditChain chain) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.chain = chain;
    }

    /** Appends one entry; {@code detailsJson} is JSON text or null. Answers the new entry's id. */
    long append(String actorType, String actor, String action, String target, String outcome, String clientIp,
                String detailsJson) {
        Long id = tx.execute(status -> {
            lock();
            Prepared next = jdbc.sql("""
                    select h.id, h.chain_seq, h.chain_hash, nextval(pg_get_serial_sequence('audit_event', 'id')) as new_id,
                           clock_timestamp() as now, cast(? as jsonb)::text as details
                    from (select 1) one
                    left join lateral (select id, chain_seq, chain_hash from audit_event
                                       where chain_hash is not null order by id desc limit 1) h on true""")
                    .param(detailsJson)
                    .query((rs, n) -> new Prepared(head(rs), rs.getLong("new_id"),
                            rs.getObject("now", OffsetDateTime.class), rs.getString("details")))
                    .single();
            // No chained entry yet: entries from before the chain are sealed first, and the chain continues them.
            Head head = next.head() != null ? next.head() : sealLegacy();
            AuditChain.Entry entry = new AuditChain.Entry(next.id(), next.now(), actorType, actor, action, target,
                    outcome, clientIp, next.details());
            long seq = head.seq() + 1;
            byte[] hash = chain.hash(seq, entry, head.hash());
            Head written = new Head(entry.id(), seq, hash);
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        lastCommitted.accumulateAndGet(written, (a, b) -> a == null || b.seq() > a.seq() ? b : a);
                    }
                });
            }
            jdbc.sql("""
                    insert into audit_event (id, occurred_at, actor_type, actor, action, target, outcome, client_ip,
                                             details, chain_seq, prev_hash, chain_hash)
                    overriding system value
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""")
                    .params(entry.id(), entry.occurredAt(), actorType, actor, action, target, outcome, clientIp,
                            entry.details(), seq, head.hash(), hash)
                    .update();
            return entry.id();
        });
        return id;
    }

    /**
     * Seals the entries written before the chain existed (V11; their extent is fixed by V15's
     * {@code audit_legacy_mark}), in id order, into {@code audit_event_seal}, once. Later entries are never sealed
     * after the fact, whatever has happened to their chain columns.
     * Safe to call at any time: it does nothing once the chain has begun.
     */
    void sealLegacyEntries() {
        tx.executeWithoutResult(status -> {
            lock();
            boolean chained = jdbc.sql("select exists (select 1 from audit_event where chain_hash is not null)")
                    .query(Boolean.class).single();
            if (!chained) {
                sealLegacy();
            }
        });
    }

    /** Under the lock: seals what is not sealed yet and answers the last sealed entry (or the empty head). */
    private Head sealLegacy() {
        Head head = jdbc.sql("select event_id, chain_seq, chain_hash from audit_event_seal order by chain_seq desc limit 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getLong(2), rs.getBytes(3))).optional().orElse(Head.EMPTY);
        long sealed = 0;
        while (true) {
            List<AuditChain.Entry> batch = jdbc.sql("""
                    select e.id, e.occurred_at, e.actor_type, e.actor, e.action, e.target, e.outcome, e.client_ip,
                           e.details::text as details
                    from audit_event e
                    where e.id > ? and e.chain_hash is null
                      and e.id <= coalesce((select max_id from audit_legacy_mark), 0)
                      and not exists (select 1 from audit_event_seal s where s.event_id = e.id)
                    order by e.id limit ?""")
                    .params(head.id(), SEAL_BATCH)
                    .query((rs, n) -> entry(rs)).list();
            if (batch.isEmpty()) {
                break;
            }
            List<Object[]> rows = new ArrayList<>(batch.size());
            for (AuditChain.Entry entry : batch) {
                long seq = head.seq() + 1;
                byte[] hash = chain.hash(seq, entry, head.hash());
                rows.add(new Object[] {entry.id(), seq, head.hash(), hash});
                head = new Head(entry.id(), seq, hash);
            }
            for (Object[] row : rows) {
                jdbc.sql("insert into audit_event_seal (event_id, chain_seq, prev_hash, chain_hash) values (?, ?, ?, ?)")
                        .params(row).update();
            }
            sealed += batch.size();
        }
        if (sealed > 0) {
            log.info("Audit chain: sealed {} entries written before the chain existed (up to id {})", sealed, head.id());
        }
        return head;
    }

    private void lock() {
        jdbc.sql("select pg_advisory_xact_lock(?, ?)").params(LOCK_CLASS, LOCK_OBJECT).query((rs, n) -> 0).single();
    }

    /** The newest entry appended by this process whose transaction committed, or null. */
    Head lastCommitted() {
        return lastCommitted.get();
    }

    /** The chain's newest entry, or null when no entry is chained in {@code audit_event} yet. */
    Head head() {
        return jdbc.sql("""
                select id, chain_seq, chain_hash from audit_event where chain_hash is not null order by id desc limit 1""")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getLong(2), rs.getBytes(3))).optional()
                .orElseGet(() -> jdbc.sql("""
                        select event_id, chain_seq, chain_hash from audit_event_seal order by chain_seq desc limit 1""")
                        .query((rs, n) -> new Head(rs.getLong(1), rs.getLong(2), rs.getBytes(3))).optional()
                        .orElse(Head.EMPTY));
    }

    static AuditChain.Entry entry(ResultSet rs) throws SQLException {
        return new AuditChain.Entry(rs.getLong("id"), rs.getObject("occurred_at", OffsetDateTime.class),
                rs.getString("actor_type"), rs.getString("actor"), rs.getString("action"), rs.getString("target"),
                rs.getString("outcome"), rs.getString("client_ip"), rs.getString("details"));
    }

    private static Head head(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        return rs.wasNull() ? null : new Head(id, rs.getLong("chain_seq"), rs.getBytes("chain_hash"));
    }

    private record Prepared(Head head, long id, OffsetDateTime now, String details) {
    }
}
