package dev.plateguard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.IntegrationTest;

/**
 * Retention's purge of the audit (V19, {@link AuditPurge}): the oldest whole segments go, each behind a signed
 * anchor, and {@link AuditVerifier} still finds the log intact, checkpoints included; a deletion no signed anchor
 * explains is still reported as missing entries; the database itself refuses deletes outside an anchored prefix
 * or younger than its floor. In databases of its own (AuditChainDatabase), so the shared log stays intact.
 */
class AuditPurgeIT extends IntegrationTest {

    @Autowired
    @Qualifier("databaseOwner")
    DataSource shared;

    private final List<AuditChainDatabase> databases = new ArrayList<>();

    private AuditChainDatabase database() throws Exception {
        AuditChainDatabase db = new AuditChainDatabase(shared, JdbcClient.create(shared), "latest");
        databases.add(db);
        return db;
    }

    @AfterEach
    void drop() {
        databases.forEach(AuditChainDatabase::close);
    }

    private static AuditPurge purge(AuditChainDatabase db) {
        return new AuditPurge(db.jdbc, new TransactionTemplate(new DataSourceTransactionManager(db.dataSource)), db.chain);
    }

    /** Twenty entries, with a checkpoint after the fifth and the fifteenth; the database's floor lowered to zero. */
    private static List<Long> twentyEntries(AuditChainDatabase db) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            ids.add(db.append("alice" + i));
            if (i == 5 || i == 15) {
                db.checkpoints().checkpoint(false);
            }
        }
        db.jdbc.sql("update audit_retention_floor set min_age = interval '0'").update();
        return ids;
    }

    private static Instant timeOf(AuditChainDatabase db, long id) {
        return db.jdbc.sql("select occurred_at from audit_event where id = ?").param(id)
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
    }

    @Test
    void theVerifierPassesAfterThePurgeOfWholeOldSegments() throws Exception {
        AuditChainDatabase db = database();
        List<Long> ids = twentyEntries(db);

        // Everything before the eighth entry, three per segment: three segments (1-3, 4-6, 7).
        AuditPurge.Result result = purge(db).purgeBefore(timeOf(db, ids.get(7)), 3, () -> true);
        assertThat(result.entries()).isEqualTo(7);
        assertThat(result.segments()).isEqualTo(3);
        assertThat(result.firstSeq()).isEqualTo(8);
        assertThat(db.jdbc.sql("select min(id) from audit_event").query(Long.class).single()).isEqualTo(ids.get(7));
        assertThat(db.jdbc.sql("select first_seq from audit_purge_anchor order by first_seq").query(Long.class).list())
                .containsExactly(4L, 7L, 8L);

        AuditVerifier.Verification verified = db.verify();
        assertThat(verified.intact()).as(String.valueOf(verified)).isTrue();
        assertThat(verified.entries()).isEqualTo(13);
        assertThat(verified.firstSeq()).isEqualTo(8);
        // The checkpoint after the fifth entry lies before the purge; the one after the fifteenth is still checked.
        assertThat(verified.checkpointsChecked()).isEqualTo(1);
        assertThat(verified.headId()).isEqualTo(ids.getLast());
        assertThat(AuditVerification.summary(verified)).contains("purged by retention");

        // Appending and purging again keeps it verifiable; nothing younger than the cutoff goes.
        db.append("bob");
        assertThat(purge(db).purgeBefore(timeOf(db, ids.get(7)), 3, () -> true).entries()).isZero();
        assertThat(db.verify().intact()).isTrue();
    }

    @Test
    void theNewestEntryAlwaysStays() throws Exception {
        AuditChainDatabase db = database();
        List<Long> ids = twentyEntries(db);
        AuditPurge.Result result = purge(db).purgeBefore(Instant.now().plusSeconds(3600), 1000, () -> true);
        assertThat(result.entries()).isEqualTo(19);
        assertThat(db.jdbc.sql("select id from audit_event").query(Long.class).list()).containsExactly(ids.getLast());
        assertThat(db.verify().intact()).isTrue();
        long next = db.append("carol");
        AuditVerifier.Verification verified = db.verify();
        assertThat(verified.intact()).as(String.valueOf(verified)).isTrue();
        assertThat(verified.entries()).isEqualTo(2);
        assertThat(verified.headId()).isEqualTo(next);
    }

    @Test
    void aDeletionNoSignedAnchorExplainsIsStillMissingEntries() throws Exception {
        AuditChainDatabase db = database();
        List<Long> ids = twentyEntries(db);
        purge(db).purgeBefore(timeOf(db, ids.get(4)), 100, () -> true);
        assertThat(db.verify().intact()).isTrue();

        // An intruder deletes two more of the oldest entries: the anchor is for the fifth, not the seventh.
        db.tamper("delete from audit_event where id in (" + ids.get(4) + ", " + ids.get(5) + ")");
        AuditVerifier.Verification cut = db.verify();
        assertThat(cut.intact()).isFalse();
        assertThat(cut.firstBroken().reason()).isEqualTo(AuditVerifier.Reason.MISSING);
        assertThat(cut.firstBroken().id()).isEqualTo(ids.get(6));

        // ... and forges an anchor for the seventh without the key: its signature does not hold.
        db.tamper("insert into audit_purge_anchor (first_seq, first_id, prev_hash, purged_before, entries, mac) "
                + "select chain_seq, id, prev_hash, now(), 2, decode(repeat('00', 32), 'hex') from audit_event where id = "
                + ids.get(6));
        AuditVerifier.Verification forged = db.verify();
        assertThat(forged.intact()).isFalse();
        assertThat(forged.firstBroken().reason()).isEqualTo(AuditVerifier.Reason.MISSING);
    }

    @Test
    void theDatabaseRefusesDeletesOutsideAnAnchoredPrefixOrYoungerThanItsFloor() throws Exception {
        AuditChainDatabase db = database();
        List<Long> ids = twentyEntries(db);
        // No anchor: even the owner (the connection here) cannot delete an entry, nor call the purge function.
        assertThatThrownBy(() -> db.jdbc.sql("delete from audit_event where id = ?").param(ids.getFirst()).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.jdbc.sql("select audit_purge_prefix(5)").query(Long.class).single())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("no anchor");
        // With the floor back at 365 days, the purge deletes nothing written today, whatever cutoff it is given.
        db.jdbc.sql("update audit_retention_floor set min_age = interval '365 days'").update();
        assertThat(purge(db).purgeBefore(Instant.now().plusSeconds(3600), 1000, () -> true).entries()).isZero();
        assertThat(db.jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isEqualTo(20);
        // An anchor written by hand does not let an entry younger than the floor go either.
        db.jdbc.sql("""
                insert into audit_purge_anchor (first_seq, first_id, prev_hash, purged_before, entries, mac)
                select chain_seq, id, prev_hash, now(), 4, prev_hash from audit_event where id = ?""")
                .param(ids.get(4)).update();
        assertThatThrownBy(() -> db.jdbc.sql("select audit_purge_prefix(5)").query(Long.class).single())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThat(db.verify().intact()).isTrue();
        // Anchors themselves are append-only.
        assertThatThrownBy(() -> db.jdbc.sql("delete from audit_purge_anchor").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
    }
}
