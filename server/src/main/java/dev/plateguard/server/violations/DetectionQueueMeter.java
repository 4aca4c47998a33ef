package dev.plateguard.server.violations;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.metrics.QueueSample;
import dev.plateguard.server.metrics.SampledGauges;

/**
 * The detection queue (detection_job) for Prometheus; the age of its oldest job is the detection lag:
 * {@code plateguard.queue.depth} and {@code plateguard.queue.oldest.age}, sampled (metrics/SampledGauges).
 */
@Component
class DetectionQueueMeter {

    DetectionQueueMeter(SampledGauges gauges, JdbcClient jdbc) {
        gauges.queue("detection", () -> jdbc.sql("select count(*), min(queued_at) from detection_job")
                .query(QueueSample::of).single());
    }
}
