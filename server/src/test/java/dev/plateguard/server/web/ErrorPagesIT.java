package dev.plateguard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;
import dev.plateguard.server.security.SecurityTestSupport;

/**
 * People get the translated error page with the right status, whatever their browser accepts; the API keeps
 * problem+json. {@code /favicon.ico} and the HTML 404 are names that outside checks rely on (issue 16).
 */
class ErrorPagesIT extends IntegrationTest {

    @Test
    void anUnknownPageAnswersTheTranslatedNotFoundPageToEveryone() {
        for (String path : java.util.List.of("/nothing-here", "/no/such/page.html", "/setup/")) {
            TestClient.Response anonymous = client().get(path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(404);
            assertThat(anonymous.header("Content-Type")).as(path).startsWith("text/html");
            assertThat(anonymous.text()).as(path).contains("Page not found", "data-status=\"404\"", "href=\"/\"")
                    .doesNotContain("\"status\":404");
        }
        TestClient.Response russian = client().get("/nothing-here", null, Map.of("Accept-Language", "ru"));
        assertThat(russian.status()).isEqualTo(404);
        assertThat(russian.text()).contains("Страница не найдена");
        TestClient.Response uzbek = client().get("/nothing-here", null, Map.of("Accept-Language", "uz", "Accept", "*/*"));
        assertThat(uzbek.text()).contains("Sahifa topilmadi");

        // Signed in, whatever the role: still "not found", not "forbidden" or a sign-in.
        var auditor = SecurityTestSupport.person(client(), admin(), "AUDITOR");
        BrowserSession browser = new BrowserSession(client());
        browser.login(auditor.username(), auditor.password());
        TestClient.Response signedIn = browser.get("/nothing-here");
        assertThat(signedIn.status()).isEqualTo(404);
        assertThat(signedIn.text()).contains("Page not found");
        // Inside a section, the section's rule comes first: a sign-in for a stranger, "not found" for its people.
        assertThat(BrowserSession.redirectPath(client().get("/reads/live/nothing", null))).isEqualTo("/login");
        var operator = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession operatorBrowser = new BrowserSession(client());
        operatorBrowser.login(operator.username(), operator.password());
        assertThat(operatorBrowser.get("/reads/live/nothing").status()).isEqualTo(404);
        // A page that exists but that the role does not open stays forbidden, as an HTML page.
        TestClient.Response forbidden = browser.get("/admin/users");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.header("Content-Type")).startsWith("text/html");
        assertThat(forbidden.text()).contains("Forbidden").doesNotContain("admin-columns");
        // A path mapped for POST only is not "unknown": it stays closed.
        assertThat(client().get("/logout/nothing", null).status()).isEqualTo(404);
        assertThat(browser.get("/review/1/confirm").status()).isIn(403, 405);
    }

    @Test
    void aPageThatFailsAnswersItsStatusAsAPageWhileTheApiKeepsProblemJson() {
        var operator = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession browser = new BrowserSession(client());
        browser.login(operator.username(), operator.password());
        TestClient.Response missing = browser.get("/reads/987654321");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("text/html");
        assertThat(missing.text()).contains("Page not found");
        TestClient.Response malformed = browser.get("/reads/not-a-number");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("text/html");
        assertThat(malformed.text()).contains("Request not valid");

        TestClient.Response api = client().get("/api/v1/reads/987654321", operator.token());
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
        TestClient.Response apiMalformed = client().get("/api/v1/reads/not-a-number", operator.token());
        assertThat(apiMalformed.status()).isEqualTo(400);
        assertThat(apiMalformed.header("Content-Type")).startsWith("application/problem+json");
        TestClient.Response unknownApi = client().get("/api/v1/nothing-here", operator.token());
        assertThat(unknownApi.status()).isEqualTo(403);
        assertThat(unknownApi.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void theFaviconIsASmallIconForEveryone() {
        TestClient.Response icon = client().get("/favicon.ico", null);
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.header("Content-Type")).matches("image/(x-icon|vnd\\.microsoft\\.icon)");
        byte[] body = icon.body();
        // An ICO directory (reserved 0, type 1) holding PNG images, and small.
        assertThat(body.length).isBetween(200, 16 * 1024);
        assertThat(new byte[] {body[0], body[1], body[2], body[3]}).containsExactly(0, 0, 1, 0);
        assertThat(body[4]).as("images in the icon").isGreaterThanOrEqualTo((byte) 2);
        assertThat(client().get("/images/plateguard.svg", null).status()).isEqualTo(200);
        assertThat(client().get("/login", null).text()).contains("rel=\"icon\" href=\"/favicon.ico\"");
    }
}
