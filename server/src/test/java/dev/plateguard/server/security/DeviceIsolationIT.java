package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.identity.Secrets;

/**
 * A device speaks only for its own camera: the camera comes from the key, never from the body. Keys are checked
 * against the database on every request, so revocation and deactivation act on the very next request.
 */
class DeviceIsolationIT extends IntegrationTest {

    @Test
    void readNamingAnotherCameraIsRejectedAndNothingIsStored() throws java.io.IOException {
        var admin = admin();
        var a = client().device(admin);
        var b = client().device(admin);
        byte[] image = SecurityTestSupport.jpeg(9001);
        String sha = SecurityTestSupport.sha256Hex(image);
        long readsOfB = readsOf(b.cameraId());
        for (String member : List.of("\"cameraId\":" + b.cameraId(), "\"siteId\":" + b.siteId(),
                "\"camera\":{\"id\":" + b.cameraId() + "}", "\"deviceKeyId\":" + b.keyId())) {
            String eventId = TestClient.unique("spoof");
            var r = SecurityTestSupport.postRead(client(), a.key(), SecurityTestSupport.metadata(eventId, member), image);
            String field = member.substring(1, member.indexOf('"', 1));
            assertThat(r.status()).as(member + " -> " + r).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(fields(r)).as(r.text()).anyMatch(f -> f.equals(field) || f.endsWith("." + field));
            assertThat(r.text()).contains("unknown field");
            assertThat(count("select count(*) from plate_read where event_id = ?", eventId)).isZero();
        }
        assertThat(readsOf(b.cameraId())).isEqualTo(readsOfB);
        assertThat(readsOf(a.cameraId())).isZero();
        // The evidence of a rejected read is neither recorded nor left on disk.
        assertThat(count("select count(*) from evidence_file where sha256 = ?", sha)).isZero();
        assertThat(filesNamedAfter(sha)).isEmpty();
    }

    @Test
    void aPartNamedAfterAnotherCameraIsRejected() {
        var admin = admin();
        var a = client().device(admin);
        var b = client().device(admin);
        String eventId = TestClient.unique("spoof-part");
        var multipart = new TestClient.Multipart().json("metadata", SecurityTestSupport.metadata(eventId))
                .part("cameraId", null, "text/plain", String.valueOf(b.cameraId()).getBytes(StandardCharsets.UTF_8));
        var r = client().postMultipart("/api/v1/reads", a.key(), multipart);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(fields(r)).contains("cameraId");
        assertThat(count("select count(*) from plate_read where event_id = ?", eventId)).isZero();
    }

    @Test
    void batchAndHeartbeatCannotNameAnotherCamera() {
        var admin = admin();
        var a = client().device(admin);
        var b = client().device(admin);
        String eventId = TestClient.unique("spoof-batch");
        var batch = client().post("/api/v1/reads/batch", a.key(), "application/json",
                ("{\"reads\":[" + SecurityTestSupport.metadata(eventId, "\"cameraId\":" + b.cameraId()) + "]}")
                        .getBytes(StandardCharsets.UTF_8));
        // The batch answers per item: this one is an error naming the field, and nothing is created.
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().get("created").asInt()).isZero();
        JsonNode item = batch.json().get("results").get(0);
        assertThat(item.get("status").asString()).isEqualTo("error");
        assertThat(item.get("httpStatus").asInt()).isEqualTo(400);
        assertThat(item.get("errors").get(0).get("field").asString()).isEqualTo("reads[0].cameraId");
        assertThat(count("select count(*) from plate_read where event_id = ?", eventId)).isZero();
        var bodyLevel = client().post("/api/v1/reads/batch", a.key(), "application/json",
                ("{\"cameraId\":" + b.cameraId() + ",\"reads\":[]}").getBytes(StandardCharsets.UTF_8));
        assertThat(bodyLevel.status()).as(bodyLevel.toString()).isEqualTo(400);
        assertThat(fields(bodyLevel)).anyMatch(f -> f.endsWith("cameraId"));

