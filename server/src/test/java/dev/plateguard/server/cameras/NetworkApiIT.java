package dev.plateguard.server.cameras;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.SecurityTestSupport;

/**
 * {@code PUT /api/v1/sites/{id}} and {@code PUT /api/v1/cameras/{id}}: full replacement with the same rules as
 * creation, 400 naming the field, 404 for unknown ids, 409 for a name in use, ADMIN only, audited.
 */
class NetworkApiIT extends IntegrationTest {

    private TestClient.Response put(String path, String token, Object body) {
        return client().send(HttpRequest.newBuilder(URI.create(client().base() + path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestClient.JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json"), token, Map.of());
    }

    private TestClient.Response putRaw(String path, String token, String json) {
        return client().send(HttpRequest.newBuilder(URI.create(client().base() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"), token, Map.of());
    }

    private static Map<String, Object> site(String name) {
        Map<String, Object> site = new HashMap<>();
        site.put("name", name);
        site.put("city", "Karshi");
        site.put("region", "Qashqadaryo region");
        site.put("latitude", 38.8606);
        site.put("longitude", 65.7891);
        site.put("address", "Islom Karimov ko’chasi");
        site.put("timezone", "Asia/Samarkand");
        return site;
    }

    private static Map<String, Object> camera(long siteId, String name) {
        Map<String, Object> camera = new HashMap<>();
        camera.put("siteId", siteId);
        camera.put("name", name);
        camera.put("kind", "red_light");
        camera.put("heading", 180);
        camera.put("lanes", List.of(2, 3));
        camera.put("speedLimitKmh", 70);
        camera.put("active", false);
        return camera;
    }

    private static List<String> fields(TestClient.Response r) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = r.json().get("errors");
        if (errors != null) {
            errors.forEach(e -> fields.add(e.get("field").asString()));
        }
        return fields;
    }

    @Test
    void siteIsReplacedValidatedAndAudited() {
        var admin = admin();
        var device = client().device(admin);
        String name = TestClient.unique("Karshi bazaar");
        var ok = put("/api/v1/sites/" + device.siteId(), admin.token(), site(name));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("id").asLong()).isEqualTo(device.siteId());
        assertThat(ok.json().get("name").asString()).isEqualTo(name);
        JsonNode stored = client().get("/api/v1/sites/" + device.siteId(), admin.token()).json();
        assertThat(stored.get("city").asString()).isEqualTo("Karshi");
        assertThat(stored.get("latitude").asDouble()).isEqualTo(38.8606);
        assertThat(stored.get("timezone").asString()).isEqualTo("Asia/Samarkand");
        assertThat(stored.get("plateCountry").asString()).as("absent: Uzbekistan").isEqualTo("UZ");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'site.update' and actor = 'admin' and target = ?")
                .param("site:" + device.siteId()).query(Long.class).single()).isEqualTo(1);
        // The camera and its key are untouched.
        assertThat(client().postJson("/api/v1/heartbeat", device.key(), Map.of("status", "ok")).status()).isEqualTo(200);

        var latitude = site(name);
        latitude.put("latitude", 91);
        var bad = put("/api/v1/sites/" + device.siteId(), admin.token(), latitude);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        assertThat(fields(bad)).containsExactly("latitude");

        var script = site("<script>alert(1)</script>");
        script.remove("city");
        var refused = put("/api/v1/sites/" + device.siteId(), admin.token(), script);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(fields(refused)).containsExactly("name", "city");
        var zone = site(name);
        zone.put("timezone", "Tashkent");
        assertThat(fields(put("/api/v1/sites/" + device.siteId(), admin.token(), zone))).containsExactly("timezone");
        var country = site(name);
        country.put("plateCountry", "XX");
        assertThat(fields(put("/api/v1/sites/" + device.siteId(), admin.token(), country))).containsExactly("plateCountry");
        country.put("plateCountry", "uz");
        assertThat(fields(put("/api/v1/sites/" + device.siteId(), admin.token(), country))).containsExactly("plateCountry");
        country.put("plateCountry", "TJ");
        assertThat(put("/api/v1/sites/" + device.siteId(), admin.token(), country).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/sites/" + device.siteId(), admin.token()).json().get("plateCountry").asString())
                .isEqualTo("TJ");
        assertThat(client().get("/api/v1/sites/" + device.siteId(), admin.token()).json().get("name").asString())
                .isEqualTo(name);

        var unknownField = putRaw("/api/v1/sites/" + device.siteId(), admin.token(),
                "{\"name\":\"x\",\"city\":\"y\",\"region\":\"z\",\"latitude\":1,\"longitude\":2,\"colour\":\"red\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(fields(unknownField)).containsExactly("colour");

        assertThat(put("/api/v1/sites/" + Long.MAX_VALUE, admin.token(), site(TestClient.unique("x"))).status()).isEqualTo(404);
        var other = client().device(admin);
        String otherName = client().get("/api/v1/sites/" + other.siteId(), admin.token()).json().get("name").asString();
        assertThat(put("/api/v1/sites/" + device.siteId(), admin.token(), site(otherName)).status()).isEqualTo(409);
        // Keeping its own name is not a clash.
        assertThat(put("/api/v1/sites/" + device.siteId(), admin.token(), site(name)).status()).isEqualTo(200);
    }

    @Test
    void cameraIsReplacedValidatedAndAudited() {
        var admin = admin();
        var device = client().device(admin);
        var otherSite = client().device(admin).siteId();
        String name = TestClient.unique("cam");
        var ok = put("/api/v1/cameras/" + device.cameraId(), admin.token(), camera(otherSite, name));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        JsonNode stored = client().get("/api/v1/cameras/" + device.cameraId(), admin.token()).json();
        assertThat(stored.get("siteId").asLong()).isEqualTo(otherSite);
        assertThat(stored.get("name").asString()).isEqualTo(name);
        assertThat(stored.get("kind").asString()).isEqualTo("red_light");
        assertThat(stored.get("heading").asInt()).isEqualTo(180);
        assertThat(stored.get("lanes").toString()).isEqualTo("[2,3]");
        assertThat(stored.get("speedLimitKmh").asInt()).isEqualTo(70);
        assertThat(stored.get("active").asBoolean()).isFalse();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'camera.update' and actor = 'admin' and target = ?")
                .param("camera:" + device.cameraId()).query(Long.class).single()).isEqualTo(1);
        // An inactive camera's keys are refused.
        assertThat(client().postJson("/api/v1/heartbeat", device.key(), Map.of("status", "ok")).status()).isEqualTo(401);
        // Optional fields left out take their defaults: active again, no lanes.
        var minimal = put("/api/v1/cameras/" + device.cameraId(), admin.token(),
                Map.of("siteId", otherSite, "name", name, "kind", "anpr"));
        assertThat(minimal.status()).as(minimal.toString()).isEqualTo(200);
        assertThat(minimal.json().get("active").asBoolean()).isTrue();
        assertThat(minimal.json().get("lanes").toString()).isEqualTo("[]");
        assertThat(minimal.json().get("heading").isNull()).isTrue();
        assertThat(client().postJson("/api/v1/heartbeat", device.key(), Map.of("status", "ok")).status()).isEqualTo(200);

        var kind = camera(otherSite, name);
        kind.put("kind", "laser");
        assertThat(fields(put("/api/v1/cameras/" + device.cameraId(), admin.token(), kind))).containsExactly("kind");
        var site = camera(Long.MAX_VALUE, name);
        var noSite = put("/api/v1/cameras/" + device.cameraId(), admin.token(), site);
        assertThat(noSite.status()).isEqualTo(400);
        assertThat(fields(noSite)).containsExactly("siteId");
        var many = camera(otherSite, "quote\"d");
        many.put("heading", 360);
        many.put("lanes", List.of(1, 1));
        many.put("speedLimitKmh", 300);
        assertThat(fields(put("/api/v1/cameras/" + device.cameraId(), admin.token(), many)))
                .containsExactly("name", "heading", "lanes", "speedLimitKmh");
        var wrongType = putRaw("/api/v1/cameras/" + device.cameraId(), admin.token(),
                "{\"siteId\":" + otherSite + ",\"name\":\"n\",\"kind\":\"anpr\",\"heading\":\"north\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(fields(wrongType)).containsExactly("heading");
        assertThat(client().get("/api/v1/cameras/" + device.cameraId(), admin.token()).json().get("kind").asString())
                .isEqualTo("anpr");

        assertThat(put("/api/v1/cameras/" + Long.MAX_VALUE, admin.token(), camera(otherSite, "x")).status()).isEqualTo(404);
        String taken = TestClient.unique("taken");
        assertThat(client().postJson("/api/v1/cameras", admin.token(), camera(otherSite, taken)).status()).isEqualTo(201);
        assertThat(put("/api/v1/cameras/" + device.cameraId(), admin.token(), camera(otherSite, taken)).status())
                .isEqualTo(409);
    }

    @Test
    void onlyAdminsMayReplace() {
        var admin = admin();
        var device = client().device(admin);
        for (String role : List.of("OPERATOR", "SUPERVISOR", "INVESTIGATOR", "AUDITOR")) {
            String token = SecurityTestSupport.person(client(), admin, role).token();
            var site = put("/api/v1/sites/" + device.siteId(), token, site(TestClient.unique("x")));
            assertThat(site.status()).as(role).isEqualTo(403);
            var camera = put("/api/v1/cameras/" + device.cameraId(), token, camera(device.siteId(), "x"));
            assertThat(camera.status()).as(role).isEqualTo(403);
        }
        assertThat(put("/api/v1/sites/" + device.siteId(), null, site("x")).status()).isEqualTo(401);
        assertThat(put("/api/v1/cameras/" + device.cameraId(), device.key(), camera(device.siteId(), "x")).status())
                .isEqualTo(403);
    }
}
