package dev.plateguard.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single Kafka broker (KRaft mode) for {@code bench/ingest --kafka}: creates the read topic with six partitions,
 * writes its bootstrap address to the file named by the first argument, and runs until killed.
 */
public final class KafkaBroker {

    private KafkaBroker() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6, "plateguard.reads");
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        Path ready = Path.of(args[0]);
        Files.writeString(ready.resolveSibling(ready.getFileName() + ".tmp"), broker.getBrokersAsString());
        Files.move(ready.resolveSibling(ready.getFileName() + ".tmp"), ready);
        Thread.currentThread().join();
    }
}
