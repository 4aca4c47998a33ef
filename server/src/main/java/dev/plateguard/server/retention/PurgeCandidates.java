package dev.plateguard.server.retention;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the purge may delete: read-only queries over the tables of the modules that own the data, and the holds.
 * Each answers at most one batch, after a keyset position (so that rows kept back, held or still needed, are
 * passed once per run and not scanned again by every batch).
 */
@Component
class PurgeCandidates {

    /** Where a batch ended: the sort key of its last row. */
    record Position(Instant at, long id) {

        /** Before everything: reads are captured after 2000 (the ingest refuses earlier times), violations later. */
        static final Position START = new Position(Instant.parse("1970-01-01T00:00:00Z"), 0);
    }

    record Batch(List<Long> ids, Position last) {
    }

    /**
     * A read (alias {@code r}) that may go: captured and received before the cutoff (parameter 1 and 2), resting no
     * violation, waiting for nothing (detection, grouping into a passage, hotlist matching, its first recognition, a
     * registry re-check), and under no active hold: on itself, or a case hold on its plate whose period covers its
     * capture.
     */
    static final String READ_MAY_GO = """
            r.captured_at < ? and r.received_at < ?
            and not exists (select 1 from violation_read vr where vr.read_id = r.id)
            and not exists (select 1 from violation v where v.read_id = r.id)
            and not exists (select 1 from plate_correction pc where pc.read_id = r.id)
            and not exists (select 1 from section_pair sp where sp.entry_read_id = r.id and sp.violation_id is not null)
            and not exists (select 1 from section_pair sp where sp.exit_read_id = r.id and sp.violation_id is not null)
            and not exists (select 1 from detection_job d where d.read_id = r.id)
            and not exists (select 1 from passage_job pj where pj.read_id = r.id)
            and not exists (select 1 from alert_job a where a.read_id = r.id)
            and not exists (select 1 from recognition_job j where j.read_id = r.id and j.requested_by is null)
            and not exists (select 1 from registry_recheck q where q.read_id = r.id)
            and not exists (select 1 from legal_hold h where h.lifted_at is null and h.kind = 'read' and h.read_id = r.id)
            and not exists (select 1 from legal_hold h where h.lifted_at is null and h.kind = 'case'
                            and h.plate = r.plate_normalized
                            and (h.period_from is null or r.captured_at >= h.period_from)
                            and (h.period_to is null or r.captured_at <= h.period_to))""";

    /**
     * A violation (alias {@code v}) that may go: its case closed before the cutoff (parameter 1), no active hold on it,
     * on one of its reads, or on its plate (as corrected, or as read) for a period covering it, and no kept violation
     * cites it as the earlier offence of a repeat.
     */
    static final String VIOLATION_MAY_GO = """
            v.closed_at < ?
            and not exists (select 1 from legal_hold h where h.lifted_at is null and h.kind = 'violation'
                            and h.violation_id = v.id)
            and not exists (select 1 from violation_read vr join legal_hold h on h.read_id = vr.read_id
                            where vr.violation_id = v.id and h.lifted_at is null and h.kind = 'read')
            and not exists (select 1 from legal_hold h where h.lifted_at is null and h.kind = 'case' and h.plate = v.plate
                            and (h.period_from is null or v.occurred_at >= h.period_from)
                            and (h.period_to is null or v.occurred_at <= h.period_to))
            and not exists (select 1 from violation_read vr join plate_read r on r.id = vr.read_id
                            join legal_hold h on h.plate = r.plate_normalized
                            where vr.violation_id = v.id and h.lifted_at is null and h.kind = 'case'
                              and (h.period_from is null or r.captured_at >= h.period_from)
                              and (h.period_to is null or r.captured_at <= h.period_to))
            and not exists (select 1 from violation w where w.repeat_of = v.id)""";

