package dev.plateguard.server.passages;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains {@code passage_job}: puts each queued read into the passage of its plate at its site, or opens one.
 *
 * <p>A passage is a chain: reads of one look-alike key ({@code plate_folded}, so that a camera that read 0 for O
 * still joins) and country at one site, each captured within {@link PassageSettings#window()} of another. A read
 * joins every passage whose span, widened by the window, holds its capture time; when that is more than one (a late
 * read bridging two), they merge into the oldest. The result depends only on which reads exist, not on the order
 * they arrive in. After each change the passage's best read is chosen again: highest plate confidence, then most
 * evidence files, then earliest capture, then lowest id.
 *
 * <p>Batches run one at a time across server nodes (a transaction-level advisory lock), so two reads of one passage
 * are never grouped concurrently; the jobs a batch takes are deleted in its transaction, so a crash gives them back.
 */
@Component
class PassageGrouping {

    private static final Logger log = LoggerFactory.getLogger(PassageGrouping.class);
    /** Advisory lock key of the grouping batch ("pgpassag"). */
    private static final long BATCH_LOCK = 0x7067_7061_7373_6167L;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PassageSettings settings;
    private final ApplicationEventPublisher events;

    PassageGrouping(JdbcClient jdbc, PlatformTransactionManager transactions, PassageSettings settings,
                    ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.settings = settings;
        this.events = events;
    }

    @Scheduled(initialDelayString = "${plateguard.passages.interval:500ms}",
            fixedDelayString = "${plateguard.passages.interval:500ms}")
    void scheduled() {
        if (!settings.enabled()) {
            return;
        }
        try {
            processPending();
        } catch (RuntimeException e) {
            log.error("Grouping reads into passages failed; their jobs stay queued and are retried", e);
        }
    }

    /**
     * Groups every queued read, batch by batch, and after each batch commits publishes a {@link ReadGrouped} per
     * read grouped; answers how many jobs were taken.
     */
    int processPending() {
        int total = 0;
        while (true) {
            List<ReadGrouped> grouped = new ArrayList<>();
            Integer done = tx.execute(status -> batch(grouped));
            if (done == null || done == 0) {
                return total;
            }
            grouped.forEach(events::publishEvent);
            total += done;
        }
    }

    private record Queued(long id, long siteId, String key, String country, Instant capturedAt) {
    }

    private int batch(List<ReadGrouped> grouped) {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(BATCH_LOCK).query().singleRow();
        Long[] taken = jdbc.sql("""
                delete from passage_job
                where read_id in (select read_id from passage_job order by read_id limit ? for update skip locked)
                returning read_id""")
                .param(settings.batchSize()).query(Long.class).list().toArray(Long[]::new);
        if (taken.length == 0) {
            return 0;
        }
        // Gone (retention), without a plate, or grouped already (queued twice): passed over.
        List<Queued> reads = jdbc.sql("""
                select r.id, r.site_id, r.plate_folded, r.plate_country, r.captured_at from plate_read r
                where r.id = any(?) and r.plate_folded is not null
                  and not exists (select 1 from passage_read pr where pr.read_id = r.id)
                order by r.captured_at, r.id""")
                .param(taken)
                .query((rs, n) -> new Queued(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
        for (Queued read : reads) {
            grouped.add(group(read));
        }
        return taken.length;
    }

    private ReadGrouped group(Queued read) {
        Timestamp earliest = Timestamp.from(read.capturedAt().minus(settings.window()));
        Timestamp latest = Timestamp.from(read.capturedAt().plus(settings.window()));
        List<Long> joins = jdbc.sql("""
                select id from passage
                where site_id = ? and plate_key = ? and plate_country is not distinct from ?
                  and first_at <= ? and last_at >= ?
                order by id for update""")
                .params(read.siteId(), read.key(), read.country(), latest, earliest)
                .query(Long.class).list();
        long passage;
        List<Long> merged = List.of();
        if (joins.isEmpty()) {
            passage = jdbc.sql("""
                    insert into passage (site_id, plate_key, plate_country, plate, first_at, last_at, best_read_id,
                                         read_count, camera_count)
                    select site_id, plate_folded, plate_country, plate_normalized, captured_at, captured_at, id, 1, 1
                    from plate_read where id = ?
                    returning id""")
                    .param(read.id()).query(Long.class).single();
        } else {
            passage = joins.getFirst();
            if (joins.size() > 1) {
                merged = List.copyOf(joins.subList(1, joins.size()));
                Long[] gone = merged.toArray(Long[]::new);
                jdbc.sql("update passage_read set passage_id = ? where passage_id = any(?)").params(passage, gone)
                        .update();
                jdbc.sql("delete from passage where id = any(?)").param(gone).update();
            }
        }
        jdbc.sql("insert into passage_read (read_id, passage_id) values (?, ?)").params(read.id(), passage).update();
        refresh(passage);
        return new ReadGrouped(read.id(), passage, joins.isEmpty(), merged);
    }

    /**
     * Recomputes passages' spans, counts and best reads from their reads: the one place the best-read rule is
     * written (grouping, and retention when some reads of a passage go).
     */
    void refresh(Long... passages) {
        jdbc.sql("""
                with members as (
                    select pr.passage_id, r.id, r.camera_id, r.captured_at, r.plate_normalized, r.plate_confidence,
                           (select count(*) from read_evidence e where e.read_id = r.id) as evidence
                    from passage_read pr join plate_read r on r.id = pr.read_id
                    where pr.passage_id = any(?)
                ), best as (
                    select distinct on (passage_id) passage_id, id, plate_normalized from members
                    order by passage_id, plate_confidence desc nulls last, evidence desc, captured_at, id
                )
                update passage p set best_read_id = best.id, plate = best.plate_normalized,
                       first_at = (select min(captured_at) from members m where m.passage_id = p.id),
                       last_at = (select max(captured_at) from members m where m.passage_id = p.id),
                       read_count = (select count(*) from members m where m.passage_id = p.id),
                       camera_count = (select count(distinct camera_id) from members m where m.passage_id = p.id)
                from best where p.id = best.passage_id""")
                .param(passages).update();
    }
}
