package dev.plateguard.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import tools.jackson.databind.JsonNode;

import dev.plateguard.plates.PlateText;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;

/**
 * JSON logs ({@code logging.structured.format.console=ecs} or {@code logstash}) mask plates as the plain ones do:
 * a read goes through the real ingest path with its debug line on, and that line, written by Spring Boot's own
 * structured encoder in the running server's logging setup, is one valid JSON object with the plate masked.
 */
class StructuredLogIT extends IngestSupport {

    private static final String INGESTION = "dev.plateguard.server.ingest.ReadIngestion";

    @Autowired
    LoggingSystem logging;

    @ParameterizedTest
    @ValueSource(strings = {"ecs", "logstash"})
    void jsonLinesMaskPlates(String format) {
        TestClient.Device device = client().device(admin());
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
            }
        };
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        LogLevel was = logging.getLoggerConfiguration(INGESTION).getConfiguredLevel();
        String plate = uniquePlate();
        String eventId = eventId();
        root.addAppender(appender);
        logging.setLogLevel(INGESTION, LogLevel.DEBUG);
        try {
            assertThat(postMetadataOnly(device, minimalMetadata(eventId, aMinuteAgo(), plate)).status()).isEqualTo(201);
        } finally {
            logging.setLogLevel(INGESTION, was);
            root.detachAppender(appender);
            appender.stop();
            encoder.stop();
        }

        List<String> mine = lines.stream().filter(line -> line.contains(eventId)).toList();
        assertThat(mine).as("the read's debug line").hasSize(1);
        String line = mine.getFirst();
        assertThat(line).endsWith("\n").hasLineCount(1);
        JsonNode json = TestClient.JSON.readTree(line);
        assertThat(json.get("message").asString()).contains(eventId).contains("plate " + PlateText.mask(plate));
        assertThat(json.toString()).contains(INGESTION);
        assertThat(lines).as("no line names the plate").noneMatch(l -> l.contains(plate));
    }
}
