package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;
import dev.plateguard.server.recognition.RecognitionTestConfiguration;

/**
 * The Kafka read log against a real broker (KRaft, in this JVM) and a server of its own: a read is acknowledged with
 * 202 once the broker holds it, its consumer stores it once with its evidence and jobs, a retry before and after that
 * is answered without a second row, and a record delivered twice (a consumer that crashed before committing its
 * offsets) is stored once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecognitionTestConfiguration.class)
// Closed after this class: its producer and consumers would otherwise keep calling the broker for the rest of the run.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaIngestIT {

    private static final Path OWN_DIR;
    private static final EmbeddedKafkaKraftBroker BROKER;

    static {
        try {
            OWN_DIR = Files.createTempDirectory("plateguard-kafka-test-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        BROKER = new EmbeddedKafkaKraftBroker(1, 3, "plateguard.reads");
        BROKER.afterPropertiesSet();
        // Stopped with the JVM: the server's context closes first (after this class), while the broker still answers.
        Runtime.getRuntime().addShutdownHook(new Thread(BROKER::destroy));
    }

    @DynamicPropertySource
    static void ownServer(DynamicPropertyRegistry registry) {
        registry.add("plateguard.data-dir", OWN_DIR::toString);
        registry.add("plateguard.embedded-db.port", () -> "0");
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("plateguard.review.interval", () -> "1h");
        registry.add("plateguard.violations.registry-recheck-interval", () -> "1h");
        registry.add("plateguard.recognition.poll-interval", () -> "1h");
        registry.add("plateguard.retention.enabled", () -> "false");
        registry.add("plateguard.violations.enabled", () -> "false");
        registry.add("plateguard.ingest.kafka.enabled", () -> "true");
        registry.add("plateguard.ingest.kafka.bootstrap-servers", BROKER::getBrokersAsString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private TestClient client() {
        return new TestClient("http://127.0.0.1:" + port);
    }

    private static TestClient.Admin admin;

    private synchronized TestClient.Admin admin() {
        if (admin == null) {
            admin = client().setupFirstAdmin(OWN_DIR.resolve("setup-token"));
        }
        return admin;
    }

    @Test
    void aReadIsAcknowledgedOnceTheBrokerHoldsItAndStoredOnceWithItsEvidenceAndJobs() throws Exception {
        var device = client().device(admin());
        String eventId = "k-" + UUID.randomUUID();
        String metadata = metadata(eventId, plate());
        byte[] image = TestMedia.jpeg(320, 120, eventId.substring(2, 10), 7);
        var accepted = client().postMultipart("/api/v1/reads", device.key(), read(metadata, image));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().get("status").asString()).isEqualTo("accepted");
        assertThat(accepted.json().get("id").isNull()).isTrue();
        assertThat(accepted.header("Location")).isNull();

        long id = awaitStored(device.cameraId(), eventId);
        assertThat(jdbc.sql("select count(*) from read_evidence where read_id = ?").param(id).query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from detection_job where read_id = ?").param(id).query(Long.class).single())
                .as("detection is queued with the row (detection is off in this test)").isEqualTo(1);
        String sha = dev.plateguard.server.evidence.ContentHash.of(image);
        assertThat(OWN_DIR.resolve("evidence").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha))
                .as("the evidence was durable before the acknowledgement").isRegularFile();

        // A retry once stored is a duplicate with the read's id; other content under the eventId is a conflict.
        var retry = client().postMultipart("/api/v1/reads", device.key(), read(metadata, image));
        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.json().get("id").asLong()).isEqualTo(id);
        var reuse = client().postMultipart("/api/v1/reads", device.key(), read(metadata(eventId, plate()), image));
        assertThat(reuse.status()).as(reuse.toString()).isEqualTo(409);
        assertThat(rows(device.cameraId(), eventId)).isEqualTo(1);
    }

    @Test
    void aBatchGoesToTheLogAndARecordDeliveredTwiceIsStoredOnce() throws Exception {
        var device = client().device(admin());
        String a = "kb-" + UUID.randomUUID(), b = "kb-" + UUID.randomUUID();
        String body = "{\"reads\":[" + metadata(a, plate()) + "," + metadata(b, plate()) + "," + metadata(a, plate()) + "]}";
        var response = client().post("/api/v1/reads/batch", device.key(), "application/json",
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(response.json().get("errors").asInt()).as("the third item reuses a's eventId for another plate")
                .isEqualTo(1);
        long idA = awaitStored(device.cameraId(), a);
        awaitStored(device.cameraId(), b);

        // The record of a, delivered again (as after a consumer crash before its offsets were committed).
        String record = jdbc.sql("""
                select json_build_object('cameraId', camera_id, 'siteId', site_id, 'deviceKeyId', device_key_id,
                    'eventId', event_id, 'capturedAt', to_char(captured_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'plateText', plate_text, 'plateNormalized', plate_normalized, 'plateFolded', plate_folded,
                    'plateCountry', plate_country, 'plateFormat', plate_format, 'plateRegion', plate_region,
                    'plateConfidence', plate_confidence, 'speedKmh', speed_kmh, 'metadata', metadata::text,
                    'contentHash', encode(content_hash, 'hex'), 'plateSource', plate_source, 'recognise', false,
                    'evidence', json_build_array())::text
                from plate_read where id = ?""").param(idA).query(String.class).single();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.getBrokersAsString());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        String sentinel = "kb-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<String, byte[]>(config)) {
            producer.send(new ProducerRecord<>("plateguard.reads", device.cameraId() + "/" + a,
                    record.getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>("plateguard.reads", "junk", "not a read".getBytes(StandardCharsets.UTF_8))).get();
        }
        // A read sent after them is stored once they were consumed (the junk record is skipped, not retried forever).
        var after = client().postMultipart("/api/v1/reads", device.key(), new TestClient.Multipart()
                .json("metadata", metadata(sentinel, plate())));
        assertThat(after.status()).isEqualTo(202);
        awaitStored(device.cameraId(), sentinel);
        assertThat(rows(device.cameraId(), a)).isEqualTo(1);
        assertThat(rows(device.cameraId(), b)).isEqualTo(1);
    }

    private long rows(long camera, String eventId) {
        return jdbc.sql("select count(*) from plate_read where camera_id = ? and event_id = ?").params(camera, eventId)
                .query(Long.class).single();
    }

    private long awaitStored(long camera, String eventId) throws InterruptedException {
        await(() -> rows(camera, eventId) == 1, "read " + eventId + " stored by the consumer");
        return jdbc.sql("select id from plate_read where camera_id = ? and event_id = ?").params(camera, eventId)
                .query(Long.class).single();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private static TestClient.Multipart read(String metadata, byte[] image) {
        return new TestClient.Multipart().json("metadata", metadata).file("image", "i.jpg", "image/jpeg", image);
    }

    private static String metadata(String eventId, String plate) {
        String at = OffsetDateTime.now(ZoneOffset.ofHours(5)).minusMinutes(1).truncatedTo(ChronoUnit.MILLIS).toString();
        return "{\"eventId\":\"" + eventId + "\",\"capturedAt\":\"" + at + "\",\"plate\":{\"text\":\"" + plate
                + "\",\"confidence\":0.9}}";
    }

    private static String plate() {
        var r = ThreadLocalRandom.current();
        String letters = "ABEHKMPTXY";
        return String.format("01%c%03d%c%c", letters.charAt(r.nextInt(10)), r.nextInt(1000), letters.charAt(r.nextInt(10)),
                letters.charAt(r.nextInt(10)));
    }
}
