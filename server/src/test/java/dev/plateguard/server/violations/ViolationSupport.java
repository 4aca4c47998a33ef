package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;

/** Builds sites, cameras and reads through the public API, runs detection, and lists what it found. */
public abstract class ViolationSupport extends IngestSupport {

    static final ZoneOffset TASHKENT = ZoneOffset.ofHours(5);

    @Autowired
    ViolationDetector detector;

    @Autowired
    RegistryRules registryRules;

    private String operator;

    protected String operator() {
        if (operator == null) {
            operator = client().userToken(admin(), "OPERATOR");
        }
        return operator;
    }

    protected long site() {
        var r = client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Junction"),
                "city", "Tashkent", "region", "Tashkent city", "latitude", 41.31, "longitude", 69.28));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    protected TestClient.Device camera(long siteId, String kind, Integer speedLimit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("siteId", siteId);
        body.put("name", TestClient.unique(kind));
        body.put("kind", kind);
        body.put("heading", 90);
        body.put("lanes", List.of(1, 2));
        if (speedLimit != null) {
            body.put("speedLimitKmh", speedLimit);
        }
        var camera = client().postJson("/api/v1/cameras", admin().token(), body);
        assertThat(camera.status()).as(camera.toString()).isEqualTo(201);
        long cameraId = camera.json().get("id").asLong();
        var key = client().post("/api/v1/cameras/" + cameraId + "/keys", admin().token(), null, new byte[0]);
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return new TestClient.Device(siteId, cameraId, key.json().get("id").asLong(), key.json().get("key").asString());
    }

    protected static OffsetDateTime minutesAgo(int minutes) {
        return OffsetDateTime.now(TASHKENT).minusMinutes(minutes).withNano(250_000_000);
    }

    /** A read's metadata; {@code extra} members (speedKmh, signal, occupants) are merged in. */
    static Map<String, Object> metadata(String plate, OffsetDateTime capturedAt, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", eventId());
        m.put("capturedAt", at(capturedAt));
        m.put("plate", Map.of("text", plate, "confidence", 0.95));
        m.putAll(extra);
        return m;
    }

    protected long post(TestClient.Device device, Map<String, Object> metadata, int images, boolean video) {
        var multipart = new TestClient.Multipart().json("metadata", TestClient.JSON.writeValueAsString(metadata));
        for (int i = 0; i < images; i++) {
            multipart.file("image", "i" + i + ".jpg", "image/jpeg", jpeg(200, 60));
        }
        if (video) {
            multipart.file("video", "v.mp4", "video/mp4", mp4(64));
        }
        var r = postRead(device, multipart);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    protected long speeding(TestClient.Device device, String plate, OffsetDateTime at, double kmh) {
        return post(device, metadata(plate, at, Map.of("speedKmh", kmh)), 1, false);
    }

    long redLight(TestClient.Device device, String plate, OffsetDateTime at, Duration red, int images, boolean video) {
        return post(device, metadata(plate, at, Map.of("signal", Map.of("state", "red", "redSince", at(at.minus(red))))),
                images, video);
    }

    /** Switches the registry checks on or off (they are off by default: an empty registry would flag every plate). */
    protected void registryChecks(boolean on) {
        registryRules.enabled(on);
    }

    /** A red-light read: red for {@code red} before capture, with images and maybe a clip. */
    protected long redLightRead(TestClient.Device device, String plate, OffsetDateTime at, Duration red, int images,
                                boolean video) {
        return redLight(device, plate, at, red, images, video);
    }

    protected void detect() {
        detector.processPending();
    }

    /** Violations of one site through the API, oldest first. */
    protected List<JsonNode> violations(long siteId) {
        var r = client().get("/api/v1/violations?limit=500&site=" + siteId, operator());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("items").forEach(out::add);
        return out;
    }

    protected static JsonNode forPlate(List<JsonNode> violations, String plate) {
        List<JsonNode> found = violations.stream().filter(v -> v.get("plate").asString().equals(plate)).toList();
        assertThat(found).as("violations for " + plate).hasSize(1);
        return found.getFirst();
    }

    static long som(JsonNode violation) {
        return violation.get("fineSom").asLong();
    }

    int currentVersion() {
        return jdbc.sql("select max(version) from rule_catalogue").query(Integer.class).single();
    }
}