        var heartbeat = client().postJson("/api/v1/heartbeat", a.key(), Map.of("status", "ok", "cameraId", b.cameraId()));
        assertThat(heartbeat.status()).as(heartbeat.toString()).isEqualTo(400);
        assertThat(fields(heartbeat)).anyMatch(f -> f.endsWith("cameraId"));
        assertThat(jdbc.sql("select last_seen_at from camera where id = ?").param(b.cameraId())
                .query(java.sql.Timestamp.class).optional()).isEmpty();
    }

    @Test
    void readsAndHeartbeatsAreStoredUnderTheKeysOwnCamera() {
        var admin = admin();
        var a = client().device(admin);
        var b = client().device(admin);
        String eventId = TestClient.unique("own");
        var created = SecurityTestSupport.postRead(client(), a.key(), SecurityTestSupport.metadata(eventId),
                SecurityTestSupport.jpeg(31337));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var row = jdbc.sql("select camera_id, site_id, device_key_id from plate_read where event_id = ?").param(eventId)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
        assertThat(row).containsExactly(a.cameraId(), a.siteId(), a.keyId());
        String operator = client().userToken(admin, "OPERATOR");
        var read = client().get("/api/v1/reads/" + created.json().get("id").asLong(), operator);
        assertThat(read.json().get("cameraId").asLong()).isEqualTo(a.cameraId());

        // The same eventId from camera B is B's own read, not a duplicate of A's.
        var fromB = SecurityTestSupport.postRead(client(), b.key(), SecurityTestSupport.metadata(eventId));
        assertThat(fromB.status()).as(fromB.toString()).isEqualTo(201);
        assertThat(fromB.json().get("id").asLong()).isNotEqualTo(created.json().get("id").asLong());

        var heartbeat = client().postJson("/api/v1/heartbeat", a.key(), Map.of("status", "ok", "queueDepth", 3));
        assertThat(heartbeat.status()).isEqualTo(200);
        assertThat(heartbeat.json().get("cameraId").asLong()).isEqualTo(a.cameraId());
        assertThat(jdbc.sql("select queue_depth from camera where id = ?").param(a.cameraId()).query(Integer.class).single())
                .isEqualTo(3);
        assertThat(jdbc.sql("select queue_depth from camera where id = ?").param(b.cameraId()).query(Integer.class)
                .optional()).isEmpty();
    }

    @Test
    void revokedKeyIsRefusedOnTheVeryNextRequest() {
        var admin = admin();
        var a = client().device(admin);
        var second = client().post("/api/v1/cameras/" + a.cameraId() + "/keys", admin.token(), null, new byte[0]);
        assertThat(second.status()).isEqualTo(201);
        String otherKey = second.json().get("key").asString();

        assertThat(heartbeat(a.key()).status()).isEqualTo(200);
        var revoked = client().delete("/api/v1/cameras/" + a.cameraId() + "/keys/" + a.keyId(), admin.token());
        assertThat(revoked.status()).isEqualTo(204);

        var refused = heartbeat(a.key());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        String eventId = TestClient.unique("after-revoke");
        var read = SecurityTestSupport.postRead(client(), a.key(), SecurityTestSupport.metadata(eventId),
                SecurityTestSupport.jpeg(555));
        assertThat(read.status()).isEqualTo(401);
        assertThat(count("select count(*) from plate_read where event_id = ?", eventId)).isZero();
        // Revoking twice is a 404, not a silent success; the camera's other key is unaffected.
        assertThat(client().delete("/api/v1/cameras/" + a.cameraId() + "/keys/" + a.keyId(), admin.token()).status())
                .isEqualTo(404);
        assertThat(heartbeat(otherKey).status()).isEqualTo(200);
        assertThat(jdbc.sql("select revoked_at is not null from device_key where id = ?").param(a.keyId())
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void keyCannotBeRevokedThroughAnotherCamerasPath() {
        var admin = admin();
        var a = client().device(admin);
        var b = client().device(admin);
        var wrongCamera = client().delete("/api/v1/cameras/" + b.cameraId() + "/keys/" + a.keyId(), admin.token());
        assertThat(wrongCamera.status()).isEqualTo(404);
        assertThat(heartbeat(a.key()).status()).isEqualTo(200);
    }

    @Test
    void unknownAndMalformedCredentialsAreRefusedWithWwwAuthenticate() {
        admin();
        List<String> failures = new ArrayList<>();
        List<String> headers = List.of(
                "Bearer " + SecurityTestSupport.forgedSecret(Secrets.DEVICE_KEY_PREFIX),
                "Bearer " + SecurityTestSupport.forgedSecret(Secrets.USER_TOKEN_PREFIX),
                "Bearer " + SecurityTestSupport.forgedSecret(Secrets.DEVICE_KEY_PREFIX) + "x",
                "Bearer pgd_short", "Bearer pgd_" + "!".repeat(43), "Bearer not-a-key", "Bearer pgx_abc",
                "Bearer", "Bearer    ", "Basic YWRtaW46Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZQ==",
                "Token " + SecurityTestSupport.forgedSecret(Secrets.DEVICE_KEY_PREFIX), "pgd_abc");
        for (String authorization : headers) {
            for (String[] call : new String[][] {{"POST", "/api/v1/heartbeat"}, {"GET", "/api/v1/reads"}}) {
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(client().base() + call[1]));
                if (call[0].equals("POST")) {
                    builder.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"ok\"}")).header("Content-Type", "application/json");
                }
                var r = client().send(builder, null, Map.of("Authorization", authorization));
                if (r.status() != 401 || r.header("WWW-Authenticate") == null
                        || !r.header("WWW-Authenticate").startsWith("Bearer")
                        || !String.valueOf(r.header("Content-Type")).startsWith("application/problem+json")) {
                    failures.add(call[0] + " " + call[1] + " with '" + authorization + "' -> " + r.status() + " "
                            + r.header("WWW-Authenticate") + " " + r.text());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void keyOfAnInactiveCameraIsRefused() {
        var admin = admin();
        var site = client().device(admin).siteId();
        // A camera created inactive: its key never works.
        var camera = client().postJson("/api/v1/cameras", admin.token(),
                Map.of("siteId", site, "name", TestClient.unique("cam-off"), "kind", "anpr", "active", false));
        assertThat(camera.status()).isEqualTo(201);
        assertThat(camera.json().get("active").asBoolean()).isFalse();
        long cameraId = camera.json().get("id").asLong();
        var key = client().post("/api/v1/cameras/" + cameraId + "/keys", admin.token(), null, new byte[0]);
        assertThat(key.status()).isEqualTo(201);
        assertThat(heartbeat(key.json().get("key").asString()).status()).isEqualTo(401);

        // A working camera taken out of service: its key stops on the next request.
        var live = client().device(admin, site);
        assertThat(heartbeat(live.key()).status()).isEqualTo(200);
        jdbc.sql("update camera set active = false where id = ?").param(live.cameraId()).update();
        String eventId = TestClient.unique("inactive");
        assertThat(SecurityTestSupport.postRead(client(), live.key(), SecurityTestSupport.metadata(eventId)).status())
                .isEqualTo(401);
        assertThat(heartbeat(live.key()).status()).isEqualTo(401);
        assertThat(count("select count(*) from plate_read where event_id = ?", eventId)).isZero();
    }

    /** Evidence files (final or temporary) whose name starts with the hash. */
    static List<java.nio.file.Path> filesNamedAfter(String sha) throws java.io.IOException {
        java.nio.file.Path root = DATA_DIR.resolve("evidence");
        if (!java.nio.file.Files.exists(root)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith(sha)).toList();
        }
    }

    private TestClient.Response heartbeat(String key) {
        return client().postJson("/api/v1/heartbeat", key, Map.of("status", "ok"));
    }

    private long readsOf(long cameraId) {
        return jdbc.sql("select count(*) from plate_read where camera_id = ?").param(cameraId).query(Long.class).single();
    }

    private long count(String sql, Object param) {
        return jdbc.sql(sql).param(param).query(Long.class).single();
    }

    private static List<String> fields(TestClient.Response r) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = r.json().get("errors");
        if (errors != null) {
            errors.forEach(e -> fields.add(e.get("field").asString()));
        }
        return fields;
    }
}
