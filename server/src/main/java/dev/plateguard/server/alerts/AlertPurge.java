package dev.plateguard.server.alerts;

import java.util.Collection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes alerts for retention (docs/retention.md, class {@code alerts}), in the caller's transaction: an alert with
 * the list of reads it stands for. An alert is a plate seen at a place and time, so it is personal data with a
 * period of its own; the retention module chooses which alerts may go.
 */
@Component
public class AlertPurge {

    /** @param alerts alerts deleted; readLinks their links to the reads they stood for */
    public record Deleted(int alerts, int readLinks) {
    }

    private final JdbcClient jdbc;

    AlertPurge(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Deleted delete(Collection<Long> alertIds) {
        if (alertIds.isEmpty()) {
            return new Deleted(0, 0);
        }
        Long[] ids = alertIds.toArray(Long[]::new);
        int links = jdbc.sql("delete from alert_read where alert_id = any(?)").param(ids).update();
        int alerts = jdbc.sql("delete from alert where id = any(?)").param(ids).update();
        return new Deleted(alerts, links);
    }
}
