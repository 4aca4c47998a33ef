package dev.plateguard.server.violations;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * Runs every {@link ViolationRule} on every read, in read order and rule order (average speed, registry, then the
 * pure rules), skipping rules switched off at the read's camera and reads without a plate (image-only reads that
 * recognition has not read yet: it queues them again when it fills their plate).
 */
@Component
class RuleRunner {

    private final List<ViolationRule> rules;

    RuleRunner(List<ViolationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Lets rules look up the next batch's plates before its transaction; the plates are read only if one asks. */
    void prefetch(Supplier<List<ViolationRule.PlateKey>> plates, DetectionBatch batch) {
        rules.forEach(rule -> rule.prefetch(plates, batch));
    }

    List<RuleFinding> run(List<ReadFacts> reads, DetectionBatch batch) {
        List<RuleFinding> findings = new ArrayList<>();
        for (ReadFacts read : reads) {
            if (read.plate() == null) {
                continue;
            }
            for (ViolationRule rule : rules) {
                if (read.settings().enabled(rule.name())) {
                    findings.addAll(rule.findings(read, batch));
                }
            }
        }
        return findings;
    }
}
