package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;
import dev.plateguard.server.ingest.IngestLoad;
import dev.plateguard.server.recognition.RecognitionTestConfiguration;

/**
 * A server of its own (own data directory and database; not an {@link IntegrationTest}, whose data directory it
 * must not share) behind a trusted proxy (127.0.0.1, the test client) with
 * small request limits and a small ingest cap: forwarded headers are believed, https behind the proxy gives a
 * Secure cookie and HSTS, and the rate limits and the ingest cap answer 429/503 with Retry-After.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecognitionTestConfiguration.class)
class TrustedProxyAndLimitsIT {

    private static final Path OWN_DIR;
    private static final int USER_LIMIT = 25;
    private static final int DEVICE_LIMIT = 10;
    private static final int ADDRESS_LIMIT = 15;

    static {
        try {
            OWN_DIR = Files.createTempDirectory("plateguard-proxy-test-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** As {@link IntegrationTest} sets them, with a data directory of its own and the settings under test. */
    @DynamicPropertySource
    static void ownServer(DynamicPropertyRegistry registry) {
        registry.add("plateguard.data-dir", OWN_DIR::toString);
        registry.add("plateguard.embedded-db.port", () -> "0");
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("plateguard.review.interval", () -> "1h");
        registry.add("plateguard.violations.registry-recheck-interval", () -> "1h");
        registry.add("plateguard.recognition.poll-interval", () -> "1h");
        registry.add("plateguard.abuse.trusted-proxies", () -> "127.0.0.1,::1");
        registry.add("plateguard.abuse.user-requests-per-minute", () -> String.valueOf(USER_LIMIT));
        registry.add("plateguard.abuse.device-requests-per-minute", () -> String.valueOf(DEVICE_LIMIT));
        registry.add("plateguard.abuse.address-requests-per-minute", () -> String.valueOf(ADDRESS_LIMIT));
        registry.add("plateguard.ingest-load.max-bytes-in-flight", () -> "64KB");
    }

    @Autowired
    IngestLoad load;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    private TestClient client() {
        return new TestClient("http://127.0.0.1:" + port);
    }

    private static TestClient.Admin ownAdmin;

    private synchronized TestClient.Admin ownAdmin() {
        if (ownAdmin == null) {
            ownAdmin = client().setupFirstAdmin(OWN_DIR.resolve("setup-token"));
        }
        return ownAdmin;
    }

    private static String address() {
        return "198.51.100." + (1 + (int) (Math.random() * 250));
    }

    private TestClient.Response anonymousGet(String path, String forwardedFor) {
        return client().get(path, null, Map.of("X-Forwarded-For", forwardedFor));
    }

    @Test
    void theProxysForwardedAddressIsAuditedAndThrottled() {
        ownAdmin();
        String who = TestClient.unique("fwd").toLowerCase();
        String real = "203.0.113." + (1 + (int) (Math.random() * 250));
        var response = client().send(HttpRequest.newBuilder(URI.create(client().base() + "/api/v1/tokens"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + who + "\",\"password\":\"wrong wrong\"}"))
                .header("Content-Type", "application/json"), null, Map.of("X-Forwarded-For", "10.9.9.9, " + real));
        assertThat(response.status()).isEqualTo(401);
        assertThat(jdbc.sql("select client_ip from audit_event where action = 'login' and actor = ?")
                .param(who).query(String.class).single()).as("the last hop before the trusted proxy").isEqualTo(real);
    }

    @Test
    void httpsBehindTheProxyGivesHstsAndASecureCookie() {
        var secure = client().get("/login", null, Map.of("X-Forwarded-Proto", "https"));
        assertThat(secure.status()).isEqualTo(200);
        assertThat(secure.header("Strict-Transport-Security")).contains("max-age=");
        assertThat(BrowserSession.sessionCookie(secure)).isNotNull().containsIgnoringCase("; Secure");
        var plain = client().get("/login", null, Map.of("X-Forwarded-Proto", "http"));
        assertThat(plain.header("Strict-Transport-Security")).isNull();
        assertThat(BrowserSession.sessionCookie(plain)).isNotNull().doesNotContainIgnoringCase("secure");
    }

    @Test
    void anonymousRequestsAreLimitedPerAddress() {
        String address = address();
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            assertThat(anonymousGet("/api/v1/reads", address).status()).as("request %d", i).isEqualTo(401);
        }
        var limited = anonymousGet("/api/v1/reads", address);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        assertThat(limited.json().get("detail").asString()).contains("this address");
        // Another address has its own budget.
        assertThat(anonymousGet("/api/v1/reads", "198.51.100.251").status()).isEqualTo(401);
    }

    @Test
    void aUserIsLimitedWhateverTheAddress() {
        var admin = ownAdmin();
        String username = TestClient.unique("second").toLowerCase();
        var created = client().postJson("/api/v1/users", admin.token(),
                Map.of("username", username, "password", TestClient.PASSWORD, "roles", List.of("ADMIN")));
        assertThat(created.status()).isIn(201, 202);
        String token = client().login(username, TestClient.PASSWORD);
        int ok = 0;
        TestClient.Response last = null;
        for (int i = 0; i <= USER_LIMIT; i++) {
            last = client().get("/api/v1/users", token, Map.of("X-Forwarded-For", address()));
            if (last.status() == 200) {
                ok++;
            }
        }
        assertThat(ok).isEqualTo(USER_LIMIT);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Retry-After")).isNotNull();
        assertThat(last.json().get("detail").asString()).contains("this account");
    }

    @Test
    void aCameraIsLimitedAndAnotherIsNot() {
        var admin = ownAdmin();
        var camera = client().device(admin);
        var other = client().device(admin);
        for (int i = 0; i < DEVICE_LIMIT; i++) {
            assertThat(client().postJson("/api/v1/heartbeat", camera.key(), Map.of("status", "ok")).status())
                    .as("heartbeat %d", i).isEqualTo(200);
        }
        var limited = client().postJson("/api/v1/heartbeat", camera.key(), Map.of("status", "ok"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(limited.json().get("detail").asString()).contains("this camera");
        assertThat(client().postJson("/api/v1/heartbeat", other.key(), Map.of("status", "ok")).status()).isEqualTo(200);
    }

    @Test
    void uploadsBeyondTheIngestCapWaitOutsideAndNothingIsStored() throws Exception {
        var admin = ownAdmin();
        var holder = client().device(admin);
        var camera = client().device(admin);
        URI base = URI.create(client().base());
        // A slow upload that announces 65000 bytes and sends a few: it holds its share of the 64 KB cap.
        try (Socket slow = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /api/v1/reads HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Authorization: Bearer " + holder.key() + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 65000\r\n\r\n--xyz\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long deadline = System.currentTimeMillis() + 10_000;
            while (load.inFlightBytes() < 65000 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(load.inFlightBytes()).isGreaterThanOrEqualTo(65000);
            String eventId = TestClient.unique("capped");
            var refused = SecurityTestSupport.postRead(client(), camera.key(), SecurityTestSupport.metadata(eventId),
                    TestMedia.jpeg(64, 32, "01A123BC", 1));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(jdbc.sql("select count(*) from plate_read where event_id = ?").param(eventId)
                    .query(Long.class).single()).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The slow upload is gone: its share is released and the next upload is taken.
        long deadline = System.currentTimeMillis() + 10_000;
        while (load.inFlightBytes() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(load.inFlightBytes()).isZero();
        var accepted = SecurityTestSupport.postRead(client(), camera.key(),
                SecurityTestSupport.metadata(TestClient.unique("after")), TestMedia.jpeg(64, 32, "01A123BC", 2));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
    }
}
