package dev.plateguard.server.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

import dev.plateguard.server.TestAuthenticator;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;

/**
 * A first start through the setup page, on a server of its own whose second factor is required for other roles than
 * the default (plateguard.mfa.required-roles=ADMIN,OPERATOR): the page creates the administrator, whose first sign-in
 * is the enrolment page; afterwards the configured list decides who needs a code (OPERATOR does, AUDITOR does not).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetupPageEnrolmentIT {

    private static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("plateguard-setup-page-");
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
        registry.add("plateguard.mfa.required-roles", () -> "ADMIN,OPERATOR");
        registry.add("plateguard.recognition.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private TestClient client() {
        return new TestClient("http://127.0.0.1:" + port);
    }

    @Test
    @Order(1)
    void theSetupPageLeadsTheFirstAdministratorToEnrolmentAtTheFirstSignIn() throws IOException {
        BrowserSession browser = new BrowserSession(client());
        var form = browser.get("/setup");
        assertThat(form.status()).isEqualTo(200);
        var created = browser.postForm("/setup", Map.of("_csrf", BrowserSession.csrfTokenIn(form.text()),
                "token", Files.readString(DATA_DIR.resolve("setup-token")).strip(), "username", "chief",
                "password", TestClient.PASSWORD));
        assertThat(BrowserSession.redirectPath(created)).isEqualTo("/login");
        assertThat(created.header("Location")).contains("setup");
        // Nothing enrolled yet: the secret is shown where it can be scanned, at the first sign-in.
        assertThat(jdbc.sql("select count(*) from user_totp").query(Long.class).single()).isZero();

        var password = browser.loginWithPassword("chief", TestClient.PASSWORD);
        assertThat(BrowserSession.redirectPath(password)).isEqualTo("/login/enrol");
        assertThat(BrowserSession.redirectPath(browser.get("/admin/users"))).isEqualTo("/login/enrol");
        var page = browser.get("/login/enrol");
        String secret = BrowserSession.secretIn(page.text());
        TestAuthenticator.remember(client().base(), "chief", secret);
        var done = browser.postForm("/login/enrol", Map.of("_csrf", BrowserSession.csrfTokenIn(page.text()),
                "code", TestAuthenticator.code(client().base(), "chief")));
        assertThat(done.status()).isEqualTo(200);
        assertThat(BrowserSession.recoveryCodesIn(done.text())).hasSize(10);
        assertThat(browser.get("/admin/users").status()).isEqualTo(200);
        // From now on the API wants the code too.
        var noCode = client().postJson("/api/v1/tokens", null, Map.of("username", "chief", "password", TestClient.PASSWORD));
        assertThat(noCode.status()).isEqualTo(401);
        assertThat(client().signIn("chief", TestClient.PASSWORD).status()).isEqualTo(201);
    }

    @Test
    @Order(2)
    void theConfiguredRolesDecideWhoNeedsACode() {
        String chief = client().login("chief", TestClient.PASSWORD);
        assertThat(client().postJson("/api/v1/users", chief, Map.of("username", "deputy", "password", TestClient.PASSWORD,
                "roles", List.of("ADMIN"))).status()).isEqualTo(201);
        var admin = new TestClient.Admin(chief, client().login("deputy", TestClient.PASSWORD));
        for (String role : List.of("OPERATOR", "AUDITOR")) {
            String username = role.toLowerCase() + "-one";
            assertThat(client().createUser(admin, Map.of("username", username, "password", TestClient.PASSWORD,
                    "roles", List.of(role))).status()).isEqualTo(201);
        }
        // OPERATOR is in this server's list: an enrolment first.
        var operator = client().postJson("/api/v1/tokens", null, Map.of("username", "operator-one", "password", TestClient.PASSWORD));
        assertThat(operator.status()).isEqualTo(403);
        assertThat(operator.json().get("enrolmentToken").asString()).startsWith("pge_");
        // AUDITOR is not (here): the password alone, in the API and in the browser.
        var auditor = client().postJson("/api/v1/tokens", null, Map.of("username", "auditor-one", "password", TestClient.PASSWORD));
        assertThat(auditor.status()).isEqualTo(201);
        BrowserSession browser = new BrowserSession(client());
        assertThat(BrowserSession.redirectPath(browser.loginWithPassword("auditor-one", TestClient.PASSWORD))).isEqualTo("/");
        assertThat(browser.get("/audit").status()).isEqualTo(200);
    }
}
