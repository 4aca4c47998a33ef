package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;
import dev.plateguard.server.security.SecurityTestSupport;

/**
 * The rules page with a browser's session: the catalogue with fines in som; a supervisor changes a site's settings
 * through the form (stored as the API stores them, audited), a camera of the site shows what applies and where it
 * comes from; bad input is explained in the person's language and stores nothing; an operator only looks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulePagesIT extends ViolationSupport {

    private SecurityTestSupport.Person supervisor;
    private BrowserSession supervisorBrowser;
    private BrowserSession operatorBrowser;

    @BeforeAll
    void signIn() {
        supervisor = SecurityTestSupport.person(client(), admin(), "SUPERVISOR");
        supervisorBrowser = browser(supervisor);
        operatorBrowser = browser(SecurityTestSupport.person(client(), admin(), "OPERATOR"));
    }

    private BrowserSession browser(SecurityTestSupport.Person person) {
        BrowserSession browser = new BrowserSession(client());
        assertThat(browser.login(person.username(), person.password()).status()).isEqualTo(302);
        return browser;
    }

    @org.junit.jupiter.api.BeforeEach
    void english() {
        supervisorBrowser.get("/rules?lang=en");
        operatorBrowser.get("/rules?lang=en");
    }

    private TestClient.Response post(String path, Map<String, String> fields) {
        Map<String, String> form = new HashMap<>(fields);
        form.put("_csrf", BrowserSession.csrfTokenIn(supervisorBrowser.get("/rules").text()));
        TestClient.Response response = supervisorBrowser.postForm(path, form);
        // Follows the redirect as a browser does: the page it leads to shows the message once.
        String location = response.header("Location");
        java.net.URI uri = java.net.URI.create(location);
        shown = supervisorBrowser.get(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())).text();
        return response;
    }

    /** The page the last form led to. */
    private String shown;

    private tools.jackson.databind.JsonNode siteSettings(long site) {
        return client().get("/api/v1/rules/settings/sites/" + site, operator()).json();
    }

    private long audited(String action, String target, String outcome) {
        return jdbc.sql("select count(*) from audit_event where action = ? and actor = ? and target = ? and outcome = ?")
                .params(action, supervisor.username(), target, outcome).query(Long.class).single();
    }

    @Test
    void theCatalogueShowsOffencesArticlesFinesAndTheBrv() {
        String page = supervisorBrowser.get("/rules?lang=en").text();
        assertThat(page).contains("Offence catalogue", "Red light", "Speeding", "412,000 som", "2,060,000 som",
                "Article 128-3", "class=\"table-scroll\"");
        assertThat(supervisorBrowser.get("/rules?lang=ru").text().replaceAll("[\\u00a0\\u202f]", " "))
                .contains("Каталог нарушений", "412 000 сум");
        assertThat(supervisorBrowser.get("/rules?lang=uz").text()).contains("Qoidabuzarliklar katalogi", "so‘m");
        supervisorBrowser.get("/rules?lang=en");
    }

    @Test
    void aSupervisorChangesASiteThroughTheFormAndItsCameraShowsWhatApplies() {
        long site = site();
        long camera = camera(site, "red_light", null).cameraId();
        assertThat(supervisorBrowser.get("/rules?lang=en&site=" + site).text())
                .contains("No settings of its own: everything is inherited.");

        TestClient.Response saved = post("/rules/sites/" + site, Map.of("disabledRulesMode", "set",
                "disabledRules", "seatbelt", "grace", "1,5", "threshold", "0.9", "note", "roadworks"));
        assertThat(saved.header("Location")).endsWith("/rules?site=" + site);
        assertThat(shown).contains("Settings saved as version 1.",
                "roadworks", "Seatbelt", "1.5 s");
        var stored = siteSettings(site);
        assertThat(stored.get("version").asInt()).isEqualTo(1);
        assertThat(stored.get("disabledRules").get(0).asString()).isEqualTo("seatbelt");
        assertThat(stored.get("redLightGraceSeconds").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(stored.get("occupantConfidenceThreshold").decimalValue()).isEqualByComparingTo("0.9");
        assertThat(audited("rules.settings.put", "site:" + site, "success")).isEqualTo(1);

        String cameraPage = supervisorBrowser.get("/rules?camera=" + camera).text();
        assertThat(cameraPage).contains("What applies at this camera", "Seatbelt", "the site (version 1)",
                "no bus lane", "class=\"table-scroll\"");

        // Removing the site's settings: it inherits everything again.
        TestClient.Response cleared = post("/rules/sites/" + site + "/clear", Map.of());
        assertThat(cleared.header("Location")).endsWith("/rules?site=" + site);
        assertThat(siteSettings(site).get("version").isNull()).isTrue();
        assertThat(audited("rules.settings.delete", "site:" + site, "success")).isEqualTo(1);
    }

    @Test
    void badInputIsExplainedInThePersonsLanguageAndStoresNothing() {
        long site = site();
        post("/rules/sites/" + site, Map.of("grace", "2"));
        assertThat(siteSettings(site).get("version").asInt()).isEqualTo(1);

        post("/rules/sites/" + site, Map.of("grace", "soon", "threshold", "0.5"));
        assertThat(shown).contains("Red-light grace period: must be a number, such as 1.5");
        post("/rules/sites/" + site, Map.of("grace", "99", "threshold", "2"));
        assertThat(shown).contains("Red-light grace period: must be 0 to 60 seconds, with at most 3 decimals")
                .contains("Confidence needed for seatbelt and phone: must be above 0 and at most 1");
        supervisorBrowser.get("/rules?lang=uz");
        post("/rules/sites/" + site, Map.of("grace", "-1"));
        assertThat(shown).contains("Qizil chiroq uchun imtiyozli vaqt: 0 dan 60 soniyagacha");
        supervisorBrowser.get("/rules?lang=en");

        var stored = siteSettings(site);
        assertThat(stored.get("version").asInt()).isEqualTo(1);
        assertThat(stored.get("redLightGraceSeconds").decimalValue()).isEqualByComparingTo("2");
        assertThat(stored.get("occupantConfidenceThreshold").isNull()).isTrue();
        assertThat(audited("rules.settings.put", "site:" + site, "failure")).isEqualTo(3);
        // An unknown site: a clear message, nothing stored.
        post("/rules/sites/99999999", Map.of("grace", "1"));
        assertThat(shown).contains("There is no such site or camera.");
        assertThat(supervisorBrowser.get("/rules?site=abc").status()).isEqualTo(200);
    }

    @Test
    void anOperatorSeesTheSettingsButNeitherTheCatalogueNorTheForm() {
        long site = site();
        String page = operatorBrowser.get("/rules?lang=en&site=" + site).text();
        assertThat(page).contains("Rule settings per site and camera").doesNotContain("Offence catalogue")
                .doesNotContain("action=\"/rules/sites/" + site + "\"");
        String csrf = BrowserSession.csrfTokenIn(page); // the sign-out form's
        assertThat(operatorBrowser.postForm("/rules/sites/" + site, Map.of("grace", "1", "_csrf", csrf)).status())
                .isEqualTo(403);
        assertThat(siteSettings(site).get("version").isNull()).isTrue();
    }
}
