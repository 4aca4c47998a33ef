package dev.plateguard.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;

/** The review page without script: plain forms with CSRF tokens, a redirect after each action. */
class ReviewPagesIT extends ReviewSupport {

    private BrowserSession signIn(Person person) {
        BrowserSession browser = new BrowserSession(client());
        var login = browser.login(person.username(), TestClient.PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(login)).isNotEqualTo("/login");
        return browser;
    }

    private String plate(long violationId) {
        return jdbc.sql("select plate from violation where id = ?").param(violationId).query(String.class).single();
    }

    @Test
    void anOperatorConfirmsOneAndRejectsAnotherWithForms() {
        Place place = place();
        long first = violation(place, 30);
        long second = violation(place, 20);
        Person op = person("OPERATOR");
        BrowserSession browser = signIn(op);
        String path = "/review?region=" + URLEncoder.encode(place.region(), StandardCharsets.UTF_8);

        var page = browser.get(path);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.text()).contains("data-review-keys", "You hold no item", plate(first), plate(second));
        var next = browser.postForm("/review/next", Map.of("region", place.region(), "_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(next.status()).as(next.toString()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(next)).isEqualTo("/review");

        page = browser.get(path);
        assertThat(page.text()).contains("/review/" + first + "/confirm", "/evidence/", "90", "km/h", "review-plate",
                "Plate unreadable");
        var confirm = browser.postForm("/review/" + first + "/confirm", Map.of("region", place.region(), "advance", "1",
                "_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(confirm.status()).isEqualTo(302);
        assertThat(state(first)).isIn("confirmed", "notice_issued");

        // "advance" claimed the next item for the operator
        page = browser.get(path);
        assertThat(page.text()).contains("Confirmed.", "/review/" + second + "/reject");
        var reject = browser.postForm("/review/" + second + "/reject", Map.of("region", place.region(), "advance", "1",
                "reason", "PLATE_UNREADABLE", "_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(reject.status()).isEqualTo(302);
        assertThat(state(second)).isEqualTo("rejected");
        assertThat(auditRows(op.username(), "review.reject", "violation:" + second, "success")).isEqualTo(1);

        // a refused action is shown on the page, not as an error page
        page = browser.get(path);
        var again = browser.postForm("/review/" + first + "/confirm", Map.of("region", place.region(),
                "_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(again.status()).isEqualTo(302);
        assertThat(browser.get(path).text()).contains("Not done:", "cannot confirm");
    }

    @Test
    void formsNeedCsrfAndOtherRolesAreRefused() {
        Place place = place();
        long id = violation(place, 10);
        BrowserSession operator = signIn(person("OPERATOR"));
        var noToken = operator.postForm("/review/" + id + "/claim", Map.of("region", place.region()));
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(jdbc.sql("select claimed_by from violation where id = ?").param(id).query(String.class)
                .optional().orElse(null)).isNull();

        for (String role : new String[] {"AUDITOR", "ADMIN"}) {
            BrowserSession other = signIn(person(role));
            assertThat(other.get("/review").status()).as(role).isEqualTo(403);
        }
        assertThat(signIn(person("SUPERVISOR")).get("/review").status()).isEqualTo(200);
    }
}
