package dev.plateguard.server.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.alerts.AlertPurge;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.audit.AuditPurge;
import dev.plateguard.server.evidence.UnreferencedEvidence;
import dev.plateguard.server.ingest.ReadPurge;
import dev.plateguard.server.notices.NoticePurge;
import dev.plateguard.server.outbound.OutboundPurge;
import dev.plateguard.server.passages.PassagePurge;
import dev.plateguard.server.recognition.RecognitionPurge;
import dev.plateguard.server.review.ReviewPurge;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.violations.ViolationPurge;

/**
 * The purge (docs/retention.md): applies the retention policy as of a given "now", class by class, in bounded
 * batches, each batch one transaction:
 * <ol>
 *   <li>violations whose case closed more than {@code closed-violations} ago, with everything that hangs on them
 *       (notice, review records, history, section pairs), and the reads behind them that nothing else keeps;</li>
 *   <li>reads that rest no violation, older than {@code unmatched-reads}, with their recognition records and
 *       detection traces;</li>
 *   <li>legal holds lifted more than {@code audit} ago;</li>
 *   <li>the oldest segments of the audit chain, older than {@code audit} ({@link AuditPurge});</li>
 *   <li>outbound dead letters older than {@code outbound-dead-letters}, then outbound events delivered everywhere
 *       and older than {@code outbound-events} ({@link OutboundPurge});</li>
 *   <li>hotlist alerts whose last read is older than {@code alerts} ({@link AlertPurge}).</li>
 * </ol>
 * Each owning module deletes its own rows; this class only chooses them ({@link PurgeCandidates}) and orders the
 * calls. Anything an active hold names is kept. Evidence files whose last reference went are deleted after the
 * batch's transaction commits, so a crash leaves at worst an unreferenced file for the orphan sweeper, never a row
 * without its file. The run, its counts per class and its cutoffs are recorded ({@code retention_run}) and audited.
 */
