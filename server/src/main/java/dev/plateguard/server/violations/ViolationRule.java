package dev.plateguard.server.violations;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One detection rule, in the spirit of Traccar's event handlers: a small class that looks at one read and says
 * whether it is an offence. The {@link RuleRunner} runs every rule on every read of a batch; deduplication, repeat
 * offences and fines in som are the {@link FindingPolicy}'s job, recording the {@link ViolationLedger}'s.
 *
 * <p>Most rules are pure and only implement {@link #evaluate}. Rules that look beyond the read override
 * {@link #findings}: average speed pairs the read with a stored sighting at the other end of a section, the registry
 * rules ask the vehicle registry.
 */
public interface ViolationRule {

    /** Stable name: stored with each violation, the (rule, read) idempotency key, and the per-camera switch. */
    String name();

    /** A pure rule's verdict on one read; empty when it is no offence. */
    default Optional<Finding> evaluate(ReadFacts read, Catalogue catalogue) {
        return Optional.empty();
    }

    /**
     * Called once per batch before its transaction opens, with the plates the batch will most likely meet (read
     * from the queue only when asked for): a rule that asks a slow service asks it here, so that no lock is held
     * while it waits.
     */
    default void prefetch(Supplier<List<PlateKey>> plates, DetectionBatch batch) {
    }

    /** What the rule finds for one read of a batch, in the batch's transaction. */
    default List<RuleFinding> findings(ReadFacts read, DetectionBatch batch) {
        return evaluate(read, batch.catalogue()).map(f -> List.of(RuleFinding.of(name(), read, f))).orElse(List.of());
    }

    /** A plate with its country, as the registry is keyed. */
    record PlateKey(String country, String plate) {
    }
}
