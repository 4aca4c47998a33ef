package dev.plateguard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.IntegrationTest;

/**
 * The tamper-evident audit, attacked as a database superuser would: with the append-only triggers switched off,
 * entries are edited, deleted, forged, and the log is cut short or emptied. Each attack is found and the first
 * broken entry located. Runs in databases of its own (AuditChainDatabase), so the shared log stays intact.
 */
class AuditChainIT extends IntegrationTest {

    /** The owner (the cluster's superuser): the application's own role may not create databases. */
    @Autowired
    @Qualifier("databaseOwner")
    DataSource shared;

    private final List<AuditChainDatabase> databases = new ArrayList<>();

    private AuditChainDatabase database(String target) throws Exception {
        AuditChainDatabase db = new AuditChainDatabase(shared, JdbcClient.create(shared), target);
        databases.add(db);
        return db;
    }

    @AfterEach
    void drop() {
        databases.forEach(AuditChainDatabase::close);
    }

    /** Ten entries, a rolled-back one (an id gap) after the fifth, and a checkpoint. */
    private static List<Long> tenEntries(AuditChainDatabase db) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            ids.add(db.append("alice" + i));
            if (i == 5) {
                rolledBack(db);
            }
        }
        db.checkpoints().checkpoint(false);
        AuditVerifier.Verification intact = db.verify();
        assertThat(intact.intact()).as(String.valueOf(intact)).isTrue();
        assertThat(intact.entries()).isEqualTo(10);
        assertThat(intact.checkpointsChecked()).isEqualTo(1);
        assertThat(intact.headId()).isEqualTo(ids.getLast());
        return ids;
    }

    private static void rolledBack(AuditChainDatabase db) {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource));
        tx.executeWithoutResult(status -> {
            db.writer.append("user", "ghost", "test.rolled-back", null, "failure", null, null);
            status.setRollbackOnly();
        });
    }

    private static void assertBroken(AuditVerifier.Verification result, long id, AuditVerifier.Reason reason,
                                     Long lastIntact) {
        assertThat(result.intact()).as(String.valueOf(result)).isFalse();
        assertThat(result.firstBroken().reason()).as(String.valueOf(result)).isEqualTo(reason);
        assertThat(result.firstBroken().id()).as(String.valueOf(result)).isEqualTo(id);
        assertThat(result.firstBroken().lastIntactId()).as(String.valueOf(result)).isEqualTo(lastIntact);
    }

    @Test
    void anEditedEntryIsLocated() throws Exception {
        var db = database("latest");
        List<Long> ids = tenEntries(db);
        db.tamper("update audit_event set actor = 'mallory' where id = " + ids.get(6));
        assertBroken(db.verify(), ids.get(6), AuditVerifier.Reason.EDITED, ids.get(5));
    }

    @Test
    void editsOfTimeDetailsOrTheStoredHashAreLocatedToo() throws Exception {
        var db = database("latest");
        List<Long> ids = tenEntries(db);
        db.tamper("update audit_event set occurred_at = occurred_at + interval '1 microsecond' where id = " + ids.get(2));
        assertBroken(db.verify(), ids.get(2), AuditVerifier.Reason.EDITED, ids.get(1));

        var other = database("latest");
        List<Long> more = tenEntries(other);
        other.tamper("update audit_event set details = '{\"n\": 2, \"who\": \"alice4\"}' where id = " + more.get(3),
                "update audit_event set chain_hash = decode(repeat('00', 32), 'hex') where id = " + more.get(8));
        assertBroken(other.verify(), more.get(3), AuditVerifier.Reason.EDITED, more.get(2));
    }

    @Test
    void aDeletedEntryInTheMiddleIsLocated() throws Exception {
        var db = database("latest");
        List<Long> ids = tenEntries(db);
        db.tamper("delete from audit_event where id = " + ids.get(4));
        AuditVerifier.Verification result = db.verify();
        assertBroken(result, ids.get(5), AuditVerifier.Reason.MISSING, ids.get(3));
        assertThat(result.firstBroken().detail()).contains("1 entries before it are missing", "after id " + ids.get(3));
        assertThat(result.entries()).isEqualTo(4);
    }

    @Test
    void deletingTheFirstEntriesIsFound() throws Exception {
        var db = database("latest");
        List<Long> ids = tenEntries(db);
        db.tamper("delete from audit_event where id <= " + ids.get(1));
        assertBroken(db.verify(), ids.get(2), AuditVerifier.Reason.MISSING, null);
    }

    @Test
    void aForgedEntryIsLocated() throws Exception {
        var db = database("latest");
        List<Long> ids = tenEntries(db);
        long gap = ids.get(4) + 1; // the rolled-back entry's id: free, between the fifth and the sixth
        assertThat(gap).isLessThan(ids.get(5));
        // A forger copies a genuine entry's hashes (its position is taken): without the key it cannot compute its own.
        db.tamper("""
                insert into audit_event (id, occurred_at, actor_type, actor, action, target, outcome, details,
                                         chain_seq, prev_hash, chain_hash)
                overriding system value
                select %d, occurred_at, 'user', 'mallory', 'login', 'web', 'success', null, chain_seq + 100, prev_hash, chain_hash
                from audit_event where id = %d""".formatted(gap, ids.get(5)));
        assertBroken(db.verify(), gap, AuditVerifier.Reason.INSERTED, ids.get(4));

        var naive = database("latest");
        List<Long> more = tenEntries(naive);
        naive.tamper("insert into audit_event (actor_type, actor, action, outcome) values ('user', 'mallory', 'login', 'success')");
        long forged = naive.jdbc.sql("select id from audit_event where actor = 'mallory'").query(Long.class).single();
        assertBroken(naive.verify(), forged, AuditVerifier.Reason.INSERTED, more.getLast());
    }

    @Test
    void deletingTheNewestEntriesIsCaughtByTheCheckpoint() throws Exception {
        var db = database("latest");
        List<Long> ids = tenEntries(db);
        db.tamper("delete from audit_event where id >= " + ids.get(7));
        AuditVerifier.Verification result = db.verify();
        assertBroken(result, ids.getLast(), AuditVerifier.Reason.TRUNCATED, ids.get(6));
        assertThat(result.entries()).isEqualTo(7);
        assertThat(result.firstBroken().detail()).contains("recorded 10 entries up to id " + ids.getLast());

        // The server going on writing after the cut does not hide it: the checkpoint's position holds another entry.
        for (int i = 0; i < 5; i++) {
            db.append("after" + i);
        }
        AuditVerifier.Verification later = db.verify();
        assertThat(later.intact()).isFalse();
        assertThat(later.firstBroken().reason()).isEqualTo(AuditVerifier.Reason.CHECKPOINT_MISMATCH);
        assertThat(later.firstBroken().lastIntactId()).isGreaterThan(ids.get(6));
    }

    @Test
    void aTruncatedTableIsCaught() throws Exception {
        var db = database("latest");
        List<Long> ids = tenEntries(db);
        db.tamper("truncate audit_event");
        AuditVerifier.Verification result = db.verify();
        assertBroken(result, ids.getLast(), AuditVerifier.Reason.TRUNCATED, null);
        assertThat(result.entries()).isZero();

        // Writing on from an empty log starts a new chain, which the checkpoint does not know.
        db.append("fresh");
        assertThat(db.verify().firstBroken().reason()).isEqualTo(AuditVerifier.Reason.TRUNCATED);
    }

    @Test
    void aForgedOrEditedCheckpointIsReported() throws Exception {
        var db = database("latest");
        tenEntries(db);
        String line = Files.readAllLines(db.checkpointFile).getFirst();
        Files.writeString(db.checkpointFile, line.replace("count=10", "count=11") + "\n", StandardOpenOption.APPEND);
        AuditVerifier.Verification result = db.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBroken().reason()).isEqualTo(AuditVerifier.Reason.BAD_CHECKPOINT);
        assertThat(result.firstBroken().detail()).contains("line 2", "signature");
        assertThat(result.checkpointsChecked()).isEqualTo(1);
    }

    @Test
    void checkpointsAreSignedOwnerOnlyAndOnlyWrittenWhenTheLogGrew() throws Exception {
        var db = database("latest");
        db.append("one");
        var checkpoints = db.checkpoints();
        assertThat(checkpoints.checkpoint(false)).isPresent();
        assertThat(checkpoints.checkpoint(false)).isEmpty();
        db.append("two");
        AuditCheckpoint second = checkpoints.checkpoint(false).orElseThrow();
        assertThat(second.count()).isEqualTo(2);
        List<String> lines = Files.readAllLines(db.checkpointFile);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).matches("v=1 time=\\S+Z head=\\d+ count=2 hash=[0-9a-f]{64} mac=[0-9a-f]{64}");
        assertThat(Files.getPosixFilePermissions(db.checkpointFile))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        // Another key does not accept them.
        var stranger = new AuditVerifier(db.jdbc, new AuditChain(new byte[32]), db.checkpointFile).verify();
        assertThat(stranger.intact()).isFalse();
    }

    @Test
    void theShutdownCheckpointNeedsNoDatabase() throws Exception {
        var db = database("latest");
        db.append("a");
        long last = db.append("b");
        rolledBack(db);
        var checkpoints = db.checkpoints();
        db.dataSource.close(); // the embedded PostgreSQL stops in a shutdown hook of its own
        checkpoints.stop();
        List<String> lines = Files.readAllLines(db.checkpointFile);
        assertThat(lines).hasSize(1);
        AuditCheckpoint checkpoint = AuditCheckpoint.parse(lines.getFirst(), db.chain);
        assertThat(checkpoint.headId()).isEqualTo(last);
        assertThat(checkpoint.count()).isEqualTo(2);
    }

    @Test
    void manyConcurrentWritersWithRollbacksMakeOneIntactChain() throws Exception {
        var db = database("latest");
        int threads = 8;
        int each = 60;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<Long> committed = new ConcurrentLinkedQueue<>();
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource));
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int n = 0; n < each; n++) {
                    int i = n;
                    if (i % 10 == 3) {
                        rolledBack(db);
                    } else if (i % 10 == 7) {
                        // Two entries in one caller transaction: both or neither, in order.
                        tx.executeWithoutResult(status -> {
                            committed.add(db.append("t" + thread + "-" + i + "a"));
                            committed.add(db.append("t" + thread + "-" + i + "b"));
                        });
                    } else {
                        committed.add(db.append("t" + thread + "-" + i));
                    }
                    if (i % 20 == 0) {
                        try {
                            db.checkpoints().checkpoint(true);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        AuditVerifier.Verification result = db.verify();
        assertThat(result.intact()).as(String.valueOf(result)).isTrue();
        assertThat(result.entries()).isEqualTo(committed.size()).isEqualTo((long) threads * each);
        assertThat(result.checkpointsChecked()).isEqualTo(threads * 3);
        assertThat(db.jdbc.sql("select count(*) from audit_event where action = 'test.rolled-back'").query(Long.class).single())
                .isZero();
        // Positions are gap-free and ids grow with them, although ids have gaps.
        assertThat(db.jdbc.sql("""
                select count(*) from (select chain_seq - lag(chain_seq) over (order by id) as step from audit_event) s
                where step <> 1""").query(Long.class).single()).isZero();
        assertThat(db.jdbc.sql("select max(id) - min(id) + 1 > count(*) from audit_event").query(Boolean.class).single())
                .isTrue();
    }

    @Test
    void entriesFromBeforeTheChainAreSealedOnceAndCovered() throws Exception {
        var db = database("10");
        for (int i = 0; i < 5; i++) {
            db.jdbc.sql("""
                    insert into audit_event (actor_type, actor, action, target, outcome, details)
                    values ('user', ?, 'login', 'web', 'success', '{"b": 2,  "a": [1, 2]}')""").param("old" + i).update();
        }
        db.migrate("latest");
        List<Long> legacy = db.jdbc.sql("select id from audit_event order by id").query(Long.class).list();
        AuditVerifier.Verification before = db.verify();
        assertBroken(before, legacy.getFirst(), AuditVerifier.Reason.UNCHAINED, null);

        db.writer.sealLegacyEntries();
        db.writer.sealLegacyEntries(); // once only
        assertThat(db.jdbc.sql("select count(*) from audit_event_seal").query(Long.class).single()).isEqualTo(5);
        long next = db.append("new");
        db.checkpoints().checkpoint(false);
        AuditVerifier.Verification after = db.verify();
        assertThat(after.intact()).as(String.valueOf(after)).isTrue();
        assertThat(after.entries()).isEqualTo(6);
        assertThat(after.headId()).isEqualTo(next);
        assertThat(db.jdbc.sql("select chain_seq from audit_event where id = ?").param(next).query(Long.class).single())
                .isEqualTo(6);

        db.tamper("update audit_event set outcome = 'failure' where id = " + legacy.get(2));
        assertBroken(db.verify(), legacy.get(2), AuditVerifier.Reason.EDITED, legacy.get(1));
    }

    @Test
    void clearingTheChainOfLaterEntriesDoesNotGetThemResealed() throws Exception {
        var db = database("latest");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(db.append("chained" + i));
        }
        // A superuser clears every chain column, then edits an entry: with no chained row left, the server must
        // not treat these as entries from before the chain and sign them afresh.
        db.tamper("update audit_event set chain_seq = null, prev_hash = null, chain_hash = null",
                "update audit_event set actor = 'mallory' where id = " + ids.get(1));
        db.writer.sealLegacyEntries();
        db.append("after");
        assertThat(db.jdbc.sql("select count(*) from audit_event_seal").query(Long.class).single()).isZero();
        AuditVerifier.Verification result = db.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBroken().id()).isEqualTo(ids.getFirst());
        assertThat(result.firstBroken().reason()).isEqualTo(AuditVerifier.Reason.UNCHAINED);
    }

    @Test
    void theFirstWriteSealsOldEntriesWhenStartUpDidNot() throws Exception {
        var db = database("10");
        db.jdbc.sql("insert into audit_event (actor_type, actor, action, outcome) values ('system', 'plateguard', 'old', 'success')")
                .update();
        db.migrate("latest");
        db.append("first-chained");
        AuditVerifier.Verification result = db.verify();
        assertThat(result.intact()).as(String.valueOf(result)).isTrue();
        assertThat(result.entries()).isEqualTo(2);
    }
}
