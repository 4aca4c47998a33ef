package dev.plateguard.server.violations;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.registry.RegistryAnswer;
import dev.plateguard.server.registry.RegistryRecheckQueue;

/**
 * Works off the {@link RegistryRecheckQueue}: reads whose registry check got UNAVAILABLE, and reads whose plate an
 * operator corrected. Each due entry is looked up again (outside any transaction); a definitive answer is judged
 * and recorded as in detection, and the entry completed, in one transaction; UNAVAILABLE leaves the entry queued
 * with its backoff ({@code failed}). Recording is idempotent through the (rule, read) key of {@code violation_read}.
 */
@Component
public class RegistryRechecks {

    private static final Logger log = LoggerFactory.getLogger(RegistryRechecks.class);
    private static final int CHUNK = 100;

    private final RegistryRules rules;
    private final ViolationDetector detector;
    private final DetectionFeed feed;
    private final CatalogueStore catalogues;
    private final TransactionTemplate tx;
    private final PlateGuardProperties.Violations settings;

    RegistryRechecks(RegistryRules rules, ViolationDetector detector, DetectionFeed feed, CatalogueStore catalogues,
                     PlatformTransactionManager transactions, PlateGuardProperties properties) {
        this.rules = rules;
        this.detector = detector;
        this.feed = feed;
        this.catalogues = catalogues;
        this.tx = new TransactionTemplate(transactions);
        this.settings = properties.violations();
    }

    @Scheduled(initialDelayString = "${plateguard.violations.registry-recheck-interval:10s}",
            fixedDelayString = "${plateguard.violations.registry-recheck-interval:10s}")
    void scheduled() {
        if (!settings.enabled() || !rules.enabled()) {
            return;
        }
        try {
            recheckDue();
        } catch (RuntimeException e) {
            log.error("Registry re-check failed; entries stay queued", e);
        }
    }

    /**
     * Checks every entry due now (also while the scheduled checks are off: for tests and operations).
     *
     * @return the number of entries completed (a definitive answer, or a read that no longer exists)
     */
    public int recheckDue() {
        RegistryRecheckQueue queue = rules.queue();
        int completed = 0;
        while (true) {
            // drainDue moves each claimed entry's next attempt out, so an entry failing again is not met twice
            List<RegistryRecheckQueue.Entry> due = queue.drainDue(CHUNK);
            if (due.isEmpty()) {
                return completed;
            }
            for (RegistryRecheckQueue.Entry entry : due) {
                Optional<ReadFacts> read = feed.read(entry.readId());
                if (read.isPresent() && rules.covered(entry.country(), entry.plate())) {
                    RegistryAnswer answer = rules.lookup(entry.country(), entry.plate());
                    if (answer instanceof RegistryAnswer.Unavailable unavailable) {
                        queue.failed(entry.readId(), unavailable.reason());
                        continue;
                    }
                    tx.executeWithoutResult(status -> {
                        Catalogue catalogue = catalogues.current();
                        detector.record(rules.findings(read.get(), entry.country(), entry.plate(), answer, catalogue),
                                catalogue);
                        queue.complete(entry.readId());
                    });
                } else {
                    queue.complete(entry.readId()); // the read is gone, or the country is no longer covered
                }
                completed++;
            }
        }
    }
}
