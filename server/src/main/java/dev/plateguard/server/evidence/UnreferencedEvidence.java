package dev.plateguard.server.evidence;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes evidence files whose {@code evidence_file} row is gone (the retention purge deleted it, with the last
 * read that referenced the content, in a transaction that has committed). Each name is checked against the table
 * again just before its file goes, so content that a new read has referenced since keeps its file. A file that
 * cannot be deleted now is left to the {@link OrphanSweeper}.
 */
@Component
public class UnreferencedEvidence {

    private static final Logger log = LoggerFactory.getLogger(UnreferencedEvidence.class);

    private final EvidenceStore store;
    private final JdbcClient jdbc;

    UnreferencedEvidence(EvidenceStore store, JdbcClient jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /** Deletes the files of these SHA-256 names that no row references; answers how many it deleted. */
    public int delete(Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return 0;
        }
        List<String> unreferenced = jdbc.sql("""
                select s from unnest(?::text[]) as s
                where not exists (select 1 from evidence_file f where f.sha256 = s)""")
                .param(sha256s.toArray(String[]::new)).query(String.class).list();
        int deleted = 0;
        for (String sha : unreferenced) {
            try {
                store.delete(sha);
                deleted++;
            } catch (IOException | RuntimeException e) {
                log.warn("Could not delete the evidence file {} after its last reference was purged; the orphan "
                        + "sweeper will: {}", sha, e.toString());
            }
        }
        return deleted;
    }
}
