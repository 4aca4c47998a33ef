package dev.plateguard.server.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.plateguard.plates.PlateText;

/**
 * The consumer side of the Kafka read log: stores each poll's reads with one group insert (one statement, one WAL
 * flush) and commits the offsets only after that commit. A crash in between delivers the batch again; the insert is
 * idempotent per camera and eventId, so every acknowledged read is stored exactly once. Detection, hotlist matching
 * and passages follow from the jobs inserted with the rows, as for reads stored directly.
 */
@Component
@ConditionalOnProperty(name = "plateguard.ingest.kafka.enabled", havingValue = "true")
class KafkaReadStore implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaReadStore.class);

    private final ReadWriter writer;
    private final ApplicationEventPublisher events;
    private final ConcurrentMessageListenerContainer<String, byte[]> container;

    KafkaReadStore(KafkaSettings settings, ReadWriter writer, ApplicationEventPublisher events) {
        this.writer = writer;
        this.events = events;
        Map<String, Object> config = new HashMap<>(settings.properties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        ContainerProperties properties = new ContainerProperties(settings.topic());
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        properties.setMessageListener((BatchMessageListener<String, byte[]>) this::store);
        container = new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(config), properties);
        container.setConcurrency(Math.max(1, settings.consumers()));
        container.setBeanName("kafka-read-store");
        // The database may be down: the batch is retried, from 100 ms up to every 10 s, for as long as it takes.
        // Nothing is skipped: an acknowledged read must be stored.
        ExponentialBackOff backOff = new ExponentialBackOff(100, 2);
        backOff.setMaxInterval(10_000);
        container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
    }

    private void store(List<ConsumerRecord<String, byte[]>> records) {
        List<ReadRow> rows = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                rows.add(KafkaReadLog.JSON.readValue(record.value(), ReadRow.class));
            } catch (RuntimeException e) {
                // Only PlateGuard writes this topic; a record it cannot read is not a read (nor acknowledged as one).
                log.error("Skipping an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.toString());
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        List<ReadWriter.Inserted> results = writer.insertGroup(rows);
        int withPlate = 0;
        for (int i = 0; i < rows.size(); i++) {
            ReadWriter.Inserted inserted = results.get(i);
            IngestOutcome outcome = inserted.outcome();
            if (outcome.status() == IngestOutcome.Status.CREATED && rows.get(i).plateNormalized() != null) {
                withPlate++;
            }
            if (inserted.recognitionJobId() != null) {
                events.publishEvent(new ImageOnlyReadStored(outcome.id(), inserted.recognitionJobId()));
            }
            if (outcome.status() == IngestOutcome.Status.CONFLICT) {
                // Two acknowledged reads with one eventId and different content, neither stored when the second came.
                log.warn("Read {} of camera {} (plate {}) reuses the eventId of read {} with other content; not stored",
                        rows.get(i).eventId(), rows.get(i).cameraId(), PlateText.mask(rows.get(i).plateNormalized()),
                        outcome.id());
            }
        }
        if (withPlate > 0) {
            events.publishEvent(new PlateReadsStored(withPlate));
        }
    }

    @Override
    public void start() {
        container.start();
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }
}
