package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;

/** {@code POST /api/v1/heartbeat}: last-seen and clock offset of the key's camera; bad input changes nothing. */
class HeartbeatIT extends IngestSupport {

    private JsonNode camera(TestClient.Device device) {
        var r = client().get("/api/v1/cameras/" + device.cameraId(), admin().token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private TestClient.Response heartbeat(TestClient.Device device, String json) {
        return client().post("/api/v1/heartbeat", device.key(), "application/json",
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void heartbeatUpdatesLastSeenAndClockOffset() {
        var device = client().device(admin());
        assertThat(camera(device).get("lastSeenAt").isNull()).isTrue();
        // The camera clock is an hour behind.
        Instant before = Instant.now();
        var r = heartbeat(device, """
                {"status":"ok","queueDepth":3,"firmware":"4.2.1","clock":"%s"}"""
                .formatted(ago(Duration.ofHours(1))));
        Instant after = Instant.now();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("cameraId").asLong()).isEqualTo(device.cameraId());
        long offset = r.json().get("clockOffsetMs").asLong();
        assertThat(offset).isBetween(-3_700_000L, -3_500_000L);

        JsonNode camera = camera(device);
        Instant lastSeen = Instant.parse(camera.get("lastSeenAt").asString());
        assertThat(lastSeen).isBetween(before.minusSeconds(60), after.plusSeconds(60));
        assertThat(camera.get("clockOffsetMs").asLong()).isEqualTo(offset);
        assertThat(camera.get("status").asString()).isEqualTo("ok");
        assertThat(camera.get("queueDepth").asInt()).isEqualTo(3);
        assertThat(camera.get("firmware").asString()).isEqualTo("4.2.1");
    }

    @Test
    void heartbeatOnlyTouchesTheKeysCamera() {
        var a = client().device(admin());
        var b = client().device(admin());
        assertThat(heartbeat(a, "{\"status\":\"ok\"}").status()).isEqualTo(200);
        assertThat(camera(a).get("lastSeenAt").isNull()).isFalse();
        assertThat(camera(b).get("lastSeenAt").isNull()).isTrue();
    }

    @Test
    void invalidHeartbeatsAreRefusedAndChangeNothing() {
        var device = client().device(admin());
        assertThat(heartbeat(device, """
                {"status":"ok","queueDepth":1,"firmware":"1.0","clock":"%s"}""".formatted(aMinuteAgo())).status())
                .isEqualTo(200);
        JsonNode before = camera(device);

        assertFieldProblem(heartbeat(device, "{\"clock\":\"tomorrow\"}"), 400, "clock");
        assertFieldProblem(heartbeat(device, "{\"clock\":\"2026-11-26T14:03:05\"}"), 400, "clock");
        assertFieldProblem(heartbeat(device, "{\"clock\":12345}"), 400, "clock");
        assertFieldProblem(heartbeat(device, "{\"queueDepth\":-1}"), 400, "queueDepth");
        assertFieldProblem(heartbeat(device, "{\"queueDepth\":\"3\"}"), 400, "queueDepth");
        assertFieldProblem(heartbeat(device, "{\"queueDepth\":1.5}"), 400, "queueDepth");
        assertFieldProblem(heartbeat(device, "{\"status\":\"ok\",\"temperature\":41}"), 400, "temperature");
        assertFieldProblem(heartbeat(device, "{\"cameraId\":1}"), 400, "cameraId");
        assertFieldProblem(heartbeat(device, "{\"firmware\":\"<script>alert(1)</script>\"}"), 400, "firmware");
        assertFieldProblem(heartbeat(device, "{\"status\":\"" + "x".repeat(33) + "\"}"), 400, "status");
        assertDetailProblem(heartbeat(device, "{\"status\":\"ok\""), 400, "body");
        // A JSON null is no heartbeat (it once ended as a 500); nor is any other non-object.
        assertDetailProblem(heartbeat(device, "null"), 400, "body");
        assertProblem(heartbeat(device, "[]"), 400);
        assertProblem(heartbeat(device, "42"), 400);
        assertDetailProblem(heartbeat(device, "{\"status\":\"ok\",\"status\":\"bad\"}"), 400, "status");
        assertProblem(client().post("/api/v1/heartbeat", device.key(), "application/xml", "<ok/>".getBytes()), 415);

        assertThat(camera(device)).isEqualTo(before);
    }

    @Test
    void heartbeatNeedsADeviceKey() {
        assertProblem(client().postJson("/api/v1/heartbeat", null, Map.of("status", "ok")), 401);
        assertProblem(client().postJson("/api/v1/heartbeat", admin().token(), Map.of("status", "ok")), 403);
    }
}
