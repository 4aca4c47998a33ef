package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * The browser side: form login with CSRF protection, a session that ends as soon as its user is disabled or
 * changed (SessionStampFilter), and a session cookie that opens nothing on the bearer-token API.
 */
class WebSessionIT extends IntegrationTest {

    @Test
    void formLoginGivesASessionThatEndsWhenTheUserIsDisabled() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        BrowserSession browser = new BrowserSession(client());
        browser.csrfToken();
        String anonymousSession = browser.sessionId();

        var login = browser.login(person.username(), person.password());
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(login)).isEqualTo("/");
        // Session fixation: signing in issues a new session id.
        assertThat(browser.sessionId()).isNotNull().isNotEqualTo(anonymousSession);

        var home = browser.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.text()).contains(person.username());

        var disabled = client().patchJson("/api/v1/users/" + person.id(), admin.token(), Map.of("disabled", true));
        assertThat(disabled.status()).isEqualTo(200);

        String stolenCookie = browser.sessionId();
        var after = browser.get("/");
        assertThat(after.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(after)).isEqualTo("/login");
        // The old session is gone for good, even if the cookie is replayed.
        BrowserSession replay = new BrowserSession(client());
        replay.useSession(stolenCookie);
        var replayed = replay.get("/");
        assertThat(replayed.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(replayed)).isEqualTo("/login");
        // And the disabled user cannot sign in again.
        var again = new BrowserSession(client()).login(person.username(), person.password());
        assertThat(again.status()).isEqualTo(302);
        assertThat(again.header("Location")).contains("/login?error");
    }

    @Test
    void roleChangeEndsTheSession() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        BrowserSession browser = new BrowserSession(client());
        assertThat(browser.login(person.username(), person.password()).status()).isEqualTo(302);
        assertThat(browser.get("/").status()).isEqualTo(200);
        assertThat(client().patchUser(admin, person.id(), Map.of("roles", List.of("INVESTIGATOR"))).status()).isEqualTo(200);
        var after = browser.get("/");
        assertThat(after.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(after)).isEqualTo("/login");
        // Signing in again gives the new roles.
        BrowserSession fresh = new BrowserSession(client());
        assertThat(fresh.login(person.username(), person.password()).status()).isEqualTo(302);
        // The roles in words (the page's language), not their codes.
        assertThat(fresh.get("/").text()).contains("(Investigator)").doesNotContain("Operator").doesNotContain("OPERATOR");
    }

    @Test
    void wrongPasswordRedirectsToTheLoginError() {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession browser = new BrowserSession(client());
        var login = browser.login(person.username(), "not the password at all");
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).contains("/login?error");
        var home = browser.get("/");
        assertThat(home.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(home)).isEqualTo("/login");
    }

    @Test
    void loginWithoutCsrfTokenIsRejected() {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        // No token and no session at all.
        var bare = new BrowserSession(client()).postForm("/login",
                Map.of("username", person.username(), "password", person.password()));
        assertThat(bare.status()).isEqualTo(403);

        // A real session, but the form without its token, or with a forged one.
        BrowserSession browser = new BrowserSession(client());
        browser.csrfToken();
        var missing = browser.postForm("/login", Map.of("username", person.username(), "password", person.password()));
        assertThat(missing.status()).isEqualTo(403);
        var forged = browser.postForm("/login",
                Map.of("username", person.username(), "password", person.password(), "_csrf", "forged-token"));
        assertThat(forged.status()).isEqualTo(403);
        var home = browser.get("/");
        assertThat(home.status()).as("no session was established").isEqualTo(302);

        // Another session's token does not work either.
        String othersToken = new BrowserSession(client()).csrfToken();
        var crossSession = browser.postForm("/login",
                Map.of("username", person.username(), "password", person.password(), "_csrf", othersToken));
        assertThat(crossSession.status()).isEqualTo(403);
        assertThat(browser.get("/").status()).isEqualTo(302);
    }

    @Test
    void logoutNeedsCsrfAndEndsTheSession() {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession browser = new BrowserSession(client());
        assertThat(browser.login(person.username(), person.password()).status()).isEqualTo(302);
        var home = browser.get("/");
        assertThat(home.status()).isEqualTo(200);
        // A cross-site form post without the token does not sign the user out.
        assertThat(browser.postForm("/logout", Map.of()).status()).isEqualTo(403);
        assertThat(browser.get("/").status()).isEqualTo(200);
        String csrf = BrowserSession.csrfTokenIn(home.text());
        var logout = browser.postForm("/logout", Map.of("_csrf", csrf));
        assertThat(logout.status()).isEqualTo(302);
        assertThat(browser.get("/").status()).isEqualTo(302);
    }

    @Test
    void sessionCookieOpensNothingOnTheApi() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "ADMIN");
        BrowserSession browser = new BrowserSession(client());
        assertThat(browser.login(person.username(), person.password()).status()).isEqualTo(302);
        assertThat(browser.get("/").status()).isEqualTo(200);
        // The API ignores the session: a page on another site cannot ride the admin's cookie (the API has no CSRF).
        String victim = TestClient.unique("csrf-victim").toLowerCase();
        var create = browser.send(HttpRequest.newBuilder(URI.create(client().base() + "/api/v1/users"))
                .POST(HttpRequest.BodyPublishers.ofString(TestClient.JSON.writeValueAsString(
                        Map.of("username", victim, "password", TestClient.PASSWORD, "roles", List.of("ADMIN")))))
                .header("Content-Type", "application/json"), Map.of());
        assertThat(create.status()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from app_user where username = ?").param(victim).query(Long.class).single())
                .isZero();
        assertThat(browser.get("/api/v1/users").status()).isEqualTo(401);
    }

    @Test
    void swaggerUiIsForSignedInUsersOnly() {
        var person = SecurityTestSupport.person(client(), admin(), "INVESTIGATOR");
        assertThat(BrowserSession.redirectPath(client().get("/v3/api-docs", null))).isEqualTo("/login");
        BrowserSession browser = new BrowserSession(client());
        assertThat(browser.login(person.username(), person.password()).status()).isEqualTo(302);
        var docs = browser.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/reads")).isTrue();
    }
}