@Service
public class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);
    /** Attempts of one batch that lost a race (a reference made while it ran): it is chosen again and retried. */
    private static final int ATTEMPTS = 3;

    public static final String SCHEDULED = "scheduled";
    public static final String MANUAL = "manual";

    private final RetentionSettings settings;
    private final RetentionPolicy policy;
    private final PurgeCandidates candidates;
    private final RetentionRuns runs;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final AuditPurge auditPurge;
    private final ReadPurge reads;
    private final RecognitionPurge recognition;
    private final ViolationPurge violations;
    private final ReviewPurge review;
    private final NoticePurge notices;
    private final PassagePurge passages;
    private final UnreferencedEvidence evidence;
    private final OutboundPurge outbound;
    private final AlertPurge alerts;
    private final PurgeMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "retention-purge");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    RetentionPurge(RetentionSettings settings, RetentionPolicy policy, PurgeCandidates candidates, RetentionRuns runs,
                   JdbcClient jdbc, PlatformTransactionManager transactions, AuditLog audit, AuditPurge auditPurge,
                   ReadPurge reads, RecognitionPurge recognition, ViolationPurge violations, ReviewPurge review,
                   NoticePurge notices, PassagePurge passages, UnreferencedEvidence evidence, OutboundPurge outbound,
                   AlertPurge alerts, PurgeMetrics metrics) {
        this.metrics = metrics;
        metrics.known(new Counts().asMap());
        this.settings = settings;
        this.policy = policy;
        this.candidates = candidates;
        this.runs = runs;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.audit = audit;
        this.auditPurge = auditPurge;
        this.reads = reads;
        this.recognition = recognition;
        this.violations = violations;
        this.review = review;
        this.notices = notices;
        this.passages = passages;
        this.evidence = evidence;
        this.outbound = outbound;
        this.alerts = alerts;
    }

    /** A run begun: its id and the policy's cutoffs. */
    public record Started(long id, RetentionPolicy.Cutoffs cutoffs, String trigger, String actor) {
    }

    /** A run that finished: its outcome ({@code success}, {@code partial} when it ran out of time, {@code failure}). */
    public record Finished(long id, String outcome, Map<String, Object> counts, String error) {

        @SuppressWarnings("unchecked")
        public long count(String dataClass, String what) {
            Object of = counts.get(dataClass);
            return of instanceof Map<?, ?> m && m.get(what) instanceof Number n ? n.longValue() : 0;
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        background.shutdown();
    }

    /** The scheduled run (the schedule calls it; disabled by {@code plateguard.retention.enabled=false}). */
    // Every node fires the same cron: the first takes the turn, held at least 5 minutes so that a fast run is not
    // followed by a second one on a node whose clock is a little late.
    @SchedulerLock(name = "retention-purge", lockAtLeastFor = "PT5M", lockAtMostFor = "PT6H")
    void scheduled() {
        try {
            run(clock.instant(), SCHEDULED, "plateguard");
        } catch (Refusal busy) {
            log.info("Retention purge skipped: {}", busy.getMessage());
        } catch (RuntimeException e) {
            log.error("Retention purge failed; the next scheduled run tries again", e);
        }
    }

    /** Runs the purge now, in this thread, with the policy applied as of {@code now}. */
    public Finished run(Instant now, String trigger, String actor) {
        return execute(begin(now, trigger, actor));
    }

    /**
     * Begins a run (as of the current time) for {@code actor} and carries it out in the background; answers at once.
     * Refused (conflict) while another run is going on.
     */
    public Started start(String actor) {
        Started started = begin(clock.instant(), MANUAL, actor);
        try {
            background.execute(() -> execute(started));
        } catch (RuntimeException e) {
            running.set(false);
            runs.finish(started.id(), "failure", Map.of(), "could not start: " + e);
            throw e;
        }
        return started;
    }

    /** Whether a run is going on in this server. */
    public boolean isRunning() {
        return running.get();
    }

    private Started begin(Instant now, String trigger, String actor) {
        if (!running.compareAndSet(false, true)) {
            throw Refusal.conflict("a retention purge is already running", "purgeRunning");
        }
        try {
            RetentionPolicy.Cutoffs cutoffs = policy.cutoffs(now);
            Optional<Long> id = tx.execute(status -> runs.begin(trigger, actor, now, cutoffs.asMap(),
                    settings.maxRunTime().plusHours(1)));
            if (id.isEmpty()) {
                throw Refusal.conflict("a retention purge is already running on another node", "purgeRunning");
            }
            return new Started(id.get(), cutoffs, trigger, actor);
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
    }

    private Finished execute(Started run) {
        long started = System.nanoTime();
        long deadline = started + settings.maxRunTime().toNanos();
        Counts counts = new Counts();
        String outcome = "success";
        String error = null;
        BooleanSupplier carryOn = () -> !stopping && System.nanoTime() < deadline && pause();
        try {
            RetentionPolicy.Cutoffs c = run.cutoffs();
            closedViolations(c, counts, carryOn);
            if (carryOn.getAsBoolean()) {
                unmatchedReads(c, counts, carryOn);
            }
            if (carryOn.getAsBoolean()) {
                counts.holds = jdbc.sql("delete from legal_hold where lifted_at < ?").param(Timestamp.from(c.audit()))
                        .update();
            }
            if (carryOn.getAsBoolean()) {
                counts.audit = auditPurge.purgeBefore(c.audit(), settings.batchSize(), carryOn);
            }
            if (carryOn.getAsBoolean()) {
                outbound(c, counts, carryOn);
            }
            if (carryOn.getAsBoolean()) {
                alerts(c, counts, carryOn);
            }
            if (stopping || System.nanoTime() >= deadline) {
                outcome = "partial";
            }
        } catch (RuntimeException e) {
            outcome = "failure";
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.error("Retention purge {} failed after {}", run.id(), counts.asMap(), e);
        }
        Map<String, Object> map = counts.asMap();
        try {
            // Audited before the run shows as finished: whoever sees it finished finds its audit entry.
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("run", run.id());
            details.put("trigger", run.trigger());
            details.put("outcome", outcome);
            details.put("counts", map);
            details.put("cutoffs", run.cutoffs().asMap());
            details.put("millis", (System.nanoTime() - started) / 1_000_000);
            if (error != null) {
                details.put("error", error.length() > 300 ? error.substring(0, 300) : error);
            }
            AuditLog.Outcome audited = "failure".equals(outcome) ? AuditLog.Outcome.FAILURE : AuditLog.Outcome.SUCCESS;
            try {
                if (SCHEDULED.equals(run.trigger())) {
                    audit.recordSystem("retention.purge", "retention", audited, details);
                } else {
                    audit.recordFor("user", run.actor(), "retention.purge", "retention", audited, details);
                }
            } finally {
                runs.finish(run.id(), outcome, map, error);
            }
        } finally {
            running.set(false);
        }
        metrics.finished(outcome, map);
        log.info("Retention purge {} ({}): {}", run.id(), outcome, map);
        return new Finished(run.id(), outcome, map, error);
    }

    // ---- the classes ---------------------------------------------------------------------------------------------

    /** Violations closed before the cutoff, and the reads behind them that nothing keeps any more. */
    private void closedViolations(RetentionPolicy.Cutoffs c, Counts counts, BooleanSupplier carryOn) {
        PurgeCandidates.Position after = PurgeCandidates.Position.START;
        while (true) {
            PurgeCandidates.Position from = after;
            Outcome batch = attempt(() -> tx.execute(status -> {
                purgeTransaction();
                PurgeCandidates.Batch chosen = candidates.closedViolations(c.closedViolations(), from, settings.batchSize());
                if (chosen.ids().isEmpty()) {
                    return null;
                }
                List<Long> behind = candidates.readsOf(chosen.ids());
                NoticePurge.Deleted n = notices.deleteForViolations(chosen.ids());
                ReviewPurge.Deleted r = review.deleteForViolations(chosen.ids());
                ViolationPurge.Violations v = violations.deleteViolations(chosen.ids());
                // Reads whose last violation just went; those another violation or a hold keeps stay.
                List<Long> freed = candidates.readsThatMayGo(behind, c.unmatchedReads());
                ReadsDeleted reads = deleteReads(freed);
                return new Outcome(chosen.last(), reads.files(), () -> counts.violations(v, r, n, reads));
            }));
            if (batch == null) {
                return;
            }
            // Committed: count it, then delete the files whose last reference it removed.
            batch.tally().run();
            counts.files += evidence.delete(batch.files());
            after = batch.last();
            if (!carryOn.getAsBoolean()) {
                return;
            }
        }
    }

    /** Reads that rest no violation, captured and received before the cutoff. */
    private void unmatchedReads(RetentionPolicy.Cutoffs c, Counts counts, BooleanSupplier carryOn) {
        PurgeCandidates.Position after = PurgeCandidates.Position.START;
        while (true) {
            PurgeCandidates.Position from = after;
            Outcome batch = attempt(() -> tx.execute(status -> {
                purgeTransaction();
                PurgeCandidates.Batch chosen = candidates.unmatchedReads(c.unmatchedReads(), from, settings.batchSize());
                if (chosen.ids().isEmpty()) {
                    return null;
                }
                ReadsDeleted reads = deleteReads(chosen.ids());
                return new Outcome(chosen.last(), reads.files(), () -> counts.unmatched(reads));
            }));
            if (batch == null) {
                return;
            }
            // Committed: count it, then delete the files whose last reference it removed.
            batch.tally().run();
            counts.files += evidence.delete(batch.files());
            after = batch.last();
            if (!carryOn.getAsBoolean()) {
                return;
            }
        }
    }

    /** Dead letters first, so that events whose last waiting delivery they were can go in the same run. */
    private void outbound(RetentionPolicy.Cutoffs c, Counts counts, BooleanSupplier carryOn) {
        OutboundPurge.Deleted batch;
        do {
            batch = tx.execute(status -> outbound.deleteDeadLetters(c.outboundDeadLetters(), settings.batchSize()));
            counts.deadLetters += batch.deliveries();
            counts.outboundAttempts += batch.attempts();
        } while (!batch.none() && carryOn.getAsBoolean());
        do {
            batch = tx.execute(status -> outbound.deleteDelivered(c.outboundEvents(), settings.batchSize()));
            counts.outboundEvents += batch.events();
            counts.outboundDeliveries += batch.deliveries();
            counts.outboundAttempts += batch.attempts();
        } while (!batch.none() && carryOn.getAsBoolean());
    }

    /** Alerts past their period, in keyset batches (held ones are passed once and stay). */
    private void alerts(RetentionPolicy.Cutoffs c, Counts counts, BooleanSupplier carryOn) {
        PurgeCandidates.Position after = PurgeCandidates.Position.START;
        while (true) {
            PurgeCandidates.Position from = after;
            PurgeCandidates.Position last = tx.execute(status -> {
                PurgeCandidates.Batch chosen = candidates.alerts(c.alerts(), from, settings.batchSize());
                if (chosen.ids().isEmpty()) {
                    return null;
                }
                AlertPurge.Deleted deleted = alerts.delete(chosen.ids());
                counts.alerts += deleted.alerts();
                counts.alertReadLinks += deleted.readLinks();
                return chosen.last();
            });
            if (last == null || !carryOn.getAsBoolean()) {
                return;
            }
            after = last;
        }
    }

    private record Outcome(PurgeCandidates.Position last, List<String> files, Runnable tally) {
    }

    private record ReadsDeleted(ReadPurge.Deleted reads, RecognitionPurge.Deleted recognition,
                                ViolationPurge.ReadTraces traces, PassagePurge.Deleted passages) {

        List<String> files() {
            return reads.unreferencedFiles();
        }
    }

    /** Deletes reads and what hangs on them, each module its own rows, the reads themselves last. */
    private ReadsDeleted deleteReads(List<Long> ids) {
        RecognitionPurge.Deleted r = recognition.deleteForReads(ids);
        ViolationPurge.ReadTraces t = violations.deleteReadTraces(ids);
        PassagePurge.Deleted p = passages.deleteForReads(ids);
        ReadPurge.Deleted d = reads.delete(ids);
        return new ReadsDeleted(d, r, t, p);
    }

    /** Declares the transaction the retention purge's: the append-only histories admit its deletes (V19). */
    private void purgeTransaction() {
        jdbc.sql("select set_config('plateguard.purge', 'retention', true)").query((rs, n) -> 0).single();
    }

    /**
     * Runs one batch; a batch that lost a race with a new reference to a row it deletes (a read someone asked to
     * recognise again, evidence content stored again meanwhile) rolls back and is chosen and run again.
     */
    private static Outcome attempt(Supplier<Outcome> batch) {
        for (int i = 1; ; i++) {
            try {
                return batch.get();
            } catch (DataIntegrityViolationException | ConcurrencyFailureException e) {
                if (i >= ATTEMPTS) {
                    throw e;
                }
                log.info("Retention batch lost a race ({}); trying it again", e.getMessage());
            }
        }
    }

    /** The pause between batches; false when interrupted (the server stops). */
    private boolean pause() {
        Duration pause = settings.batchPause();
        if (pause.isZero()) {
            return true;
        }
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What a run deleted, per data class. */
    private static final class Counts {
        long unmatchedReads;
        long unmatchedEvidenceLinks;
        long violations;
        long violationEvents;
        long violationReadLinks;
        long reviewDecisions;
        long plateCorrections;
        long qualityChecks;
        long notices;
        long noticeEvents;
        long violationReads;
        long violationEvidenceLinks;
        long sectionPairs;
        long sectionSightings;
        long exemptionSkips;
        long detectionJobs;
        long passages;
        long recognitionRecords;
        long recognitionJobs;
        long evidenceRows;
        long files;
        long holds;
        long outboundEvents;
        long outboundDeliveries;
        long deadLetters;
        long outboundAttempts;
        long alerts;
        long alertReadLinks;
        AuditPurge.Result audit = new AuditPurge.Result(0, 0, null, null);

        void violations(ViolationPurge.Violations v, ReviewPurge.Deleted r, NoticePurge.Deleted n, ReadsDeleted reads) {
            violations += v.violations();
            violationEvents += v.events();
            violationReadLinks += v.readLinks();
            sectionPairs += v.sectionPairs();
            reviewDecisions += r.decisions();
            plateCorrections += r.corrections();
            qualityChecks += r.qualityChecks();
            notices += n.notices();
            noticeEvents += n.events();
            violationReads += reads.reads().reads();
            violationEvidenceLinks += reads.reads().evidenceLinks();
            traces(reads);
        }

        void unmatched(ReadsDeleted reads) {
            unmatchedReads += reads.reads().reads();
            unmatchedEvidenceLinks += reads.reads().evidenceLinks();
            traces(reads);
        }

        private void traces(ReadsDeleted reads) {
            recognitionRecords += reads.recognition().records();
            recognitionJobs += reads.recognition().jobs();
            sectionSightings += reads.traces().sectionSightings();
            sectionPairs += reads.traces().sectionPairs();
            exemptionSkips += reads.traces().exemptionSkips();
            detectionJobs += reads.traces().detectionJobs();
            passages += reads.passages().passages();
            evidenceRows += reads.reads().unreferencedFiles().size();
        }

        Map<String, Object> asMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(RetentionPolicy.UNMATCHED_READS, ordered("reads", unmatchedReads, "evidenceLinks", unmatchedEvidenceLinks,
                    "sectionSightings", sectionSightings, "exemptionSkips", exemptionSkips, "detectionJobs", detectionJobs,
                    "passages", passages));
            out.put(RetentionPolicy.CLOSED_VIOLATIONS, ordered("violations", violations, "events", violationEvents,
                    "readLinks", violationReadLinks, "reviewDecisions", reviewDecisions, "plateCorrections",
                    plateCorrections, "qualityChecks", qualityChecks, "notices", notices, "noticeEvents", noticeEvents,
                    "sectionPairs", sectionPairs, "reads", violationReads, "evidenceLinks", violationEvidenceLinks));
            out.put(RetentionPolicy.RECOGNITION, ordered("records", recognitionRecords, "jobs", recognitionJobs));
            out.put(RetentionPolicy.EVIDENCE, ordered("rows", evidenceRows, "files", files));
            Map<String, Object> auditCounts = ordered("entries", audit.entries(), "segments", audit.segments());
            if (audit.firstSeq() != null) {
                auditCounts.put("firstSeq", audit.firstSeq());
                auditCounts.put("cutoff", audit.cutoff().toString());
            }
            out.put(RetentionPolicy.AUDIT, auditCounts);
            out.put(RetentionPolicy.LIFTED_HOLDS, ordered("holds", holds));
            out.put(RetentionPolicy.OUTBOUND_EVENTS, ordered("outboundEvents", outboundEvents, "deliveries",
                    outboundDeliveries, "attempts", outboundAttempts));
            out.put(RetentionPolicy.OUTBOUND_DEAD_LETTERS, ordered("deadLetters", deadLetters));
            out.put(RetentionPolicy.ALERTS, ordered("alerts", alerts, "readLinks", alertReadLinks));
            return out;
        }

        private static Map<String, Object> ordered(Object... pairs) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                out.put((String) pairs[i], pairs[i + 1]);
            }
            return out;
        }
    }
}
