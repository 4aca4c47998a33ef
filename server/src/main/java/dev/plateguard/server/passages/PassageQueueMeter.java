package dev.plateguard.server.passages;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.metrics.QueueSample;
import dev.plateguard.server.metrics.SampledGauges;

/**
 * The passage grouping queue (passage_job) for Prometheus:
 * {@code plateguard.queue.depth} and {@code plateguard.queue.oldest.age}, sampled (metrics/SampledGauges).
 */
@Component
class PassageQueueMeter {

    PassageQueueMeter(SampledGauges gauges, JdbcClient jdbc) {
        gauges.queue("passages", () -> jdbc.sql("select count(*), min(queued_at) from passage_job")
                .query(QueueSample::of).single());
    }
}
