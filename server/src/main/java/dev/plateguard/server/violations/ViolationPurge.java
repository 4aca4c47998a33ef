package dev.plateguard.server.violations;

import java.util.Collection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The violations module's part of the retention purge (docs/retention.md), in the purge's transaction: violations
 * whose case closed long enough ago (their rows through {@link ViolationLedger#purge}), and the traces detection
 * left of reads that are about to be deleted (section sightings and pairs, exemption skips, detection jobs).
 */
@Component
public class ViolationPurge {

    /** @param violations violations deleted; @param readLinks their read links; @param events their history */
    public record Violations(int violations, int readLinks, int events, int sectionPairs) {
    }

    /** Detection's traces of deleted reads. */
    public record ReadTraces(int sectionSightings, int sectionPairs, int exemptionSkips, int detectionJobs) {
    }

    private final JdbcClient jdbc;
    private final ViolationLedger ledger;

    ViolationPurge(JdbcClient jdbc, ViolationLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** Deletes violations (after review and notices have deleted their rows) and the section pairs that proved them. */
    public Violations deleteViolations(Collection<Long> violationIds) {
        if (violationIds.isEmpty()) {
            return new Violations(0, 0, 0, 0);
        }
        int pairs = jdbc.sql("delete from section_pair where violation_id = any(?)")
                .param(violationIds.toArray(Long[]::new)).update();
        ViolationLedger.Purged purged = ledger.purge(violationIds);
        return new Violations(purged.violations(), purged.readLinks(), purged.events(), pairs);
    }

    /** Deletes what detection recorded about reads that are about to be deleted (none of them rests a violation). */
    public ReadTraces deleteReadTraces(Collection<Long> readIds) {
        if (readIds.isEmpty()) {
            return new ReadTraces(0, 0, 0, 0);
        }
        Long[] ids = readIds.toArray(Long[]::new);
        int sightings = jdbc.sql("delete from section_sighting where read_id = any(?) or paired_read_id = any(?)")
                .params(ids, ids).update();
        int pairs = jdbc.sql("delete from section_pair where entry_read_id = any(?) or exit_read_id = any(?)")
                .params(ids, ids).update();
        int skips = jdbc.sql("delete from exemption_skip where read_id = any(?)").param(ids).update();
        int jobs = jdbc.sql("delete from detection_job where read_id = any(?)").param(ids).update();
        return new ReadTraces(sightings, pairs, skips, jobs);
    }
}
