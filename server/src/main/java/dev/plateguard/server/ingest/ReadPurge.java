package dev.plateguard.server.ingest;

import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes reads for retention (docs/retention.md): ingest writes {@code plate_read}, {@code read_evidence} and
 * {@code evidence_file}, so it is the one that deletes them. Runs in the caller's transaction, after the modules
 * whose rows point at these reads have deleted theirs. Files are not touched here: the caller deletes those whose
 * {@code evidence_file} row went, after its transaction commits, so that a crash can leave a file without a row
 * (the orphan sweeper's business) but never a row without its file.
 */
@Component
public class ReadPurge {

    /**
     * @param reads              reads deleted
     * @param evidenceLinks      their evidence links deleted
     * @param unreferencedFiles  evidence whose last reference went with these reads: its {@code evidence_file} row
     *                           is deleted, its file is the caller's to delete after commit
     */
    public record Deleted(int reads, int evidenceLinks, List<String> unreferencedFiles) {
    }

    private final JdbcClient jdbc;

    ReadPurge(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Deleted delete(Collection<Long> readIds) {
        if (readIds.isEmpty()) {
            return new Deleted(0, 0, List.of());
        }
        Long[] ids = readIds.toArray(Long[]::new);
        List<String> linked = jdbc.sql("""
                with links as (delete from read_evidence where read_id = any(?) returning sha256)
                select sha256 from links""")
                .param(ids).query(String.class).list();
        int reads = jdbc.sql("delete from plate_read where id = any(?)").param(ids).update();
        String[] shas = linked.stream().distinct().toArray(String[]::new);
        // A file shared with reads that stay (content-addressed: the same bytes sent twice) keeps its row.
        List<String> unreferenced = shas.length == 0 ? List.of() : jdbc.sql("""
                delete from evidence_file f
                where f.sha256 = any(?)
                  and not exists (select 1 from read_evidence e where e.sha256 = f.sha256)
                  and not exists (select 1 from read_recognition r where r.image_sha256 = f.sha256)
                returning f.sha256""")
                .param(shas).query(String.class).list();
        return new Deleted(reads, linked.size(), unreferenced);
    }
}
