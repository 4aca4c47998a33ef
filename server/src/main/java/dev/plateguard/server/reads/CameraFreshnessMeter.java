package dev.plateguard.server.reads;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.metrics.SampledGauges;

/**
 * Per-camera freshness for Prometheus: {@code plateguard.camera.last.read.age{camera}}, seconds since the capture
 * time of each active camera's latest read (tagged by camera id only; a camera without reads has no series).
 * Sampled (metrics/SampledGauges) with one index probe per camera ({@code plate_read_camera}); the age itself is
 * worked out at the scrape, so it grows between samples as it would between reads.
 */
@Component
class CameraFreshnessMeter implements SampledGauges.Sampler {

    private record Latest(long cameraId, Instant capturedAt) {
    }

    private final JdbcClient jdbc;
    private final MultiGauge gauge;
    private final Clock clock = Clock.systemUTC();
    /** Held here: gauges keep only weak references to the objects their rows read. */
    private volatile List<Latest> latest = List.of();

    CameraFreshnessMeter(JdbcClient jdbc, SampledGauges gauges, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.gauge = MultiGauge.builder("plateguard.camera.last.read.age").baseUnit("seconds")
                .description("Seconds since the capture time of the camera's latest read").register(registry);
        gauges.add("camera freshness", this);
    }

    @Override
    public void refresh() {
        List<Latest> found = jdbc.sql("""
                        select c.id, r.captured_at from camera c
                        cross join lateral (select captured_at from plate_read where camera_id = c.id
                                            order by captured_at desc limit 1) r
                        where c.active order by c.id""")
                .query((rs, n) -> new Latest(rs.getLong(1), rs.getTimestamp(2).toInstant())).list();
        latest = found;
        List<MultiGauge.Row<?>> rows = new ArrayList<>(found.size());
        for (Latest camera : found) {
            rows.add(MultiGauge.Row.of(Tags.of("camera", Long.toString(camera.cameraId())), camera, this::ageSeconds));
        }
        gauge.register(rows, true);
    }

    private double ageSeconds(Latest camera) {
        return Math.max(0, Duration.between(camera.capturedAt(), clock.instant()).toMillis() / 1000.0);
    }

    @Override
    public void unknown() {
        latest = List.of();
        gauge.register(List.of(), true);
    }
}
