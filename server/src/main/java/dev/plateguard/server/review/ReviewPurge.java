package dev.plateguard.server.review;

import java.util.Collection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Review's part of the retention purge (docs/retention.md): the decisions, plate corrections and quality-control
 * items of violations that are about to be deleted, in the purge's transaction (these tables are append-only
 * otherwise).
 */
@Component
public class ReviewPurge {

    public record Deleted(int decisions, int corrections, int qualityChecks) {
    }

    private final JdbcClient jdbc;

    ReviewPurge(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Deleted deleteForViolations(Collection<Long> violationIds) {
        if (violationIds.isEmpty()) {
            return new Deleted(0, 0, 0);
        }
        Long[] ids = violationIds.toArray(Long[]::new);
        int qc = jdbc.sql("delete from review_qc where violation_id = any(?)").param(ids).update();
        int corrections = jdbc.sql("delete from plate_correction where violation_id = any(?)").param(ids).update();
        int decisions = jdbc.sql("delete from review_decision where violation_id = any(?)").param(ids).update();
        return new Deleted(decisions, corrections, qc);
    }
}
