package dev.plateguard.server.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;

/** After the first administrator exists, setup is gone in every form, and the one-time token is burnt. */
class SetupIT extends IntegrationTest {

    @Test
    void setupAnswers404OnceAnAdministratorExists() {
        admin();
        long users = count("app_user");
        for (String token : java.util.List.of("pgs_guess", "", "x".repeat(47))) {
            var r = client().postJson("/api/v1/setup", null, Map.of("token", token,
                    "username", TestClient.unique("second-admin").toLowerCase(), "password", TestClient.PASSWORD));
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        // Even with a valid-looking body and a bearer token of an admin, it is gone.
        var withAdmin = client().postJson("/api/v1/setup", admin().token(), Map.of("token", "pgs_x",
                "username", TestClient.unique("third-admin").toLowerCase(), "password", TestClient.PASSWORD));
        assertThat(withAdmin.status()).isEqualTo(404);
        assertThat(count("app_user")).isEqualTo(users);
    }

    @Test
    void setupTokenFileIsGone() {
        admin();
        assertThat(DATA_DIR.resolve("setup-token")).doesNotExist();
        assertThat(DATA_DIR.resolve("setup-token.tmp")).doesNotExist();
    }

    @Test
    void setupPageIsGoneToo() {
        admin();
        assertThat(client().get("/setup", null).status()).isEqualTo(404);
        // The form post, with a valid session and CSRF token, is refused as well and creates nobody.
        BrowserSession browser = new BrowserSession(client());
        String csrf = browser.csrfToken();
        String username = TestClient.unique("page-admin").toLowerCase();
        var post = browser.postForm("/setup", Map.of("_csrf", csrf, "token", "pgs_guess", "username", username,
                "password", TestClient.PASSWORD));
        assertThat(post.status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from app_user where username = ?").param(username).query(Long.class).single())
                .isZero();
    }

    @Test
    void firstAdministratorWasCreatedThroughSetupAndAudited() throws Exception {
        admin();
        assertThat(jdbc.sql("select array_to_string(roles, ',') from app_user where username = 'admin'")
                .query(String.class).single()).isEqualTo("ADMIN");
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'setup' and outcome = 'success' and target = 'user:admin'""")
                .query(Long.class).single()).isEqualTo(1);
        // No default credential exists anywhere on disk either.
        try (var files = Files.list(DATA_DIR)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("setup-token");
        }
    }
}
