package dev.plateguard.server.recognition;

import java.util.Collection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Recognition records go with their read (docs/retention.md): deletes the recognition results and jobs of reads
 * that are about to be deleted, in the caller's transaction, which must be the retention purge's
 * ({@code read_recognition} is append-only otherwise).
 */
@Component
public class RecognitionPurge {

    /** @param records recognition results deleted; @param jobs recognition jobs deleted */
    public record Deleted(int records, int jobs) {
    }

    private final JdbcClient jdbc;

    RecognitionPurge(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Deleted deleteForReads(Collection<Long> readIds) {
        if (readIds.isEmpty()) {
            return new Deleted(0, 0);
        }
        Long[] ids = readIds.toArray(Long[]::new);
        // The read names the recognition that filled its plate; the read goes next, in the same transaction.
        jdbc.sql("update plate_read set plate_recognition_id = null where id = any(?) and plate_recognition_id is not null")
                .param(ids).update();
        int jobs = jdbc.sql("delete from recognition_job where read_id = any(?)").param(ids).update();
        int records = jdbc.sql("delete from read_recognition where read_id = any(?)").param(ids).update();
        return new Deleted(records, jobs);
    }
}
