package dev.plateguard.server.violations;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * A finding of one rule about one read, on its way to the {@link ViolationLedger}.
 *
 * @param rule          the rule's name, stored with the violation
 * @param key           the (key, read) idempotency key in {@code violation_read}: the rule's name, or finer where a
 *                      read may be judged more than once by one rule (per section, per corrected plate)
 * @param read          the read the violation rests on (its primary read)
 * @param deduplicate   whether a stored violation of the same plate, offence and site within the dedup window
 *                      absorbs this finding as a duplicate read
 * @param evidenceReads further reads linked as evidence (the entry read of an average-speed pair)
 * @param onRecorded    called with the new violation's id, in the recording transaction; null for none
 */
public record RuleFinding(String rule, String key, ReadFacts read, Finding finding, boolean deduplicate,
                          List<Long> evidenceReads, LongConsumer onRecorded) {

    public RuleFinding {
        evidenceReads = List.copyOf(evidenceReads);
        if (!finding.state().initial()) {
            throw new IllegalArgumentException("a new violation cannot start as " + finding.state().code());
        }
    }

    /** The common case: keyed by the rule's name, deduplicated, nothing else attached. */
    public static RuleFinding of(String rule, ReadFacts read, Finding finding) {
        return new RuleFinding(rule, rule, read, finding, true, List.of(), null);
    }
}
