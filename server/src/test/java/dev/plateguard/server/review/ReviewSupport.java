package dev.plateguard.server.review;

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
import dev.plateguard.server.violations.ViolationDetector;

/** Speeding violations in a region of their own, made through the public API and the detector. */
abstract class ReviewSupport extends IngestSupport {

    static final ZoneOffset TASHKENT = ZoneOffset.ofHours(5);

    @Autowired
    ViolationDetector detector;

    @Autowired
    ReviewQueue queue;

    @Autowired
    QualityControl qualityControl;

    /** A site in a region no other test uses, with a speed camera (limit 60). */
    record Place(String region, long siteId, TestClient.Device camera) {
    }

    Place place() {
        String region = TestClient.unique("Region");
        client().listRegion(admin(), region, "Tashkent"); // a region of its own, on the managed list
        var r = client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Junction"),
                "city", "Tashkent", "region", region, "latitude", 41.31, "longitude", 69.28));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long siteId = r.json().get("id").asLong();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("siteId", siteId);
        body.put("name", TestClient.unique("speed"));
        body.put("kind", "speed");
        body.put("heading", 90);
        body.put("lanes", List.of(1));
        body.put("speedLimitKmh", 60);
        var camera = client().postJson("/api/v1/cameras", admin().token(), body);
        assertThat(camera.status()).as(camera.toString()).isEqualTo(201);
        long cameraId = camera.json().get("id").asLong();
        var key = client().post("/api/v1/cameras/" + cameraId + "/keys", admin().token(), null, new byte[0]);
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return new Place(region, siteId, new TestClient.Device(siteId, cameraId, key.json().get("id").asLong(),
                key.json().get("key").asString()));
    }

    static OffsetDateTime minutesAgo(int minutes) {
        return OffsetDateTime.now(TASHKENT).minusMinutes(minutes).withNano(250_000_000);
    }

    /** Posts a read at 90 km/h (limit 60) and answers its id. */
    long speedingRead(Place place, String plate, OffsetDateTime at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", eventId());
        m.put("capturedAt", at(at));
        m.put("plate", Map.of("text", plate, "confidence", 0.93,
                "candidates", List.of(Map.of("text", plate, "confidence", 0.93))));
        m.put("speedKmh", 90);
        var r = postRead(place.camera(), new TestClient.Multipart().json("metadata", TestClient.JSON.writeValueAsString(m))
                .file("image", "i.jpg", "image/jpeg", jpeg(200, 60)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    long violationOf(long readId) {
        return jdbc.sql("select violation_id from violation_read where read_id = ? and rule = 'spot_speed'")
                .param(readId).query(Long.class).single();
    }

    /** One speeding violation captured {@code minutesAgo} minutes ago. */
    long violation(Place place, int minutesAgo) {
        long read = speedingRead(place, uniquePlate(), minutesAgo(minutesAgo));
        detector.processPending();
        return violationOf(read);
    }

    /** {@code n} violations, oldest first. */
    List<Long> violations(Place place, int n) {
        List<Long> reads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reads.add(speedingRead(place, uniquePlate(), minutesAgo(100 - i)));
        }
        detector.processPending();
        return reads.stream().map(this::violationOf).toList();
    }

    String state(long violationId) {
        return jdbc.sql("select state from violation where id = ?").param(violationId).query(String.class).single();
    }

    /** (from, to, actor, reason) of each state event, oldest first. */
    List<List<String>> events(long violationId) {
        return jdbc.sql("select from_state, to_state, actor, reason from violation_event where violation_id = ? order by id")
                .param(violationId)
                .query((rs, n) -> java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    long auditRows(String actor, String action, String target, String outcome) {
        return jdbc.sql("select count(*) from audit_event where actor = ? and action = ? and target = ? and outcome = ?")
                .params(actor, action, target, outcome).query(Long.class).single();
    }

    TestClient.Response claim(long id, String token) {
        return client().post("/api/v1/review/" + id + "/claim", token, null, new byte[0]);
    }

    TestClient.Response confirm(long id, String token) {
        return client().post("/api/v1/review/" + id + "/confirm", token, null, new byte[0]);
    }

    TestClient.Response reject(long id, String token, Map<String, ?> body) {
        return client().postJson("/api/v1/review/" + id + "/reject", token, body);
    }

    TestClient.Response next(String region, String token) {
        return client().post("/api/v1/review/next?region=" + java.net.URLEncoder.encode(region,
                java.nio.charset.StandardCharsets.UTF_8), token, null, new byte[0]);
    }

    List<JsonNode> queue(String region, String token) {
        var r = client().get("/api/v1/review/queue?region=" + java.net.URLEncoder.encode(region,
                java.nio.charset.StandardCharsets.UTF_8), token);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("items").forEach(out::add);
        return out;
    }
}
