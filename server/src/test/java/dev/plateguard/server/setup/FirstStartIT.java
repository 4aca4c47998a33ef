package dev.plateguard.server.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;

/**
 * The very first start, before any user exists. This cannot share {@link dev.plateguard.server.IntegrationTest}'s
 * context, whose database already holds the first administrator, so it runs on its own server and its own embedded
 * PostgreSQL in a fresh data directory (closed again after the class). The tests run in order: they walk through
 * one first start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstStartIT {

    private static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("plateguard-first-start-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("plateguard.data-dir", DATA_DIR::toString);
        registry.add("plateguard.embedded-db.port", () -> "0");
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("plateguard.auth.max-failures-per-ip", () -> "1000");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private TestClient client() {
        return new TestClient("http://127.0.0.1:" + port);
    }

    private Path tokenFile() {
        return DATA_DIR.resolve("setup-token");
    }

    @Test
    @Order(1)
    void noUsersAndAnOwnerOnlySetupToken() throws IOException {
        assertThat(jdbc.sql("select count(*) from app_user").query(Long.class).single()).isZero();
        assertThat(tokenFile()).exists();
        assertThat(Files.getPosixFilePermissions(tokenFile()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(tokenFile()).strip()).startsWith("pgs_").hasSize(47);
        // Ready (readiness probe, open to all) only because the token is on disk: without it, out of service.
        var ready = client().get("/actuator/health/readiness", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.text()).contains("\"UP\"");
        assertThat(client().get("/actuator/health/liveness", null).status()).isEqualTo(200);
        Path moved = tokenFile().resolveSibling("setup-token.aside");
        Files.move(tokenFile(), moved);
        try {
            var notReady = client().get("/actuator/health/readiness", null);
            assertThat(notReady.status()).isEqualTo(503);
            assertThat(notReady.text()).contains("OUT_OF_SERVICE");
        } finally {
            Files.move(moved, tokenFile());
        }
        assertThat(client().get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void noDefaultCredentialsAndNothingOpenBeforeSetup() {
        for (String[] guess : new String[][] {{"admin", "admin"}, {"admin", "password"}, {"admin", "changeme"},
                {"root", "root"}, {"user", "user"}, {"plateguard", "plateguard"}}) {
            var r = client().postJson("/api/v1/tokens", null, Map.of("username", guess[0], "password", guess[1]));
            assertThat(r.status()).as("%s/%s", guess[0], guess[1]).isEqualTo(401);
        }
        assertThat(client().get("/api/v1/users", null).status()).isEqualTo(401);
        assertThat(client().get("/api/v1/reads", null).status()).isEqualTo(401);
        assertThat(BrowserSession.redirectPath(client().get("/", null))).isEqualTo("/login");
        // The setup page is there, with CSRF protection, and does not show the token.
        var page = client().get("/setup", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("name=\"_csrf\"");
        assertThat(page.text()).doesNotContain("pgs_");
    }

    @Test
    @Order(3)
    void wrongTokenIsRefusedAndAudited() throws IOException {
        String before = Files.readString(tokenFile());
        String username = "intruder";
        var r = client().postJson("/api/v1/setup", null,
                Map.of("token", "pgs_" + "x".repeat(43), "username", username, "password", TestClient.PASSWORD));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        var missing = client().postJson("/api/v1/setup", null, Map.of("username", username, "password", TestClient.PASSWORD));
        assertThat(missing.status()).isIn(400, 403);
        assertThat(jdbc.sql("select count(*) from app_user").query(Long.class).single()).isZero();
        assertThat(Files.readString(tokenFile())).isEqualTo(before);
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'setup' and outcome = 'failure' and client_ip = '127.0.0.1'""")
                .query(Long.class).single()).as("failed setup attempts are audited").isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(4)
    void weakPasswordKeepsTheTokenValid() throws IOException {
        String secret = Files.readString(tokenFile()).strip();
        var r = client().postJson("/api/v1/setup", null, Map.of("token", secret, "username", "admin", "password", "admin"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("password");
        assertThat(tokenFile()).exists();
        assertThat(jdbc.sql("select count(*) from app_user").query(Long.class).single()).isZero();
    }

    @Test
    @Order(5)
    void concurrentSetupCreatesExactlyOneAdministrator() throws Exception {
        String secret = Files.readString(tokenFile()).strip();
        int attempts = 6;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<TestClient.Response>> results = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String username = "first-admin-" + i;
                Callable<TestClient.Response> call = () -> client().postJson("/api/v1/setup", null,
                        Map.of("token", secret, "username", username, "password", TestClient.PASSWORD));
                results.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            TestClient.Response created = null;
            for (Future<TestClient.Response> f : results) {
                statuses.add(f.get().status());
                created = f.get().status() == 201 ? f.get() : created;
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            // ADMIN signs in with a second factor: the answer holds the authenticator's secret (base32), its otpauth
            // URI and the recovery codes, and nothing else ever shows them.
            String username = created.json().get("username").asString();
            String totpSecret = created.json().get("totpSecret").asString();
            assertThat(totpSecret).matches("[A-Z2-7]{32}");
            assertThat(created.json().get("otpauthUri").asString()).isEqualTo("otpauth://totp/PlateGuard:" + username
                    + "?secret=" + totpSecret + "&issuer=PlateGuard&algorithm=SHA1&digits=6&period=30");
            assertThat(created.json().get("recoveryCodes")).hasSize(10);
            assertThat(created.json().get("roles").get(0).asString()).isEqualTo("ADMIN");
            client().rememberSetupAuthenticator(username, created);
            assertThat(statuses).filteredOn(s -> s != 201).allMatch(s -> s == 404);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from app_user").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select array_to_string(roles, ',') from app_user").query(String.class).single()).isEqualTo("ADMIN");
        assertThat(tokenFile()).doesNotExist();
        // The burnt token cannot be used again, and setup is gone.
        var again = client().postJson("/api/v1/setup", null,
                Map.of("token", secret, "username", "another-admin", "password", TestClient.PASSWORD));
        assertThat(again.status()).isEqualTo(404);
        assertThat(client().get("/setup", null).status()).isEqualTo(404);
        String admin = jdbc.sql("select username from app_user").query(String.class).single();
        // The password alone is not enough: the current code of the authenticator from setup is.
        var passwordOnly = client().postJson("/api/v1/tokens", null, Map.of("username", admin, "password", TestClient.PASSWORD));
        assertThat(passwordOnly.status()).isEqualTo(401);
        assertThat(passwordOnly.json().get("type").asString()).endsWith("/second-factor-required");
        var login = client().postJson("/api/v1/tokens", null, client().credentials(admin, TestClient.PASSWORD));
        assertThat(login.status()).isEqualTo(201);
        assertThat(client().get("/api/v1/users", login.json().get("token").asString()).status()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void theLastEnabledAdministratorCannotBeDisabledOrDemoted() {
        var admin = jdbc.sql("select id, username from app_user").query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .single();
        String token = client().login(admin.getValue(), TestClient.PASSWORD);
        for (Map<String, Object> change : List.<Map<String, Object>>of(Map.of("disabled", true),
                Map.of("roles", List.of("AUDITOR")), Map.of("roles", List.of("OPERATOR"), "disabled", true))) {
            var r = client().patchJson("/api/v1/users/" + admin.getKey(), token, change);
            assertThat(r.status()).as(change + " -> " + r).isEqualTo(409);
        }
        assertThat(client().get("/api/v1/users", token).status()).isEqualTo(200);
        // With a second administrator, the first may be disabled by the second (nobody changes their own roles).
        var second = client().postJson("/api/v1/users", token,
                Map.of("username", "second-admin", "password", TestClient.PASSWORD, "roles", List.of("ADMIN")));
        assertThat(second.status()).isEqualTo(201);
        String secondToken = client().login("second-admin", TestClient.PASSWORD);
        assertThat(client().patchJson("/api/v1/users/" + admin.getKey(), secondToken, Map.of("disabled", true))
                .status()).isEqualTo(200);
        // ...but now the second is the last one.
        assertThat(client().patchJson("/api/v1/users/" + second.json().get("id").asLong(), secondToken,
                Map.of("disabled", true)).status()).isEqualTo(409);
        // A disabled admin does not count.
        assertThat(client().patchJson("/api/v1/users/" + admin.getKey(), secondToken, Map.of("roles", List.of("ADMIN"),
                "disabled", true)).status()).isEqualTo(200);
        assertThat(client().patchJson("/api/v1/users/" + second.json().get("id").asLong(), secondToken,
                Map.of("roles", List.of("OPERATOR"))).status()).isEqualTo(409);
    }
}
