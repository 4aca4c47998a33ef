package dev.plateguard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;
import dev.plateguard.server.security.SecurityTestSupport;

/**
 * What the audit log records, with actor, action, target, outcome and client IP, and how AUDITORs query it.
 */
class AuditTrailIT extends IntegrationTest {

    private static final String LOCALHOST = "127.0.0.1";

    record Entry(String actorType, String actor, String action, String target, String outcome, String clientIp,
                 String details) {
    }

    @Test
    void loginsSuccessfulAndFailedAreRecorded() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        assertThat(client().postJson("/api/v1/tokens", null,
                Map.of("username", person.username(), "password", "not the right one")).status()).isEqualTo(401);
        var apiLogins = entries("login", person.username());
        assertThat(apiLogins).anySatisfy(e -> {
            assertThat(e.actorType()).isEqualTo("user");
            assertThat(e.target()).isEqualTo("api");
            assertThat(e.outcome()).isEqualTo("success");
            assertThat(e.clientIp()).isEqualTo(LOCALHOST);
        });
        assertThat(apiLogins).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("api");
            assertThat(e.outcome()).isEqualTo("failure");
            assertThat(e.clientIp()).isEqualTo(LOCALHOST);
            assertThat(e.details()).contains("bad password").doesNotContain("not the right one");
        });
        // An unknown username is recorded as tried, without revealing more.
        String ghost = TestClient.unique("ghost").toLowerCase();
        client().postJson("/api/v1/tokens", null, Map.of("username", ghost, "password", "whatever whatever"));
        assertThat(entries("login", ghost)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("failure");
            assertThat(e.actorType()).isEqualTo("anonymous");
        });
        // The login page is audited the same way, as channel "web".
        assertThat(new BrowserSession(client()).login(person.username(), person.password()).status()).isEqualTo(302);
        assertThat(new BrowserSession(client()).login(person.username(), "wrong again, sorry").status()).isEqualTo(302);
        var webLogins = entries("login", person.username()).stream().filter(e -> e.target().equals("web")).toList();
        assertThat(webLogins).extracting(Entry::outcome).contains("success", "failure");
        assertThat(webLogins).allSatisfy(e -> assertThat(e.clientIp()).isEqualTo(LOCALHOST));
    }

    @Test
    void tokenKeyAndUserChangesAreRecorded() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        // User creation and token creation.
        assertThat(entries("user.create", "admin")).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("user:" + person.username());
            assertThat(e.outcome()).isEqualTo("success");
            assertThat(e.clientIp()).isEqualTo(LOCALHOST);
            assertThat(e.details()).contains("OPERATOR").doesNotContain(person.password());
        });
        assertThat(entries("token.create", person.username())).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("token:" + person.tokenId());
            assertThat(e.outcome()).isEqualTo("success");
            assertThat(e.clientIp()).isEqualTo(LOCALHOST);
        });
        // Token revocation by its owner.
        assertThat(client().delete("/api/v1/tokens/" + person.tokenId(), person.token()).status()).isEqualTo(204);
        assertThat(entries("token.revoke", person.username()))
                .anySatisfy(e -> assertThat(e.target()).isEqualTo("token:" + person.tokenId()));
        // User updates: roles, disable, password reset.
        assertThat(client().patchUser(admin, person.id(),
                Map.of("roles", List.of("INVESTIGATOR"))).status()).isEqualTo(200);
        assertThat(client().patchJson("/api/v1/users/" + person.id(), admin.token(),
                Map.of("password", "a brand new long passphrase")).status()).isEqualTo(200);
        assertThat(client().patchJson("/api/v1/users/" + person.id(), admin.token(),
                Map.of("disabled", true)).status()).isEqualTo(200);
        var updates = entries("user.update", "admin").stream()
                .filter(e -> e.target().equals("user:" + person.username())).toList();
        assertThat(updates).hasSize(3);
        assertThat(updates).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("success");
            assertThat(e.clientIp()).isEqualTo(LOCALHOST);
            assertThat(e.details()).doesNotContain("a brand new long passphrase");
        });
        assertThat(updates).extracting(Entry::details).anyMatch(d -> d.contains("INVESTIGATOR"))
                .anyMatch(d -> d.contains("passwordReset")).anyMatch(d -> d.contains("disabled"));

        // Device keys: creation and revocation, naming camera and key.
        var device = client().device(admin);
        String keyTarget = "camera:" + device.cameraId() + "/key:" + device.keyId();
        assertThat(entries("device-key.create", "admin")).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo(keyTarget);
            assertThat(e.outcome()).isEqualTo("success");
            assertThat(e.clientIp()).isEqualTo(LOCALHOST);
        });
        assertThat(client().delete("/api/v1/cameras/" + device.cameraId() + "/keys/" + device.keyId(), admin.token())
                .status()).isEqualTo(204);
        assertThat(entries("device-key.revoke", "admin")).anySatisfy(e -> assertThat(e.target()).isEqualTo(keyTarget));
        // A refused key is recorded too, without the key itself.
        assertThat(client().postJson("/api/v1/heartbeat", device.key(), Map.of("status", "ok")).status()).isEqualTo(401);
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'token.authenticate' and outcome = 'failure'
                  and target = '/api/v1/heartbeat' and client_ip = ?""").param(LOCALHOST).query(Long.class).single())
                .isPositive();
        assertThat(jdbc.sql("select count(*) from audit_event where strpos(audit_event::text, ?) > 0")
                .param(device.key()).query(Long.class).single()).isZero();
    }

    @Test
    void readSearchesViewsAndEvidenceViewsAreRecorded() {
        var admin = admin();
        var device = client().device(admin);
        byte[] image = SecurityTestSupport.jpeg(8080);
        var created = SecurityTestSupport.postRead(client(), device.key(), SecurityTestSupport.metadata(TestClient.unique("audit")),
                image);
        assertThat(created.status()).isEqualTo(201);
        long readId = created.json().get("id").asLong();
        String sha = SecurityTestSupport.sha256Hex(image);
        var investigator = SecurityTestSupport.person(client(), admin, "INVESTIGATOR");

        assertThat(client().get("/api/v1/reads?plate=01A123BC&camera=" + device.cameraId()
                + dev.plateguard.server.reads.InvestigationParams.QUERY, investigator.token()).status())
                .isEqualTo(200);
        assertThat(client().get("/api/v1/reads/" + readId, investigator.token()).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/evidence/" + sha, investigator.token()).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/reads/" + Long.MAX_VALUE, investigator.token()).status()).isEqualTo(404);

        assertThat(entries("reads.search", investigator.username())).anySatisfy(e -> {
            assertThat(e.actorType()).isEqualTo("user");
            assertThat(e.target()).isEqualTo("plate:01A123BC");
            assertThat(e.outcome()).isEqualTo("success");
            assertThat(e.clientIp()).isEqualTo(LOCALHOST);
            assertThat(e.details()).contains(String.valueOf(device.cameraId()))
                    .contains(dev.plateguard.server.reads.InvestigationParams.CASE, "stolen-vehicle");
        });
        assertThat(entries("reads.view", investigator.username())).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("read:" + readId);
            assertThat(e.outcome()).isEqualTo("success");
        }).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("read:" + Long.MAX_VALUE);
            assertThat(e.outcome()).isEqualTo("failure");
        });
        assertThat(entries("evidence.view", investigator.username())).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("evidence:" + sha);
            assertThat(e.outcome()).isEqualTo("success");
            assertThat(e.clientIp()).isEqualTo(LOCALHOST);
        });
    }

    @Test
    void clientIpCannotBeSpoofedWithForwardingHeaders() {
        admin();
        String who = TestClient.unique("spoofer").toLowerCase();
        var r = client().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client().base() + "/api/v1/tokens"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        TestClient.JSON.writeValueAsString(Map.of("username", who, "password", "not the password"))))
                .header("Content-Type", "application/json"), null,
                Map.of("X-Forwarded-For", "203.0.113.66", "X-Real-IP", "203.0.113.67", "Forwarded", "for=203.0.113.68"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(entries("login", who)).singleElement().satisfies(e -> assertThat(e.clientIp()).isEqualTo(LOCALHOST));
    }

    @Test
    void auditorFiltersByActorAndAction() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        client().postJson("/api/v1/tokens", null, Map.of("username", person.username(), "password", "wrong wrong wrong"));
        var auditor = SecurityTestSupport.person(client(), admin, "AUDITOR");

        var byActorAndAction = client().get("/api/v1/audit?actor=" + encode(person.username()) + "&action=login",
                auditor.token());
        assertThat(byActorAndAction.status()).isEqualTo(200);
        List<JsonNode> items = list(byActorAndAction.json().get("items"));
        assertThat(items).hasSize(2);
        assertThat(items).allSatisfy(item -> {
            assertThat(item.get("actor").asString()).isEqualTo(person.username());
            assertThat(item.get("action").asString()).isEqualTo("login");
            assertThat(item.get("target").asString()).isEqualTo("api");
            assertThat(item.get("clientIp").asString()).isEqualTo(LOCALHOST);
            assertThat(item.has("occurredAt")).isTrue();
        });
        assertThat(items).extracting(i -> i.get("outcome").asString()).containsExactly("failure", "success");

        var byActor = client().get("/api/v1/audit?actor=" + encode(person.username()), auditor.token());
        assertThat(list(byActor.json().get("items"))).extracting(i -> i.get("action").asString())
                .contains("login", "token.create").allMatch(a -> a.equals("login") || a.equals("token.create"));

        var byAction = client().get("/api/v1/audit?action=user.create&limit=1000", auditor.token());
        assertThat(list(byAction.json().get("items"))).isNotEmpty()
                .allSatisfy(i -> assertThat(i.get("action").asString()).isEqualTo("user.create"))
                .anySatisfy(i -> assertThat(i.get("target").asString()).isEqualTo("user:" + person.username()));

        var byTarget = client().get("/api/v1/audit?target=" + encode("user:" + person.username()), auditor.token());
        assertThat(list(byTarget.json().get("items"))).isNotEmpty()
                .allSatisfy(i -> assertThat(i.get("target").asString()).isEqualTo("user:" + person.username()));

        // Paging goes back in time without overlap.
        var first = client().get("/api/v1/audit?limit=2", auditor.token()).json();
        assertThat(first.get("items")).hasSize(2);
        long before = first.get("nextBefore").asLong();
        var second = client().get("/api/v1/audit?limit=2&before=" + before, auditor.token()).json();
        assertThat(list(second.get("items"))).allSatisfy(i -> assertThat(i.get("id").asLong()).isLessThan(before));

        // Reading the log is itself recorded.
        assertThat(entries("audit.query", auditor.username())).isNotEmpty();
        // Bad filters are client errors.
        assertThat(client().get("/api/v1/audit?limit=0", auditor.token()).status()).isEqualTo(400);
        assertThat(client().get("/api/v1/audit?from=yesterday", auditor.token()).status()).isEqualTo(400);
        // SQL in a filter is just a value.
        var injection = client().get("/api/v1/audit?actor=" + encode("x' or '1'='1"), auditor.token());
        assertThat(injection.status()).isEqualTo(200);
        assertThat(injection.json().get("items")).isEmpty();
    }

    private List<Entry> entries(String action, String actor) {
        return jdbc.sql("""
                select actor_type, actor, action, target, outcome, client_ip, details::text as details from audit_event
                where action = ? and actor = ? order by id""")
                .params(action, actor)
                .query((rs, n) -> new Entry(rs.getString("actor_type"), rs.getString("actor"), rs.getString("action"),
                        rs.getString("target"), rs.getString("outcome"), rs.getString("client_ip"),
                        rs.getString("details") == null ? "" : rs.getString("details")))
                .list();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
