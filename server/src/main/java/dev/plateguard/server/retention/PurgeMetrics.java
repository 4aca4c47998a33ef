package dev.plateguard.server.retention;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The purge's metrics (docs/observability.md): {@code plateguard.retention.purged{class, item}}, the rows and files
 * each run deleted, by retention class ({@code unmatched-reads}, {@code closed-violations}, ...) and what they were
 * ({@code reads}, {@code evidenceLinks}, {@code files}, ...), exactly the counts the run records and audits; and
 * {@code plateguard.retention.runs{outcome}} ({@code success}, {@code partial}, {@code failure}).
 */
@Component
class PurgeMetrics {

    private final MeterRegistry registry;

    PurgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String outcome : new String[] {"success", "partial", "failure"}) {
            runs(outcome);
        }
    }

    /** Registers every series at 0 (from a run's counts with nothing deleted), so that it shows before any purge. */
    void known(Map<String, Object> emptyCounts) {
        add(emptyCounts);
    }

    /** A finished run: its outcome and what it deleted. */
    void finished(String outcome, Map<String, Object> counts) {
        runs(outcome).increment();
        add(counts);
    }

    private void add(Map<String, Object> counts) {
        counts.forEach((dataClass, items) -> {
            if (items instanceof Map<?, ?> map) {
                map.forEach((item, value) -> {
                    // only the counts: the audit class also names its first sequence number and cutoff
                    if (value instanceof Number && !"firstSeq".equals(item)) {
                        purged(dataClass, (String) item).increment(((Number) value).longValue());
                    }
                });
            }
        });
    }

    private Counter purged(String dataClass, String item) {
        return Counter.builder("plateguard.retention.purged").description("Rows and files deleted by the retention purge")
                .tags("class", dataClass, "item", item).register(registry);
    }

    private Counter runs(String outcome) {
        return Counter.builder("plateguard.retention.runs").description("Retention purge runs, by outcome")
                .tag("outcome", outcome).register(registry);
    }
}
