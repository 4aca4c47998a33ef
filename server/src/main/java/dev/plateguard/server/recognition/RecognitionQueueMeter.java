package dev.plateguard.server.recognition;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.metrics.QueueSample;
import dev.plateguard.server.metrics.SampledGauges;

/**
 * The recognition queue (recognition_job: waiting, retrying or running) for Prometheus:
 * {@code plateguard.queue.depth} and {@code plateguard.queue.oldest.age}, sampled (metrics/SampledGauges).
 */
@Component
class RecognitionQueueMeter {

    RecognitionQueueMeter(SampledGauges gauges, JdbcClient jdbc) {
        gauges.queue("recognition", () -> jdbc.sql("select count(*), min(created_at) from recognition_job")
                .query(QueueSample::of).single());
    }
}
