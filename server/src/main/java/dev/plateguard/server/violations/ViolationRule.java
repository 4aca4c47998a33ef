package dev.plateguard.server.violations;

import java.util.Optional;

/**
 * One detection rule, in the spirit of Traccar's event handlers: a small, stateless class that looks at one read
 * and the current catalogue and says whether it is an offence. Rules never touch the database; deduplication,
 * repeat offences and fines in som are the pipeline's job ({@link ViolationDetector}).
 */
public interface ViolationRule {

    /** Stable name, stored with each violation and part of the (rule, read) idempotency key. */
    String name();

    Optional<Finding> evaluate(ReadFacts read, Catalogue catalogue);
}
