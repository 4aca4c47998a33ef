package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * Who may do what, over real HTTP with real tokens. ADMIN manages but sees no reads or evidence; AUDITOR sees only
 * the audit log; OPERATOR, SUPERVISOR and INVESTIGATOR see reads but manage nothing; devices only ingest; people
 * never ingest. Denied calls answer 403 problem+json and change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixIT extends IntegrationTest {

    private TestClient.Admin admin;
    private TestClient.Device device;
    private long readId;
    private String evidenceSha;
    private long victimUserId;
    private String adminToken;
    private String operator;
    private String supervisor;
    private String investigator;
    private String auditor;

    @BeforeAll
    void fixtures() {
        admin = admin();
        device = client().device(admin);
        byte[] image = SecurityTestSupport.jpeg(4242);
        var created = SecurityTestSupport.postRead(client(), device.key(),
                SecurityTestSupport.metadata(TestClient.unique("matrix")), image);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        readId = created.json().get("id").asLong();
        evidenceSha = SecurityTestSupport.sha256Hex(image);
        victimUserId = SecurityTestSupport.person(client(), admin, "OPERATOR").id();
        adminToken = client().userToken(admin, "ADMIN");
        operator = client().userToken(admin, "OPERATOR");
        supervisor = client().userToken(admin, "SUPERVISOR");
        investigator = client().userToken(admin, "INVESTIGATOR");
        auditor = client().userToken(admin, "AUDITOR");
    }

    @Test
    void adminManagesButCannotSeeReadsEvidenceOrAudit() {
        SoftAssertions soft = new SoftAssertions();
        expectDenied(soft, adminToken, "GET", "/api/v1/reads");
        expectDenied(soft, adminToken, "GET", "/api/v1/reads?plate=01A123BC");
        expectDenied(soft, adminToken, "GET", "/api/v1/reads/" + readId);
        expectDenied(soft, adminToken, "GET", "/api/v1/evidence/" + evidenceSha);
        expectDenied(soft, adminToken, "GET", "/api/v1/audit");
        // What an admin is for.
        expectStatus(soft, adminToken, "GET", "/api/v1/users", 200);
        expectStatus(soft, adminToken, "GET", "/api/v1/sites", 200);
        expectStatus(soft, adminToken, "GET", "/api/v1/cameras", 200);
        expectStatus(soft, adminToken, "GET", "/api/v1/cameras/" + device.cameraId() + "/keys", 200);
        expectStatus(soft, adminToken, "POST", "/api/v1/sites", 201);
        expectStatus(soft, adminToken, "POST", "/api/v1/users", 201);
        expectStatus(soft, adminToken, "POST", "/api/v1/cameras/" + device.cameraId() + "/keys", 201);
        soft.assertAll();
        // The first administrator is an ADMIN like any other.
        assertThat(client().get("/api/v1/reads", admin.token()).status()).isEqualTo(403);
        assertThat(client().get("/api/v1/audit", admin.token()).status()).isEqualTo(403);
    }

    @Test
    void auditorSeesOnlyTheAuditLog() {
        SoftAssertions soft = new SoftAssertions();
        expectStatus(soft, auditor, "GET", "/api/v1/audit", 200);
        expectStatus(soft, auditor, "GET", "/api/v1/tokens", 200);
        expectDenied(soft, auditor, "GET", "/api/v1/reads");
        expectDenied(soft, auditor, "GET", "/api/v1/reads/" + readId);
        expectDenied(soft, auditor, "GET", "/api/v1/evidence/" + evidenceSha);
        expectDenied(soft, auditor, "GET", "/api/v1/sites");
        expectDenied(soft, auditor, "GET", "/api/v1/sites/" + device.siteId());
        expectDenied(soft, auditor, "GET", "/api/v1/sites.geojson");
        expectDenied(soft, auditor, "GET", "/api/v1/cameras");
        expectDenied(soft, auditor, "GET", "/api/v1/users");
        expectDenied(soft, auditor, "POST", "/api/v1/users");
        expectDenied(soft, auditor, "PATCH", "/api/v1/users/" + victimUserId);
        expectDenied(soft, auditor, "POST", "/api/v1/sites");
        expectDenied(soft, auditor, "POST", "/api/v1/cameras/" + device.cameraId() + "/keys");
        soft.assertAll();
    }

    @Test
    void readRolesSeeReadsButManageNothing() {
        for (String token : List.of(operator, supervisor, investigator)) {
            SoftAssertions soft = new SoftAssertions();
            expectStatus(soft, token, "GET", "/api/v1/reads", 200);
            expectStatus(soft, token, "GET", "/api/v1/reads/" + readId, 200);
            expectStatus(soft, token, "GET", "/api/v1/evidence/" + evidenceSha, 200);
            expectStatus(soft, token, "GET", "/api/v1/sites", 200);
            expectStatus(soft, token, "GET", "/api/v1/cameras", 200);
            expectStatus(soft, token, "GET", "/api/v1/tokens", 200);
            expectDenied(soft, token, "POST", "/api/v1/users");
            expectDenied(soft, token, "GET", "/api/v1/users");
            expectDenied(soft, token, "PATCH", "/api/v1/users/" + victimUserId);
            expectDenied(soft, token, "POST", "/api/v1/sites");
            expectDenied(soft, token, "POST", "/api/v1/cameras");
            expectDenied(soft, token, "POST", "/api/v1/cameras/" + device.cameraId() + "/keys");
            expectDenied(soft, token, "GET", "/api/v1/cameras/" + device.cameraId() + "/keys");
            expectDenied(soft, token, "DELETE", "/api/v1/cameras/" + device.cameraId() + "/keys/" + device.keyId());
            expectDenied(soft, token, "GET", "/api/v1/audit");
            soft.assertAll();
        }
        // The device key survived every attempt to revoke it, and the victim's roles every attempt to change them.
        assertThat(client().postJson("/api/v1/heartbeat", device.key(), Map.of("status", "ok")).status()).isEqualTo(200);
        assertThat(jdbc.sql("select array_to_string(roles, ',') from app_user where id = ?").param(victimUserId)
                .query(String.class).single()).isEqualTo("OPERATOR");
    }

    @Test
    void deviceKeyCannotCallAnyPersonRoute() {
        String key = device.key();
        SoftAssertions soft = new SoftAssertions();
        for (String[] call : new String[][] {
                {"GET", "/api/v1/users"}, {"POST", "/api/v1/users"}, {"PATCH", "/api/v1/users/" + victimUserId},
                {"GET", "/api/v1/sites"}, {"POST", "/api/v1/sites"}, {"GET", "/api/v1/sites/" + device.siteId()},
                {"GET", "/api/v1/sites.geojson"}, {"GET", "/api/v1/cameras"}, {"POST", "/api/v1/cameras"},
                {"GET", "/api/v1/cameras/" + device.cameraId()},
                {"GET", "/api/v1/cameras/" + device.cameraId() + "/keys"},
                {"POST", "/api/v1/cameras/" + device.cameraId() + "/keys"},
                {"DELETE", "/api/v1/cameras/" + device.cameraId() + "/keys/" + device.keyId()},
                {"GET", "/api/v1/reads"}, {"GET", "/api/v1/reads/" + readId},
                {"GET", "/api/v1/evidence/" + evidenceSha}, {"GET", "/api/v1/audit"},
                {"GET", "/api/v1/tokens"}, {"DELETE", "/api/v1/tokens/1"}}) {
            expectDenied(soft, key, call[0], call[1]);
        }
        soft.assertAll();
        // Its own routes still work, so the 403s above were about the route, not a broken key.
        assertThat(client().postJson("/api/v1/heartbeat", key, Map.of("status", "ok")).status()).isEqualTo(200);
    }

    @Test
    void personTokensCannotIngest() {
        for (String token : List.of(operator, adminToken, auditor, admin.token())) {
            String eventId = TestClient.unique("person-ingest");
            var single = SecurityTestSupport.postRead(client(), token, SecurityTestSupport.metadata(eventId),
                    SecurityTestSupport.jpeg(77));
            assertDenied(single, "POST /api/v1/reads");
            var batch = client().post("/api/v1/reads/batch", token, "application/json",
                    ("{\"reads\":[" + SecurityTestSupport.metadata(eventId) + "]}").getBytes());
            assertDenied(batch, "POST /api/v1/reads/batch");
            assertDenied(client().postJson("/api/v1/heartbeat", token, Map.of("status", "ok")), "POST /api/v1/heartbeat");
            assertThat(jdbc.sql("select count(*) from plate_read where event_id = ?").param(eventId)
                    .query(Long.class).single()).isZero();
        }
    }

    @Test
    void severalRolesCombine() {
        String both = client().userToken(admin, "OPERATOR", "AUDITOR");
        assertThat(client().get("/api/v1/reads", both).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/audit", both).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/users", both).status()).isEqualTo(403);
        // ...but ADMIN never combines with another role (separation of duties).
        var refused = client().postJson("/api/v1/users", admin.token(), Map.of("username", TestClient.unique("both").toLowerCase(),
                "password", TestClient.PASSWORD, "roles", List.of("ADMIN", "AUDITOR")));
        assertThat(refused.status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------------------------------------------------

    private void expectDenied(SoftAssertions soft, String token, String method, String path) {
        String marker = TestClient.unique("denied").toLowerCase();
        TestClient.Response r = call(token, method, path, marker);
        soft.assertThat(r.status()).as("%s %s", method, path).isEqualTo(403);
        soft.assertThat(r.header("Content-Type")).as("%s %s content type", method, path).startsWith("application/problem+json");
        // Nothing named after the marker was created by a refused call.
        soft.assertThat(jdbc.sql("select count(*) from app_user where username = ?").param(marker).query(Long.class).single())
                .as("%s %s created a user", method, path).isZero();
        soft.assertThat(jdbc.sql("select count(*) from site where name = ?").param(marker).query(Long.class).single())
                .as("%s %s created a site", method, path).isZero();
        soft.assertThat(jdbc.sql("select count(*) from camera where name = ?").param(marker).query(Long.class).single())
                .as("%s %s created a camera", method, path).isZero();
    }

    private void expectStatus(SoftAssertions soft, String token, String method, String path, int status) {
        TestClient.Response r = call(token, method, path, TestClient.unique("allowed").toLowerCase());
        soft.assertThat(r.status()).as("%s %s: %s", method, path, r.text()).isEqualTo(status);
    }

    private static void assertDenied(TestClient.Response r, String what) {
        assertThat(r.status()).as(what + ": " + r.text()).isEqualTo(403);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }

    /** Sends a request whose body would succeed for a caller with the right role. */
    private TestClient.Response call(String token, String method, String path, String name) {
        return switch (method) {
            case "GET" -> client().get(path, token);
            case "DELETE" -> client().delete(path, token);
            case "PATCH" -> client().patchJson(path, token, Map.of("roles", List.of("OPERATOR", "INVESTIGATOR")));
            case "POST" -> switch (path) {
                case "/api/v1/users" -> client().postJson(path, token,
                        Map.of("username", name, "password", TestClient.PASSWORD, "roles", List.of("ADMIN")));
                case "/api/v1/sites" -> client().postJson(path, token, Map.of("name", name, "city", "Tashkent",
                        "region", "Tashkent city", "latitude", 41.3, "longitude", 69.2));
                case "/api/v1/cameras" -> client().postJson(path, token,
                        Map.of("siteId", device.siteId(), "name", name, "kind", "anpr"));
                default -> client().post(path, token, null, new byte[0]);
            };
            default -> throw new IllegalArgumentException(method);
        };
    }
}
