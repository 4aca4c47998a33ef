package dev.plateguard.server.notices;

import java.util.Collection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The notices' part of the retention purge (docs/retention.md): the notice of a violation that is about to be
 * deleted, with its payment and appeal events, in the purge's transaction. A printed notice's verification code
 * no longer verifies afterwards (its notice is gone), as it should not after the retention period.
 */
@Component
public class NoticePurge {

    public record Deleted(int notices, int events) {
    }

    private final JdbcClient jdbc;

    NoticePurge(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Deleted deleteForViolations(Collection<Long> violationIds) {
        if (violationIds.isEmpty()) {
            return new Deleted(0, 0);
        }
        Long[] ids = violationIds.toArray(Long[]::new);
        int events = jdbc.sql("""
                delete from notice_event e using notice n where n.id = e.notice_id and n.violation_id = any(?)""")
                .param(ids).update();
        int notices = jdbc.sql("delete from notice where violation_id = any(?)").param(ids).update();
        return new Deleted(notices, events);
    }
}
