package dev.plateguard.server.ingest;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The optional Kafka read log ({@code plateguard.ingest.kafka.*}, docs/kafka.md). Off by default: reads are then
 * acknowledged once PostgreSQL holds them.
 *
 * @param enabled          on: a read is acknowledged (202) once the brokers hold it (acks=all), and a consumer stores it
 * @param bootstrapServers the brokers, host:port[,host:port…]
 * @param topic            the topic of reads, keyed by camera and eventId
 * @param groupId          the consumer group of the nodes that store reads
 * @param sendTimeout      how long a request waits for the brokers before it answers 503 with Retry-After
 * @param consumers        consumer threads on this node (at most the topic's partition count are busy)
 * @param properties       further Kafka client settings for producer and consumer (TLS, SASL …), e.g.
 *                         {@code plateguard.ingest.kafka.properties.security.protocol=SSL}
 */
@ConfigurationProperties("plateguard.ingest.kafka")
record KafkaSettings(@DefaultValue("false") boolean enabled, @DefaultValue("") String bootstrapServers,
                     @DefaultValue("plateguard.reads") String topic, @DefaultValue("plateguard-store") String groupId,
                     @DefaultValue("10s") Duration sendTimeout, @DefaultValue("1") int consumers,
                     Map<String, String> properties) {

    KafkaSettings {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        if (enabled && bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("plateguard.ingest.kafka.bootstrap-servers is required when "
                    + "plateguard.ingest.kafka.enabled=true");
        }
    }
}
