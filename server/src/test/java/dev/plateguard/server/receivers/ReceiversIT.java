package dev.plateguard.server.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.cameras.CameraHeartbeats;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.reads.InvestigationParams;

/**
 * The receivers end to end over real HTTP on the real database: every format stores a read that the search finds,
 * the three ways a camera authenticates (and the ways it fails, before any body is read), bad and repeated pushes,
 * heartbeats, and that a device key in the path reaches no log.
 */
class ReceiversIT extends IngestSupport {

    @Autowired
    CameraHeartbeats heartbeats;

    @Autowired
    VendorReceiver receiver;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private TestClient.Response push(String format, TestClient.Device device, String contentType, byte[] body) {
        return client().post("/api/v1/receivers/" + format, device.key(), contentType, body);
    }

    private TestClient.Response send(String path, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client().base() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return client().send(request, null, headers);
    }

    /** A minute ago, in ms: the fixtures' times moved there, so that the search's standard reach finds the reads. */
    private static final long RECENT_MS = System.currentTimeMillis() / 1000 * 1000 - 60_000 + 120;

    private static byte[] recent(byte[] fixture) {
        String text = new String(fixture, StandardCharsets.UTF_8)
                .replace("1764151385120", String.valueOf(RECENT_MS))
                .replace("1764151385", String.valueOf(RECENT_MS / 1000))
                .replace("1764147785", String.valueOf(RECENT_MS / 1000))
                .replace("2025-11-26T09:03:05.120000Z", Instant.ofEpochMilli(RECENT_MS).toString());
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] recentAnpr(String plate) {
        return HikvisionDecoderTest.anpr(plate, TestClient.unique("uuid"), Instant.ofEpochMilli(RECENT_MS).toString());
    }

    private JsonNode found(String plate) {
        var r = client().get("/api/v1/reads?plate=" + plate + InvestigationParams.QUERY, person("OPERATOR").token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("items");
    }

    private JsonNode metadataOf(long readId) {
        return TestClient.JSON.readTree(jdbc.sql("select metadata::text from plate_read where id = ?").param(readId)
                .query(String.class).single());
    }

    @Test
    void everyFormatStoresAReadThatTheSearchFinds() {
        var device = client().device(admin());
        List<String> plates = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            plates.add(uniquePlate());
        }
        byte[] scene = jpeg(640, 480);
        String scene64 = Base64.getEncoder().encodeToString(scene);
        var openalpr = push("openalpr", device, "application/json", recent(Fixtures.fixture("openalpr/alpr_group_v2.json",
                Map.of("PLATE", plates.get(0), "REGION", "us-ny", "OVERVIEW", scene64))));
        var platerecognizer = push("platerecognizer", device, "application/json", recent(Fixtures.fixture(
                "platerecognizer/stream_webhook.json", Map.of("PLATE_LOWER", plates.get(1).toLowerCase()))));
        var hikvision = push("hikvision", device, "application/xml", recentAnpr(plates.get(2)));
        var axis = push("axis", device, "application/json", recent(Fixtures.fixture("axis/event.json",
                Map.of("PLATE", plates.get(3), "PACKET", TestClient.unique("p")))));
        var dahua = push("dahua", device, "application/json", recent(Fixtures.fixture("dahua/rpc2_traffic_junction.json",
                Map.of("PLATE", plates.get(4), "GROUP", String.valueOf(System.nanoTime())))));
        for (var r : List.of(openalpr, platerecognizer, hikvision, axis, dahua)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("reads").get(0).get("status").asString()).isEqualTo("created");
        }
        assertThat(dahua.json().get("Result").asBoolean()).isTrue();
        for (String plate : plates) {
            assertThat(found(plate)).as(plate).singleElement()
                    .satisfies(item -> assertThat(item.get("cameraId").asLong()).isEqualTo(device.cameraId()));
        }
        long openalprRead = openalpr.json().get("reads").get(0).get("id").asLong();
        JsonNode stored = metadataOf(openalprRead);
        assertThat(stored.get("plate").get("confidence").asDouble()).isEqualTo(0.9162, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(stored.get("plateBox").toString()).isEqualTo("{\"x\":300,\"y\":200,\"width\":80,\"height\":30}");
        assertThat(stored.get("capturedAt").asString()).isEqualTo(Instant.ofEpochMilli(RECENT_MS).toString());
        assertThat(stored.get("vendor").get("format").asString()).isEqualTo("openalpr");
        assertThat(stored.get("vendor").get("fields").has("web_server_config")).isTrue();
        // the same queues as a native read: detection takes it like any other
        assertThat(jdbc.sql("select count(*) from detection_job where read_id = ?").param(openalprRead).query(Long.class).single())
                .isLessThanOrEqualTo(1);
        assertThat(jdbc.sql("select plate_source from plate_read where id = ?").param(openalprRead).query(String.class).single())
                .isEqualTo("camera");
    }

