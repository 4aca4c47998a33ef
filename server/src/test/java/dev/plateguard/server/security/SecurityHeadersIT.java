package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.identity.Secrets;

/** Browser hardening headers on pages and on the API, success and error alike, and a locked-down session cookie. */
class SecurityHeadersIT extends IntegrationTest {

    @Test
    void pagesAndApiResponsesCarrySecurityHeaders() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        BrowserSession browser = new BrowserSession(client());
        browser.login(person.username(), person.password());

        Map<String, TestClient.Response> responses = new LinkedHashMap<>();
        responses.put("GET /login", client().get("/login", null));
        responses.put("GET / (anonymous redirect)", client().get("/", null));
        responses.put("GET / (signed in)", browser.get("/"));
        responses.put("GET /api/v1/reads (401)", client().get("/api/v1/reads", null));
        responses.put("GET /api/v1/reads (bad token)", client().get("/api/v1/reads",
                SecurityTestSupport.forgedSecret(Secrets.USER_TOKEN_PREFIX)));
        responses.put("GET /api/v1/audit (403)", client().get("/api/v1/audit", admin.token()));
        responses.put("GET /api/v1/users (200)", client().get("/api/v1/users", admin.token()));
        responses.put("GET /actuator/health", client().get("/actuator/health", null));
        responses.put("GET /css/plateguard.css", client().get("/css/plateguard.css", null));

        SoftAssertions soft = new SoftAssertions();
        responses.forEach((what, r) -> {
            String csp = r.header("Content-Security-Policy");
            soft.assertThat(csp).as("%s: Content-Security-Policy", what).isNotBlank();
            if (csp != null) {
                Map<String, List<String>> directives = directives(csp);
                List<String> script = directives.getOrDefault("script-src", directives.get("default-src"));
                soft.assertThat(script).as("%s: script-src", what).isNotNull();
                if (script != null) {
                    soft.assertThat(script).as("%s: script-src", what)
                            .doesNotContain("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:");
                }
                soft.assertThat(directives.get("frame-ancestors")).as("%s: frame-ancestors", what).containsExactly("'none'");
                soft.assertThat(directives.get("object-src")).as("%s: object-src", what).containsExactly("'none'");
            }
            soft.assertThat(r.header("X-Frame-Options")).as("%s: X-Frame-Options", what).isEqualToIgnoringCase("DENY");
            soft.assertThat(r.header("X-Content-Type-Options")).as("%s: X-Content-Type-Options", what).isEqualTo("nosniff");
            soft.assertThat(r.header("Referrer-Policy")).as("%s: Referrer-Policy", what)
                    .isIn("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin");
        });
        soft.assertAll();
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSiteStrict() {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        // The anonymous session created for the login form's CSRF token...
        var page = client().get("/login", null);
        String anonymous = BrowserSession.sessionCookie(page);
        assertThat(anonymous).as("Set-Cookie on GET /login: %s", BrowserSession.setCookies(page)).isNotNull();
        assertCookieLockedDown(anonymous);
        // ...and the one issued at sign-in.
        BrowserSession browser = new BrowserSession(client());
        String csrf = browser.csrfToken();
        var login = browser.postForm("/login", Map.of("username", person.username(), "password", person.password(), "_csrf", csrf));
        String signedIn = BrowserSession.sessionCookie(login);
        assertThat(signedIn).as("Set-Cookie on POST /login: %s", BrowserSession.setCookies(login)).isNotNull();
        assertCookieLockedDown(signedIn);
        // No cookie ever carries the token or the password.
        BrowserSession.setCookies(login).forEach(c -> assertThat(c).doesNotContain(person.password()));
    }

    @Test
    void apiIsStatelessAndSetsNoCookies() {
        var admin = admin();
        var users = client().get("/api/v1/users", admin.token());
        assertThat(users.status()).isEqualTo(200);
        assertThat(BrowserSession.setCookies(users)).isEmpty();
        assertThat(BrowserSession.setCookies(client().get("/api/v1/reads", null))).isEmpty();
        var token = client().postJson("/api/v1/tokens", null, client().credentials("admin", TestClient.PASSWORD));
        assertThat(token.status()).isEqualTo(201);
        assertThat(BrowserSession.setCookies(token)).isEmpty();
    }

    private static void assertCookieLockedDown(String setCookie) {
        List<String> attributes = Arrays.stream(setCookie.split(";")).map(String::strip)
                .map(a -> a.toLowerCase(Locale.ROOT)).toList();
        assertThat(attributes).as(setCookie).contains("httponly", "samesite=strict");
        assertThat(attributes).as(setCookie).anyMatch(a -> a.equals("path=/"));
    }

    private static Map<String, List<String>> directives(String csp) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String directive : csp.split(";")) {
            List<String> parts = Arrays.stream(directive.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
            if (!parts.isEmpty()) {
                map.put(parts.getFirst().toLowerCase(Locale.ROOT), parts.subList(1, parts.size()));
            }
        }
        return map;
    }
}
