package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;
import dev.plateguard.server.evidence.ContentHash;

/**
 * Shared helpers for ingest, evidence and reads integration tests: unique evidence bytes (so that hashes never
 * collide with other tests sharing the database), metadata builders, "nothing stored" snapshots and problem+json
 * assertions.
 */
public abstract class IngestSupport extends IntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    protected dev.plateguard.server.evidence.EvidenceStore evidenceStore;


    protected static final String PROBLEM_JSON = "application/problem+json";

    /** What is stored for one camera plus the global evidence tables and files. */
    protected record Stored(long reads, long evidenceRows, long links, long files) {
    }

    protected Stored stored(long cameraId) {
        try {
            return new Stored(
                    jdbc.sql("select count(*) from plate_read where camera_id = ?").param(cameraId).query(Long.class).single(),
                    count("evidence_file"), count("read_evidence"), evidenceFilesOnDisk());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected void assertNothingStored(Stored before, long cameraId) {
        assertThat(stored(cameraId)).as("nothing may be stored for a rejected request").isEqualTo(before);
    }

    // ---- time and ids --------------------------------------------------------------------------------------

    /** RFC 3339 with a +05:00 offset (Tashkent), always with seconds and milliseconds. */
    protected static String at(OffsetDateTime time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.truncatedTo(ChronoUnit.MILLIS));
    }

    protected static String ago(Duration duration) {
        return at(OffsetDateTime.now(ZoneOffset.ofHours(5)).minus(duration).withNano(123_000_000));
    }

    protected static String aMinuteAgo() {
        return ago(Duration.ofMinutes(1));
    }

    protected static String eventId() {
        return TestClient.unique("ev");
    }

    /** A plate-shaped text that no other test uses: two digits, a letter, three digits, two letters. */
    protected static String uniquePlate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String letters = "AEHKMPTXY";
        return String.format("%02d%c%03d%c%c", r.nextInt(10, 99), letters.charAt(r.nextInt(letters.length())),
                r.nextInt(1000), letters.charAt(r.nextInt(letters.length())), letters.charAt(r.nextInt(letters.length())));
    }

    // ---- evidence ------------------------------------------------------------------------------------------

    protected static byte[] jpeg(int width, int height) {
        return TestMedia.jpeg(width, height, UUID.randomUUID().toString().substring(0, 8),
                ThreadLocalRandom.current().nextInt(0, width * height));
    }

    protected static byte[] png(int width, int height) {
        return TestMedia.png(width, height, UUID.randomUUID().toString().substring(0, 8),
                ThreadLocalRandom.current().nextInt(0, width * height));
    }

    /** A structurally valid MP4 whose payload ends in random bytes, so its hash is unique. */
    protected static byte[] mp4(int payloadBytes) {
        byte[] bytes = TestMedia.mp4(Math.max(payloadBytes, 16), 7);
        UUID uuid = UUID.randomUUID();
        ByteBuffer.wrap(bytes, bytes.length - 16, 16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return bytes;
    }

    protected static Path evidencePath(String sha256) {
        return DATA_DIR.resolve("evidence").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    /** The file is stored encrypted (never the media's own bytes at rest), and decrypts to exactly {@code expected}. */
    protected void assertStoredFile(byte[] expected) throws IOException {
        String sha = ContentHash.of(expected);
        Path file = evidencePath(sha);
        assertThat(file).as("evidence file for " + sha).isRegularFile();
        byte[] onDisk = Files.readAllBytes(file);
        assertThat(new String(onDisk, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PGEV");
        assertThat(java.util.Arrays.copyOf(onDisk, 16)).isNotEqualTo(java.util.Arrays.copyOf(expected, 16));
        assertThat(ContentHash.of(onDisk)).isNotEqualTo(sha);
        try (var in = evidenceStore.open(sha)) {
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
    }

    // ---- requests ------------------------------------------------------------------------------------------

    protected static String minimalMetadata(String eventId, String capturedAt, String plate) {
        return """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"%s","confidence":0.9}}"""
                .formatted(eventId, capturedAt, plate);
    }

    protected TestClient.Response postRead(TestClient.Device device, TestClient.Multipart multipart) {
        return client().postMultipart("/api/v1/reads", device.key(), multipart);
    }

    protected TestClient.Response postMetadataOnly(TestClient.Device device, String metadata) {
        return postRead(device, new TestClient.Multipart().json("metadata", metadata));
    }

    /** Posts a plate read with one unique JPEG and returns its id. */
    protected long createRead(TestClient.Device device, String eventId, String capturedAt, String plate) {
        TestClient.Response r = postRead(device, new TestClient.Multipart()
                .json("metadata", minimalMetadata(eventId, capturedAt, plate))
                .file("image", "plate.jpg", "image/jpeg", jpeg(200, 60)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    protected TestClient.Response postBatch(TestClient.Device device, String json) {
        return client().post("/api/v1/reads/batch", device.key(), "application/json",
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** An operator's token and username. */
    protected record Person(String username, String token) {
    }

    protected Person person(String... roles) {
        String username = TestClient.unique("op").toLowerCase();
        TestClient.Response r = client().createUser(admin(),
                Map.of("username", username, "password", TestClient.PASSWORD, "roles", List.of(roles)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return new Person(username, client().login(username, TestClient.PASSWORD));
    }

    // ---- problems ------------------------------------------------------------------------------------------

    /** Asserts an RFC 9457 problem with this status and returns its body. */
    protected static JsonNode assertProblem(TestClient.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as("content type of " + r).startsWith(PROBLEM_JSON);
        JsonNode body = r.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.hasNonNull("detail")).isTrue();
        return body;
    }

    /** Asserts a problem whose {@code errors[]} names exactly {@code field}. */
    protected static JsonNode assertFieldProblem(TestClient.Response r, int status, String field) {
        JsonNode body = assertProblem(r, status);
        assertThat(fields(body)).as("errors[].field of " + r).contains(field);
        return body;
    }

    /** Asserts a problem whose detail mentions {@code text} (for problems about the request as a whole). */
    protected static JsonNode assertDetailProblem(TestClient.Response r, int status, String text) {
        JsonNode body = assertProblem(r, status);
        assertThat(body.get("detail").asString()).as("detail of " + r).contains(text);
        return body;
    }

    protected static List<String> fields(JsonNode problem) {
        List<String> out = new ArrayList<>();
        JsonNode errors = problem.get("errors");
        if (errors != null) {
            errors.forEach(e -> out.add(e.get("field").asString()));
        }
        return out;
    }
}
