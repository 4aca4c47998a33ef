package dev.plateguard.server.violations;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.PlateGuardProperties;

/**
 * The detection pipeline: {@link DetectionFeed} (the {@code detection_job} queue) → {@link RuleRunner} (every
 * rule on every read) → {@link #record} (already-recorded and exempt findings dropped) → {@link ViolationLedger}
 * (the {@link FindingPolicy}, then the rows). Data flows one way: it reads {@code plate_read} and never calls ingest,
 * so a slow or failing rule cannot slow or fail a camera.
 *
 * <p>Each batch is one transaction: its jobs are taken, its violations written, all or nothing. Evaluating a read
 * again is harmless: each (rule key, read) pair is recorded once ({@code violation_read} has a unique key on it).
 */
@Component
public class ViolationDetector {

    private static final Logger log = LoggerFactory.getLogger(ViolationDetector.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final CatalogueStore catalogues;
    private final DetectionFeed feed;
    private final RuleRunner runner;
    private final Exemptions exemptions;
    private final ViolationLedger ledger;
    private final PlateGuardProperties.Violations settings;

    ViolationDetector(JdbcClient jdbc, PlatformTransactionManager transactions, CatalogueStore catalogues,
                      DetectionFeed feed, RuleRunner runner, Exemptions exemptions, ViolationLedger ledger,
                      PlateGuardProperties properties) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.catalogues = catalogues;
        this.feed = feed;
        this.runner = runner;
        this.exemptions = exemptions;
        this.ledger = ledger;
        this.settings = properties.violations();
    }

    @Scheduled(initialDelayString = "${plateguard.violations.interval:500ms}",
            fixedDelayString = "${plateguard.violations.interval:500ms}")
    void scheduled() {
        if (!settings.enabled()) {
            return;
        }
        try {
            processPending();
        } catch (RuntimeException e) {
            log.error("Violation detection failed; its jobs stay queued and are retried", e);
        }
    }

    /**
     * Evaluates every read queued for detection so far, batch by batch.
     *
     * @return the number of reads taken from the queue
     */
    public int processPending() {
        int total = 0;
        while (true) {
            DetectionBatch batch = new DetectionBatch(catalogues.current());
            runner.prefetch(() -> feed.peek(settings.batchSize()), batch);
            Integer done = tx.execute(status -> {
                List<ReadFacts> reads = feed.take(settings.batchSize());
                record(runner.run(reads, batch), batch.catalogue());
                return reads.size();
            });
            if (done == null || done == 0) {
                return total;
            }
            total += done;
        }
    }

    /** Queues stored reads for detection again; findings already recorded are not recorded twice. */
    public int requeue(List<Long> readIds) {
        return feed.requeue(readIds);
    }

    /**
     * Records findings, in the caller's transaction: those whose (key, read) pair is recorded already are dropped,
     * as are those of a plate exempt at the offence time (the skip is recorded), and the ledger records the rest.
     * The one way findings reach the ledger, for batches and for registry re-checks alike.
     */
    void record(List<RuleFinding> findings, Catalogue catalogue) {
        if (findings.isEmpty()) {
            return;
        }
        Long[] readIds = findings.stream().map(f -> f.read().readId()).distinct().toArray(Long[]::new);
        Set<String> seen = new HashSet<>(jdbc.sql("select rule || '#' || read_id from violation_read where read_id = any(?)")
                .param(readIds).query(String.class).list());
        Set<String> exemptPlates = exemptions.exemptAmong(
                findings.stream().map(f -> f.read().plate()).filter(Objects::nonNull).distinct().toList());
        List<RuleFinding> fresh = new ArrayList<>(findings.size());
        for (RuleFinding f : findings) {
            if (!seen.add(f.key() + "#" + f.read().readId())) {
                continue;
            }
            if (exemptPlates.contains(f.read().plate()) && exemptions.skip(f.key(), f.read(), f.finding())) {
                continue; // the one exemption check, for every rule
            }
            fresh.add(f);
        }
        ledger.record(fresh, catalogue);
    }
}
