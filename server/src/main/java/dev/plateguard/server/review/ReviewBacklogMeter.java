package dev.plateguard.server.review;

import java.time.Clock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.metrics.SampledGauges;

/**
 * The review backlog against its legal deadlines for Prometheus, the start page's figure for the whole country
 * ({@link ReviewFigures#backlog}): {@code plateguard.review.backlog{due}}, violations waiting for review whose review
 * deadline has passed ({@code overdue}) or comes within 24 hours ({@code within_24h}), within 72 hours
 * ({@code within_72h}) or later ({@code later}). Sampled (metrics/SampledGauges).
 */
@Component
class ReviewBacklogMeter implements SampledGauges.Sampler {

    private final ReviewFigures figures;
    private final Clock clock = Clock.systemUTC();
    private volatile ReviewFigures.Backlog backlog;

    ReviewBacklogMeter(ReviewFigures figures, SampledGauges gauges, MeterRegistry registry) {
        this.figures = figures;
        gauge(registry, "overdue", ReviewFigures.Backlog::overdue);
        gauge(registry, "within_24h", ReviewFigures.Backlog::within24h);
        gauge(registry, "within_72h", ReviewFigures.Backlog::within72h);
        gauge(registry, "later", ReviewFigures.Backlog::later);
        gauges.add("review backlog", this);
    }

    @Override
    public void refresh() {
        backlog = figures.backlog(Scope.COUNTRY, clock.instant());
    }

    @Override
    public void unknown() {
        backlog = null;
    }

    private void gauge(MeterRegistry registry, String due, java.util.function.ToLongFunction<ReviewFigures.Backlog> count) {
        Gauge.builder("plateguard.review.backlog", () -> {
                    ReviewFigures.Backlog now = backlog;
                    return now == null ? Double.NaN : count.applyAsLong(now);
                })
                .description("Violations waiting for review, by how long is left before their review deadline")
                .tag("due", due).register(registry);
    }
}
