package dev.plateguard.server.passages;

import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes passages with their reads, for retention (docs/retention.md): in the caller's transaction, before the
 * reads go. A passage whose reads all go is deleted; one that keeps some (a read kept by a violation or a hold)
 * loses the others and has its best read chosen again from those that stay.
 */
@Component
public class PassagePurge {

    /** @param links reads taken out of passages; passages deleted; jobs dropped */
    public record Deleted(int links, int passages, int jobs) {
    }

    private final JdbcClient jdbc;
    private final PassageGrouping grouping;

    PassagePurge(JdbcClient jdbc, PassageGrouping grouping) {
        this.jdbc = jdbc;
        this.grouping = grouping;
    }

    public Deleted deleteForReads(Collection<Long> readIds) {
        if (readIds.isEmpty()) {
            return new Deleted(0, 0, 0);
        }
        Long[] ids = readIds.toArray(Long[]::new);
        int jobs = jdbc.sql("delete from passage_job where read_id = any(?)").param(ids).update();
        List<Long> unlinked = jdbc.sql("delete from passage_read where read_id = any(?) returning passage_id")
                .param(ids).query(Long.class).list();
        Long[] touched = unlinked.stream().distinct().toArray(Long[]::new);
        if (touched.length == 0) {
            return new Deleted(0, 0, jobs);
        }
        int passages = jdbc.sql("""
                delete from passage p where p.id = any(?)
                  and not exists (select 1 from passage_read pr where pr.passage_id = p.id)""")
                .param(touched).update();
        grouping.refresh(touched);
        return new Deleted(unlinked.size(), passages, jobs);
    }
}
