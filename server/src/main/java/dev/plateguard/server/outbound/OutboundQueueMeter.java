package dev.plateguard.server.outbound;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.metrics.QueueSample;
import dev.plateguard.server.metrics.SampledGauges;

/**
 * Deliveries waiting to go out (outbound_delivery, pending: webhooks and MQTT, retries included) for Prometheus:
 * {@code plateguard.queue.depth} and {@code plateguard.queue.oldest.age}, sampled (metrics/SampledGauges).
 */
@Component
class OutboundQueueMeter {

    OutboundQueueMeter(SampledGauges gauges, JdbcClient jdbc) {
        gauges.queue("outbound", () -> jdbc.sql("select count(*), min(created_at) from outbound_delivery where state = 'pending'")
                .query(QueueSample::of).single());
    }
}