    @Test
    void hikvisionMultipartStoresThePicturesWithTheBoxedOneFirst() {
        var device = client().device(admin());
        String plate = uniquePlate();
        byte[] crop = jpeg(120, 40);
        byte[] scene = jpeg(640, 480);
        var form = new TestClient.Multipart()
                .part("anpr.xml", "anpr.xml", "application/xml", HikvisionDecoderTest.anpr(plate, TestClient.unique("uuid")))
                .part("licensePlatePicture.jpg", "licensePlatePicture.jpg", "image/jpeg", crop)
                .part("detectionPicture.jpg", "detectionPicture.jpg", "image/jpeg", scene);
        var r = push("hikvision", device, form.contentType(), form.body());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        long id = r.json().get("reads").get(0).get("id").asLong();
        List<String> evidence = jdbc.sql("select sha256 from read_evidence where read_id = ? order by ordinal").param(id)
                .query(String.class).list();
        assertThat(evidence).containsExactly(dev.plateguard.server.evidence.ContentHash.of(scene),
                dev.plateguard.server.evidence.ContentHash.of(crop));
        assertThat(metadataOf(id).get("plateBox").toString()).isEqualTo("{\"x\":200,\"y\":150,\"width\":80,\"height\":24}");
        assertThat(metadataOf(id).get("speedKmh").asDouble()).isEqualTo(57.0);
    }

