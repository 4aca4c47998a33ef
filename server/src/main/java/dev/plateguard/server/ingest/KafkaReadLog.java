package dev.plateguard.server.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The producer side of the Kafka read log: appends reads to the topic and returns once every broker in sync holds
 * them ({@code acks=all}, idempotent producer), which is when ingest acknowledges them. Keyed by camera and eventId,
 * so that a read and its retries land in one partition, in order.
 */
@Component
@ConditionalOnProperty(name = "plateguard.ingest.kafka.enabled", havingValue = "true")
class KafkaReadLog implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaSettings settings;
    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> template;

    KafkaReadLog(KafkaSettings settings) {
        this.settings = settings;
        Map<String, Object> config = new HashMap<>(settings.properties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        // A broker that is down shows within the request's wait, not after the producer's default two minutes.
        int timeout = (int) Math.max(1_000, settings.sendTimeout().toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeout, 30_000));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout + 30_000);
        this.producers = new DefaultKafkaProducerFactory<>(config);
        this.template = new KafkaTemplate<>(producers);
    }

    /**
     * Appends the reads and waits until the brokers hold all of them.
     *
     * @throws DataAccessResourceFailureException when they do not within the send timeout: nothing is acknowledged
     *                                            (the device retries on the 503; the consumer stores a read once)
     */
    void append(List<ReadRow> rows) {
        List<CompletableFuture<?>> sent = new ArrayList<>(rows.size());
        for (ReadRow row : rows) {
            sent.add(template.send(settings.topic(), row.key(), JSON.writeValueAsBytes(row)));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("interrupted while the read log took the read", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new DataAccessResourceFailureException("the read log (Kafka) did not take the read", e);
        }
    }

    @Override
    public void close() {
        producers.destroy();
    }
}
