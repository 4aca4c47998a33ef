package dev.plateguard.server.alerts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.metrics.QueueSample;
import dev.plateguard.server.metrics.SampledGauges;

/**
 * The hotlist matching queue (alert_job) for Prometheus:
 * {@code plateguard.queue.depth} and {@code plateguard.queue.oldest.age}, sampled (metrics/SampledGauges).
 */
@Component
class AlertQueueMeter {

    AlertQueueMeter(SampledGauges gauges, JdbcClient jdbc) {
        gauges.queue("alerts", () -> jdbc.sql("select count(*), min(queued_at) from alert_job")
                .query(QueueSample::of).single());
    }
}
