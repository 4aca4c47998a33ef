package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * With no trusted proxy configured (the default), forwarded headers are ignored: a client cannot pick the address
 * that is throttled, rate limited and audited, nor claim https to get HSTS. And the web chain ends in denyAll.
 */
class ForwardedHeadersIT extends IntegrationTest {

    private static final String SPOOFED = "203.0.113.77";

    @Test
    void aSpoofedForwardedForDoesNotChangeTheAuditedAddress() {
        admin();
        String who = TestClient.unique("spoof").toLowerCase();
        var response = client().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(client().base() + "/api/v1/tokens"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + who + "\",\"password\":\"not the password\"}"))
                .header("Content-Type", "application/json"), null,
                Map.of("X-Forwarded-For", SPOOFED, "X-Real-IP", SPOOFED, "Forwarded", "for=" + SPOOFED));
        assertThat(response.status()).isEqualTo(401);
        assertThat(jdbc.sql("select client_ip from audit_event where action = 'login' and actor = ?")
                .param(who).query(String.class).single()).isEqualTo("127.0.0.1");
        assertThat(jdbc.sql("select count(*) from audit_event where client_ip = ?").param(SPOOFED)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aSpoofedForwardedProtoGetsNeitherHstsNorASecureCookie() {
        var page = client().get("/login", null, Map.of("X-Forwarded-Proto", "https"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Strict-Transport-Security")).isNull();
        assertThat(BrowserSession.setCookies(page)).allSatisfy(c -> assertThat(c).doesNotContainIgnoringCase("secure"));
    }

    @Test
    void aPageNobodyHasIsNotFoundAndAListedOneStaysClosed() {
        // A page no handler answers is absent for everyone (issue 16): the "not found" page, not a sign-in.
        assertThat(client().get("/no-such-page", null).status()).isEqualTo(404);
        // A page that exists is closed to a stranger: the login page, as for any protected page.
        assertThat(BrowserSession.redirectPath(client().get("/admin/users", null))).isEqualTo("/login");
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession browser = new BrowserSession(client());
        assertThat(browser.login(person.username(), person.password()).status()).isEqualTo(302);
        assertThat(browser.get("/no-such-page").status()).isEqualTo(404);
        assertThat(browser.get("/admin/users").status()).isEqualTo(403);
        assertThat(browser.get("/").status()).isEqualTo(200);
    }
}
