package dev.plateguard.server.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges whose figures come from SQL, refreshed every {@code plateguard.metrics.refresh-interval} into cached values:
 * a scrape reads what the last refresh found and never queries the database. Each owning module registers its
 * figures here with its own query. A figure whose query fails reads as unknown (NaN) until the next success, so a
 * dashboard shows a gap rather than an old number.
 */
@Component
public class SampledGauges {

    /** A figure with its own gauges: {@code refresh} queries and keeps the values, {@code unknown} forgets them. */
    public interface Sampler {

        void refresh();

        void unknown();
    }

    private static final Logger log = LoggerFactory.getLogger(SampledGauges.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final List<Named> samplers = new CopyOnWriteArrayList<>();

    private record Named(String name, Sampler sampler) {
    }

    SampledGauges(MeterRegistry registry) {
        this.registry = registry;
        this.clock = Clock.systemUTC();
    }

    /**
     * A work queue: {@code plateguard.queue.depth{queue}} (items waiting) and
     * {@code plateguard.queue.oldest.age{queue}} (seconds the oldest has waited, at the time of the scrape; 0 when
     * the queue is empty), from {@code query}.
     */
    public void queue(String queue, Supplier<QueueSample> query) {
        QueueGauges gauges = new QueueGauges(query, clock);
        Gauge.builder("plateguard.queue.depth", gauges, QueueGauges::depth)
                .description("Items waiting in a work queue (a job table)").tag("queue", queue).register(registry);
        Gauge.builder("plateguard.queue.oldest.age", gauges, QueueGauges::oldestAgeSeconds).baseUnit("seconds")
                .description("How long the oldest item of a work queue has waited").tag("queue", queue).register(registry);
        add("queue " + queue, gauges);
    }

    /** Any other sampled figure; the sampler registers its own gauges, reading the values it keeps. */
    public void add(String name, Sampler sampler) {
        samplers.add(new Named(name, sampler));
    }

    /** Queries every figure now: once at start, then on the schedule (tests call it to see a change at once). */
    @Scheduled(fixedDelayString = "${plateguard.metrics.refresh-interval:15s}")
    public void refresh() {
        samplers.forEach(this::refreshOne);
    }

    private void refreshOne(Named named) {
        try {
            named.sampler().refresh();
        } catch (RuntimeException e) {
            // The database may be down; readiness says so. One line, no stack trace, every refresh while it lasts.
            log.warn("metrics: {} could not be sampled ({}); it reads as unknown", named.name(), e.toString());
            named.sampler().unknown();
        }
    }

    /** The cached look at one queue. */
    private static final class QueueGauges implements Sampler {

        private final Supplier<QueueSample> query;
        private final Clock clock;
        private volatile QueueSample last;

        QueueGauges(Supplier<QueueSample> query, Clock clock) {
            this.query = query;
            this.clock = clock;
        }

        @Override
        public void refresh() {
            last = query.get();
        }

        @Override
        public void unknown() {
            last = null;
        }

        double depth() {
            QueueSample sample = last;
            return sample == null ? Double.NaN : sample.depth();
        }

        double oldestAgeSeconds() {
            QueueSample sample = last;
            if (sample == null) {
                return Double.NaN;
            }
            Instant oldest = sample.oldest();
            return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
        }
    }
}