    @Test
    void aLocalTimeIsReadInTheCameraClockZone() {
        var device = client().device(admin());
        var camera = client().get("/api/v1/cameras/" + device.cameraId(), admin().token()).json();
        var put = client().send(HttpRequest.newBuilder(URI.create(client().base() + "/api/v1/cameras/" + device.cameraId()))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("""
                        {"siteId": %d, "name": "%s", "kind": "anpr", "clockZone": "Asia/Tashkent"}
                        """.formatted(device.siteId(), camera.get("name").asString()))), admin().token(), Map.of());
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("clockZone").asString()).isEqualTo("Asia/Tashkent");
        String plate = "SL" + uniquePlate().substring(2, 6);
        var r = push("axis", device, "application/json", Fixtures.fixture("axis/event_local_time.json", Map.of("PLATE", plate)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode stored = metadataOf(r.json().get("reads").get(0).get("id").asLong());
        assertThat(stored.get("capturedAt").asString()).isEqualTo("2025-11-26T09:03:05.120Z"); // 14:03 in Tashkent
        assertThat(stored.get("plate").get("text").asString()).isEqualTo("TOL" + plate);
        assertThat(stored.get("vendor").get("clockZone").asString()).isEqualTo("Asia/Tashkent");
        var wrongZone = client().send(HttpRequest.newBuilder(URI.create(client().base() + "/api/v1/cameras/" + device.cameraId()))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("""
                        {"siteId": %d, "name": "%s", "kind": "anpr", "clockZone": "+05:00"}
                        """.formatted(device.siteId(), camera.get("name").asString()))), admin().token(), Map.of());
        assertFieldProblem(wrongZone, 400, "clockZone");
    }

    @Test
    void theKeyInThePathAndHttpBasicAuthenticateTheCamera() {
        var device = client().device(admin());
        String plate = uniquePlate();
        byte[] body = recentAnpr(plate);
        var inPath = send("/api/v1/receivers/hikvision/" + device.key(), "application/xml", body, Map.of());
        assertThat(inPath.status()).as(inPath.toString()).isEqualTo(200);
        String basic = Base64.getEncoder().encodeToString((device.cameraId() + ":" + device.key()).getBytes(StandardCharsets.UTF_8));
        var viaBasic = send("/api/v1/receivers/hikvision", "application/xml", body, Map.of("Authorization", "Basic " + basic));
        assertThat(viaBasic.status()).as(viaBasic.toString()).isEqualTo(200);
        assertThat(viaBasic.json().get("reads").get(0).get("status").asString()).isEqualTo("duplicate");
        assertThat(found(plate)).hasSize(1);
    }

    @Test
    void wrongOrMissingCredentialsAre401BeforeTheBodyIsRead() {
        var device = client().device(admin());
        var other = client().device(admin());
        var before = stored(device.cameraId());
        byte[] body = HikvisionDecoderTest.anpr(uniquePlate(), TestClient.unique("uuid"));
        String revoked = "pgd_" + "A".repeat(43);
        var none = send("/api/v1/receivers/hikvision", "application/xml", body, Map.of());
        assertProblem(none, 401);
        assertThat(none.headers().get("www-authenticate")).anySatisfy(h -> assertThat(h).startsWith("Basic realm"));
        assertProblem(send("/api/v1/receivers/hikvision/" + revoked, "application/xml", body, Map.of()), 401);
        assertProblem(send("/api/v1/receivers/hikvision/not-a-key", "application/xml", body, Map.of()), 401);
        assertProblem(client().post("/api/v1/receivers/hikvision", revoked, "application/xml", body), 401);
        String otherCamera = Base64.getEncoder().encodeToString((other.cameraId() + ":" + device.key()).getBytes(StandardCharsets.UTF_8));
        assertProblem(send("/api/v1/receivers/hikvision", "application/xml", body, Map.of("Authorization", "Basic " + otherCamera)), 401);
        assertProblem(send("/api/v1/receivers/hikvision", "application/xml", body, Map.of("Authorization", "Basic %%%")), 401);
        // two credentials at once
        assertProblem(client().post("/api/v1/receivers/hikvision/" + device.key(), device.key(), "application/xml", body), 401);
        // a person's token is no camera
        assertProblem(client().post("/api/v1/receivers/hikvision", person("OPERATOR").token(), "application/xml", body), 403);
        // A body far over the limit with a bad key: refused for the key, not for the size (the body was never read).
        var huge = send("/api/v1/receivers/openalpr/" + revoked, "application/json", new byte[4 * 1024 * 1024], Map.of());
        assertProblem(huge, 401);
        assertNothingStored(before, device.cameraId());
    }

    @Test
    void aKeyInThePathReachesNeitherTheApplicationLogNorTheAccessLog() throws IOException {
        var device = client().device(admin());
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        List<Logger> verbose = List.of((Logger) LoggerFactory.getLogger("org.springframework.web"),
                (Logger) LoggerFactory.getLogger("org.springframework.security"), (Logger) LoggerFactory.getLogger("dev.plateguard"),
                (Logger) LoggerFactory.getLogger("org.apache.catalina"), (Logger) LoggerFactory.getLogger("org.apache.coyote"));
        List<Level> levels = verbose.stream().map(Logger::getLevel).toList();
        verbose.forEach(l -> l.setLevel(Level.DEBUG));
        TestClient.Response ok, refused;
        try {
            ok = send("/api/v1/receivers/hikvision/" + device.key(), "application/xml",
                    HikvisionDecoderTest.anpr(uniquePlate(), TestClient.unique("uuid")), Map.of());
            refused = send("/api/v1/receivers/hikvision/" + device.key(), "application/xml", "<broken".getBytes(), Map.of());
        } finally {
            for (int i = 0; i < verbose.size(); i++) {
                verbose.get(i).setLevel(levels.get(i));
            }
            root.detachAppender(appender);
        }
        assertThat(ok.status()).isEqualTo(200);
        assertProblem(refused, 400);
        assertThat(refused.text()).doesNotContain(device.key());
        String keyBody = device.key().substring(4);
        assertThat(appender.list).as("something was logged at debug").isNotEmpty();
        assertThat(appender.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(keyBody));
        assertThat(appender.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("/api/v1/receivers/hikvision"));
        String accessLog = accessLog();
        assertThat(accessLog).contains("/api/v1/receivers/hikvision/pgd_*** ").doesNotContain(keyBody);
        // the audit trail of a failure holds no key either
        send("/api/v1/receivers/hikvision/pgd_" + "B".repeat(43), "application/xml", new byte[1], Map.of());
        assertThat(jdbc.sql("select count(*) from audit_event where target like '%BBBBBBBB%'").query(Long.class).single()).isZero();
    }

    private static String accessLog() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(ACCESS_LOG_DIR)) {
            for (Path file : files.toList()) {
                all.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    @Test
    void badPushesAreClearProblemsAndStoreNothing() {
        var device = client().device(admin());
        var before = stored(device.cameraId());
        assertProblem(push("openalpr", device, "application/json", "{\"data_type\": \"alpr_group\",".getBytes()), 400);
        assertProblem(push("openalpr", device, "application/json", "[1, 2]".getBytes()), 400);
        assertFieldProblem(push("openalpr", device, "application/json",
                "{\"data_type\": \"alpr_group\", \"epoch_start\": 1764151385120}".getBytes()), 400, "best_uuid");
        assertProblem(push("hikvision", device, "application/xml", "<EventNotificationAlert><eventType>ANPR".getBytes()), 400);
        assertProblem(push("hikvision", device, "application/json", "{}".getBytes()), 415);
        assertProblem(push("genetec", device, "application/json", "{}".getBytes()), 404);
        assertProblem(push("axis", device, "application/json", new byte[0]), 400);
        assertProblem(push("openalpr", device, "application/json", new byte[3 * 1024 * 1024 + 1]), 413);
        // a clock far in the future is refused like a native read's
        String future = new String(Fixtures.fixture("openalpr/alprd_v1_seconds.json", Map.of("PLATE", uniquePlate())))
                .replace("1764151385", String.valueOf(Instant.now().plusSeconds(86_400).getEpochSecond()));
        assertFieldProblem(push("openalpr", device, "application/json", future.getBytes()), 400, "metadata.capturedAt");
        // two plates in one frame, the second with a picture over the pixel limit: 413, and neither is stored
        String bomb = Base64.getEncoder().encodeToString(dev.plateguard.server.TestMedia.jpegDeclaring(10_000, 10_000));
        String twoPlates = new String(Fixtures.fixture("openalpr/alpr_results_v2.json", Map.of("PLATE", uniquePlate(), "PLATE2", uniquePlate())))
                .replace("\"candidates\": []}", "\"candidates\": [], \"plate_crop_jpeg\": \"" + bomb + "\"}");
        assertProblem(push("openalpr", device, "application/json", twoPlates.getBytes()), 413);
        assertNothingStored(before, device.cameraId());
    }

    @Test
    void aRetryIsADuplicateAndNoPlateEventsAreCountedNotStored() {
        var device = client().device(admin());
        String plate = uniquePlate();
        byte[] body = Fixtures.fixture("openalpr/alpr_results_v2.json", Map.of("PLATE", plate, "PLATE2", uniquePlate()));
        String unique = new String(body).replace("PGTESTAGENT-72-1764151385120", TestClient.unique("agent"));
        double acceptedBefore = ingested("accepted");
        double duplicatesBefore = ingested("duplicate");
        var first = push("openalpr", device, "application/json", unique.getBytes());
        var again = push("openalpr", device, "application/json", unique.getBytes());
        // ingest's metrics count a vendor push's reads as such (docs/observability.md)
        assertThat(ingested("accepted")).isEqualTo(acceptedBefore + 2);
        assertThat(ingested("duplicate")).isEqualTo(duplicatesBefore + 2);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("reads")).hasSize(2);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("reads")).allSatisfy(r -> assertThat(r.get("status").asString()).isEqualTo("duplicate"));
        assertThat(stored(device.cameraId()).reads()).isEqualTo(2);

        double noPlateBefore = receiver.counted("platerecognizer", "no_plate");
        var empty = push("platerecognizer", device, "application/json", Fixtures.fixture("platerecognizer/snapshot_empty.json"));
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().get("noPlate").asInt()).isEqualTo(1);
        assertThat(receiver.counted("platerecognizer", "no_plate")).isEqualTo(noPlateBefore + 1);
        assertThat(stored(device.cameraId()).reads()).isEqualTo(2);

        // a plateless event with a picture is an image-only read, for recognition
        var form = new TestClient.Multipart().json("json", new String(Fixtures.fixture("platerecognizer/snapshot_empty.json")))
                .file("upload", "gate.jpg", "image/jpeg", jpeg(320, 240));
        var imageOnly = push("platerecognizer", device, form.contentType(), form.body());
        assertThat(imageOnly.status()).as(imageOnly.toString()).isEqualTo(200);
        long id = imageOnly.json().get("reads").get(0).get("id").asLong();
        assertThat(jdbc.sql("select count(*) from recognition_job where read_id = ?").param(id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void heartbeatsUpdateCameraHealthWithoutReadsOrSecrets() {
        var device = client().device(admin());
        long now = System.currentTimeMillis();
        var r = push("openalpr", device, "application/json",
                Fixtures.fixture("openalpr/heartbeat_v2.json", Map.of("TIMESTAMP", String.valueOf(now))));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("heartbeat").asBoolean()).isTrue();
        var latest = heartbeats.latest(device.cameraId()).orElseThrow();
        assertThat(latest.heartbeat().diskFreeBytes()).isEqualTo(9007199254740993L);
        assertThat(latest.heartbeat().queueDepth()).isEqualTo(7);
        assertThat(latest.heartbeat().firmware()).isEqualTo("2.8.101");
        assertThat(Math.abs(latest.heartbeat().clockOffsetMs())).isLessThan(60_000);
        assertThat(latest.receivedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        String stored = jdbc.sql("select heartbeat_details::text from camera where id = ?").param(device.cameraId())
                .query(String.class).single();
        assertThat(stored).contains("video_streams", "rtsp://10.20.0.7:554").doesNotContain("s3cret-pass", "pg-test-licence-key");
        var hik = push("hikvision", device, "application/xml", Fixtures.fixture("hikvision/heartbeat.xml",
                Map.of("DATETIME", java.time.OffsetDateTime.now().toString())));
        assertThat(hik.status()).isEqualTo(200);
        assertThat(stored(device.cameraId()).reads()).isZero();
    }

    @Test
    void theSharedCorpusThroughHttp() throws IOException {
        Path corpus = Fixtures.corpus();
        Map<String, String> formats = Map.of("openalpr", "openalpr", "platerecognizer", "platerecognizer",
                "hikvision", "hikvision", "axis", "axis", "dahua", "dahua");
        int stored = 0;
        for (var format : formats.entrySet()) {
            try (var files = Files.list(corpus.resolve(format.getKey()))) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    byte[] body = readAll(file);
                    String type = name.endsWith(".xml") ? "application/xml" : "application/json";
                    // each sample as from a camera of its own (two Rekor samples share a vehicle id, not its content)
                    var r = push(format.getValue(), client().device(admin()), type, body);
                    if (name.contains("INVALIDJSON") || name.contains("SINGLE_QUOTES.txt")) {
                        // published with syntax errors (or with HTTP headers run into the body): 400, never 500
                        assertThat(r.status()).as(name + " " + r).isEqualTo(400);
                    } else {
                        assertThat(r.status()).as(name + " " + r).isEqualTo(200);
                        stored += r.json().get("reads").size();
                    }
                }
            }
        }
        assertThat(stored).isGreaterThan(20);
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private double ingested(String outcome) {
        return meters.get("plateguard.ingest.reads").tags("channel", "receiver", "outcome", outcome).counter().count();
    }
}
