package dev.plateguard.server.evidence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data key of every encrypted evidence object, wrapped by a master key, in table {@code evidence_key}: stored
 * apart from the object, so that deleting the row (crypto-shredding) leaves any copy of the file unreadable.
 */
@Component
class EvidenceKeys {

    /** A wrapped data key and the master key that wrapped it. */
    record Wrapped(String masterKeyId, byte[] wrappedKey) {
    }

    private final JdbcClient jdbc;
    private final MasterKeys masterKeys;
    private final TransactionTemplate transactions;

    EvidenceKeys(JdbcClient jdbc, MasterKeys masterKeys, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.masterKeys = masterKeys;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * The data key of {@code sha256}, created and stored if it has none. Concurrent calls for the same content get the
     * same key (the first insert wins), so whichever of their files is kept can be decrypted.
     *
     * @param durable whether the row must be on disk before this returns. Ingest passes false: its file is useless
     *                until the read that references it commits, and that commit flushes this row too (the WAL is
     *                written in order); a crash before leaves an unreadable orphan that the sweeper removes.
     */
    byte[] obtain(String sha256, boolean durable) throws GeneralSecurityException {
        // New content is the common case: one statement tries to store a fresh key and answers it if it won.
        byte[] dataKey = EvidenceCipher.newDataKey();
        String keyId = masterKeys.activeKeyId();
        byte[] wrapped = masterKeys.wrap(keyId, dataKey, context(sha256, keyId));
        boolean stored = jdbc.sql(durable ? INSERT : INSERT_WITHOUT_FLUSH).params(sha256, keyId, wrapped)
                .query(String.class).optional().isPresent();
        if (stored) {
            return dataKey;
        }
        // The content already has a key (an earlier or a concurrent upload): use that one.
        Wrapped w = find(sha256).orElseThrow(() -> new GeneralSecurityException("no data key for evidence " + sha256));
        return masterKeys.unwrap(w.masterKeyId(), w.wrappedKey(), context(sha256, w.masterKeyId()));
    }

    private static final String INSERT = """
            insert into evidence_key (sha256, master_key_id, wrapped_key) values (?, ?, ?)
            on conflict (sha256) do nothing returning sha256""";

    /**
     * The same, committed without waiting for the WAL flush: {@code set_config(..., true)} lasts until the end of the
     * statement's own transaction, and PostgreSQL applies the setting in force at commit.
     */
    private static final String INSERT_WITHOUT_FLUSH = """
            with relaxed as (select set_config('synchronous_commit', 'off', true))
            insert into evidence_key (sha256, master_key_id, wrapped_key) select ?, ?, ? from relaxed
            on conflict (sha256) do nothing returning sha256""";

    /** The data key of an existing object; empty when it has none (a plain file, or one whose key was shredded). */
    Optional<byte[]> dataKey(String sha256) throws GeneralSecurityException {
        Optional<Wrapped> w = find(sha256);
        if (w.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(masterKeys.unwrap(w.get().masterKeyId(), w.get().wrappedKey(),
                context(sha256, w.get().masterKeyId())));
    }

    /** Crypto-shreds {@code sha256}: committed before the file is deleted, so a crash in between still shreds it. */
    void delete(String sha256) {
        jdbc.sql("delete from evidence_key where sha256 = ?").param(sha256).update();
    }

    /**
     * Re-wraps up to {@code limit} data keys held under another master key than the active one.
     *
     * @return how many were re-wrapped (0: none left)
     */
    int rewrapBatch(int limit) {
        String active = masterKeys.activeKeyId();
        Integer done = transactions.execute(status -> {
            List<Map<String, Object>> rows = jdbc.sql("""
                    select sha256, master_key_id, wrapped_key from evidence_key where master_key_id <> ?
                    order by sha256 limit ? for update skip locked""").params(active, limit).query().listOfRows();
            for (Map<String, Object> row : rows) {
                String sha = (String) row.get("sha256");
                String from = (String) row.get("master_key_id");
                try {
                    byte[] dataKey = masterKeys.unwrap(from, (byte[]) row.get("wrapped_key"), context(sha, from));
                    byte[] rewrapped = masterKeys.wrap(active, dataKey, context(sha, active));
                    jdbc.sql("update evidence_key set master_key_id = ?, wrapped_key = ?, rewrapped_at = now() where sha256 = ?")
                            .params(active, rewrapped, sha).update();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot re-wrap the data key of " + sha + " held under master key "
                            + from + ": " + e.getMessage(), e);
                }
            }
            return rows.size();
        });
        return done == null ? 0 : done;
    }

    /** Data keys per master key id. */
    Map<String, Long> countByMasterKey() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("select master_key_id, count(*) from evidence_key group by master_key_id")
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    /** Keys of objects no read holds, left by uploads that never committed; their files go with the orphan sweep. */
    List<String> orphans(java.time.Duration grace) {
        return jdbc.sql("""
                select k.sha256 from evidence_key k where k.created_at < now() - ?::interval
                and not exists (select 1 from evidence_file f where f.sha256 = k.sha256) limit 10000""")
                .param(grace.toSeconds() + " seconds").query(String.class).list();
    }

    private Optional<Wrapped> find(String sha256) {
        return jdbc.sql("select master_key_id, wrapped_key from evidence_key where sha256 = ?").param(sha256)
                .query((rs, n) -> new Wrapped(rs.getString(1), rs.getBytes(2))).optional();
    }

    private static byte[] context(String sha256, String masterKeyId) {
        return ("plateguard-evidence-key:" + sha256 + ":" + masterKeyId).getBytes(StandardCharsets.US_ASCII);
    }
}
