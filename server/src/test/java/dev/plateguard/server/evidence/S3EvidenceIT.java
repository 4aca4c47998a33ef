package dev.plateguard.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;
import dev.plateguard.server.recognition.RecognitionTestConfiguration;
import dev.plateguard.server.retention.RetentionPurge;
import dev.plateguard.server.violations.ViolationDetector;

/**
 * The server with {@code plateguard.evidence.store=s3}, against S3Proxy in a process of its own, over real HTTP: a
 * video stored in parts and served back whole and by range, an object altered in the bucket refused, ingest while
 * the store is down (503 with Retry-After, nothing stored) and once it is back, and the purge deleting objects from
 * the bucket. A server and database of its own, since the purge deletes whatever is old enough.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecognitionTestConfiguration.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3EvidenceIT {

    private static final Path OWN_DIR;
    private static final S3Server S3 = S3Server.start();

    static {
        try {
            OWN_DIR = Files.createTempDirectory("plateguard-s3-test-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
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
        registry.add("plateguard.evidence.store", () -> "s3");
        registry.add("plateguard.evidence.retry-after", () -> "9s");
        registry.add("plateguard.evidence.s3.endpoint", S3::endpoint);
        registry.add("plateguard.evidence.s3.bucket", S3::bucket);
        registry.add("plateguard.evidence.s3.path-style-access", () -> "true");
        registry.add("plateguard.evidence.s3.access-key-id", S3::accessKey);
        registry.add("plateguard.evidence.s3.secret-access-key", S3::secretKey);
        registry.add("plateguard.evidence.s3.multipart-threshold", () -> "5MB");
        registry.add("plateguard.evidence.s3.part-size", () -> "5MB");
        registry.add("plateguard.evidence.s3.connect-timeout", () -> "1s");
        registry.add("plateguard.evidence.s3.call-timeout", () -> "10s");
    }

    @AfterAll
    static void stopS3() {
        S3.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RetentionPurge purge;

    @Autowired
    ViolationDetector detector;

    private static TestClient.Admin admin;
    private static TestClient.Device camera;
    private static String operator;
    private static byte[] video;
    private static byte[] image;

    private TestClient client() {
        return new TestClient("http://127.0.0.1:" + port);
    }

    private synchronized void setUp() {
        if (admin == null) {
            admin = client().setupFirstAdmin(OWN_DIR.resolve("setup-token"));
            camera = client().device(admin);
            operator = client().userToken(admin, "OPERATOR");
        }
    }

    @Test
    @Order(1)
    void aVideoGoesToTheBucketInPartsAndComesBackWholeAndByRange() throws IOException {
        setUp();
        // Over the 5 MB threshold, and over what S3Proxy takes in one PUT here: it can only have gone up in parts.
        video = mp4(S3Server.MAX_SINGLE_PUT + 1024 * 1024);
        image = jpeg();
        var r = post(eventId(), image, video);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);

        for (byte[] content : new byte[][] {video, image}) {
            String sha = ContentHash.of(content);
            byte[] stored = object(sha);
            assertThat(new String(stored, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                    .as("encrypted at rest").isEqualTo("PGEV");
            var whole = client().get("/api/v1/evidence/" + sha, operator);
            assertThat(whole.status()).as(whole.toString()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(content);
        }
        var range = client().get("/api/v1/evidence/" + ContentHash.of(video), operator,
                Map.of("Range", "bytes=5000000-5100000"));
        assertThat(range.status()).as(range.toString()).isEqualTo(206);
        assertThat(range.header("Content-Range")).isEqualTo("bytes 5000000-5100000/" + video.length);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(video, 5_000_000, 5_100_001));
        // Nothing of it on the local disk.
        Path local = OWN_DIR.resolve("evidence");
        if (Files.exists(local)) {
            try (var files = Files.walk(local)) {
                assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
            }
        }
    }

    @Test
    @Order(2)
    void anObjectAlteredInTheBucketIsNeverServed() {
        setUp();
        byte[] altered = jpeg();
        assertThat(post(eventId(), altered, null).status()).isEqualTo(201);
        String sha = ContentHash.of(altered);
        byte[] stored = object(sha);
        stored[stored.length / 2] ^= 1;
        S3.client().putObject(b -> b.bucket(S3.bucket()).key("evidence/" + sha), RequestBody.fromBytes(stored));

        var whole = client().get("/api/v1/evidence/" + sha, operator);
        assertThat(whole.status()).as(whole.toString()).isEqualTo(500);
        assertThat(whole.json().get("type").asString()).endsWith("/evidence-integrity");
        var range = client().get("/api/v1/evidence/" + sha, operator, Map.of("Range", "bytes=0-99"));
        assertThat(range.status()).as(range.toString()).isEqualTo(500);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'evidence.integrity' and target = ?")
                .param("evidence:" + sha).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void whileTheStoreIsDownIngestAnswers503AndStoresNothingThenResumes() {
        setUp();
        String eventId = eventId();
        byte[] jpeg = jpeg();
        long evidenceRows = count("select count(*) from evidence_file");
        S3.stop();
        try {
            var refused = post(eventId, jpeg, null);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.header("Retry-After")).isEqualTo("9");
            assertThat(refused.json().get("type").asString()).endsWith("/evidence-store-unavailable");
            assertThat(count("select count(*) from plate_read where event_id = '" + eventId + "'")).isZero();
            assertThat(count("select count(*) from evidence_file")).isEqualTo(evidenceRows);
            // Reading is refused the same way, and is no integrity incident.
            long incidents = count("select count(*) from audit_event where action = 'evidence.integrity'");
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Range", "bytes=0-99"))) {
                var unread = client().get("/api/v1/evidence/" + ContentHash.of(image), operator, headers);
                assertThat(unread.status()).as(unread.toString()).isEqualTo(503);
                assertThat(unread.header("Retry-After")).isEqualTo("9");
            }
            assertThat(count("select count(*) from audit_event where action = 'evidence.integrity'")).isEqualTo(incidents);
        } finally {
            S3.restart();
        }
        // The camera retries the same read once the store is back.
        var stored = post(eventId, jpeg, null);
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        var served = client().get("/api/v1/evidence/" + ContentHash.of(jpeg), operator);
        assertThat(served.status()).as(served.toString()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(jpeg);
    }

    @Test
    @Order(4)
    void thePurgeDeletesTheObjectsFromTheBucket() throws InterruptedException {
        setUp();
        assertThat(video).as("the first test ran").isNotNull();
        String videoSha = ContentHash.of(video);
        assertThat(exists(videoSha)).isTrue();
        detector.processPending();
        awaitDrained("passage_job");
        awaitDrained("alert_job");

        RetentionPurge.Finished done = purge.run(Instant.now().plus(Duration.ofDays(3650)), RetentionPurge.MANUAL, "test");
        assertThat(done.outcome()).isEqualTo("success");
        assertThat(count("select count(*) from evidence_file where sha256 = '" + videoSha + "'")).isZero();
        assertThat(exists(videoSha)).as("video object").isFalse();
        assertThat(exists(ContentHash.of(image))).as("image object").isFalse();
        assertThat(count("select count(*) from evidence_key where sha256 = '" + videoSha + "'")).as("key shredded").isZero();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private TestClient.Response post(String eventId, byte[] jpeg, byte[] mp4) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", eventId);
        m.put("capturedAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(5))
                .minusMinutes(5).truncatedTo(ChronoUnit.MILLIS)));
        m.put("plate", Map.of("text", "01A" + (100 + (int) (Math.random() * 899)) + "MK", "confidence", 0.95));
        var multipart = new TestClient.Multipart().json("metadata", TestClient.JSON.writeValueAsString(m))
                .file("image", "i.jpg", "image/jpeg", jpeg);
        if (mp4 != null) {
            multipart.file("video", "v.mp4", "video/mp4", mp4);
        }
        return client().postMultipart("/api/v1/reads", camera.key(), multipart);
    }

    private static byte[] object(String sha) {
        return S3.client().getObjectAsBytes(b -> b.bucket(S3.bucket()).key("evidence/" + sha)).asByteArray();
    }

    private static boolean exists(String sha) {
        try {
            S3.client().headObject(b -> b.bucket(S3.bucket()).key("evidence/" + sha));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private void awaitDrained(String queue) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count("select count(*) from " + queue) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(count("select count(*) from " + queue)).as(queue + " drained").isZero();
    }

    private static String eventId() {
        return TestClient.unique("s3");
    }

    private static byte[] jpeg() {
        return TestMedia.jpeg(200, 60, UUID.randomUUID().toString().substring(0, 8), (int) (Math.random() * 10_000));
    }

    /** A valid MP4 of about {@code bytes}, unique by its last 16 bytes. */
    private static byte[] mp4(long bytes) {
        byte[] mp4 = TestMedia.mp4((int) bytes, 7);
        UUID uuid = UUID.randomUUID();
        ByteBuffer.wrap(mp4, mp4.length - 16, 16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return mp4;
    }
}