    /**
     * An alert (alias {@code a}) that may go: its last read captured, and the alert raised, before the cutoff
     * (parameters 1 and 2), none of its reads under an active hold, and no case hold on its plate covering it.
     */
    static final String ALERT_MAY_GO = """
            a.last_captured_at < ? and a.raised_at < ?
            and not exists (select 1 from alert_read ar join legal_hold h on h.read_id = ar.read_id
                            where ar.alert_id = a.id and h.lifted_at is null and h.kind = 'read')
            and not exists (select 1 from legal_hold h where h.lifted_at is null and h.kind = 'case' and h.plate = a.plate
                            and (h.period_from is null or a.last_captured_at >= h.period_from)
                            and (h.period_to is null or a.captured_at <= h.period_to))""";

    private final JdbcClient jdbc;

    PurgeCandidates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Violations whose case closed before {@code cutoff}, oldest closing first. */
    Batch closedViolations(Instant cutoff, Position after, int limit) {
        List<Object[]> rows = jdbc.sql("select v.id, v.closed_at from violation v where (v.closed_at, v.id) > (?, ?) and "
                        + VIOLATION_MAY_GO + " order by v.closed_at, v.id limit ?")
                .params(Timestamp.from(after.at()), after.id(), Timestamp.from(cutoff), limit)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getTimestamp(2).toInstant()}).list();
        return batch(rows);
    }

    /** Reads that rest no violation, captured and received before {@code cutoff}, oldest capture first. */
    Batch unmatchedReads(Instant cutoff, Position after, int limit) {
        List<Object[]> rows = jdbc.sql("select r.id, r.captured_at from plate_read r where (r.captured_at, r.id) > (?, ?) and "
                        + READ_MAY_GO + " order by r.captured_at, r.id limit ?")
                .params(Timestamp.from(after.at()), after.id(), Timestamp.from(cutoff), Timestamp.from(cutoff), limit)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getTimestamp(2).toInstant()}).list();
        return batch(rows);
    }

    /** Alerts whose last read was captured before {@code cutoff}, oldest first. */
    Batch alerts(Instant cutoff, Position after, int limit) {
        List<Object[]> rows = jdbc.sql("select a.id, a.last_captured_at from alert a where (a.last_captured_at, a.id) > (?, ?) and "
                        + ALERT_MAY_GO + " order by a.last_captured_at, a.id limit ?")
                .params(Timestamp.from(after.at()), after.id(), Timestamp.from(cutoff), Timestamp.from(cutoff), limit)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getTimestamp(2).toInstant()}).list();
        return batch(rows);
    }

    /** Every read the violations rest on or mention: primary, linked, corrected, section pair ends. */
    List<Long> readsOf(Collection<Long> violationIds) {
        Long[] ids = violationIds.toArray(Long[]::new);
        return jdbc.sql("""
                select read_id from violation where id = any(?)
                union select read_id from violation_read where violation_id = any(?)
                union select read_id from plate_correction where violation_id = any(?)
                union select entry_read_id from section_pair where violation_id = any(?)
                union select exit_read_id from section_pair where violation_id = any(?)""")
                .params(ids, ids, ids, ids, ids).query(Long.class).list();
    }

    /** Of these reads, those that may go now (their violations deleted), captured and received before {@code cutoff}. */
    List<Long> readsThatMayGo(Collection<Long> readIds, Instant cutoff) {
        if (readIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select r.id from plate_read r where r.id = any(?) and " + READ_MAY_GO + " order by r.id")
                .params(readIds.toArray(Long[]::new), Timestamp.from(cutoff), Timestamp.from(cutoff))
                .query(Long.class).list();
    }

    private static Batch batch(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new Batch(List.of(), null);
        }
        List<Long> ids = new ArrayList<>(rows.size());
        rows.forEach(r -> ids.add((Long) r[0]));
        Object[] last = rows.getLast();
        return new Batch(ids, new Position((Instant) last[1], (Long) last[0]));
    }
}
