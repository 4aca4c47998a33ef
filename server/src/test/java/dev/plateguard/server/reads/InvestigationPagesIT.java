package dev.plateguard.server.reads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.security.BrowserSession;

/** The search, journey, read and purposes pages apply the same rules as the API, in the page's language. */
class InvestigationPagesIT extends IngestSupport {

    private TestClient.Device device;
    private Person investigator;
    private BrowserSession browser;

    @BeforeEach
    void setUp() {
        device = client().device(admin());
        investigator = person("INVESTIGATOR");
        browser = new BrowserSession(client());
        assertThat(browser.login(investigator.username(), TestClient.PASSWORD).status()).isEqualTo(302);
    }

    private long read(String plate, OffsetDateTime capturedAt) {
        var r = postMetadataOnly(device, minimalMetadata(eventId(), at(capturedAt), plate));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static String local(LocalDateTime time) {
        return URLEncoder.encode(time.withNano(0).toString(), StandardCharsets.UTF_8);
    }

    @Test
    void searchPageAsksForPurposeAndCaseAndCarriesThemWithTheResults() {
        String plate = uniquePlate();
        long id = read(plate, OffsetDateTime.now(ZoneOffset.ofHours(5)).minusHours(1));
        var refused = browser.get("/search?plate=" + plate);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("Purpose: is required.").contains("Case number: is required.")
                .doesNotContain("data-read-id=\"" + id + "\"");

        var ok = browser.get("/search?plate=" + plate + InvestigationParams.QUERY + "&reason=Report+17");
        assertThat(ok.status()).isEqualTo(200);
        String html = ok.text();
        assertThat(html).contains("investigation-banner").contains(investigator.username())
                .contains(InvestigationParams.CASE).contains("Report 17")
                .contains("data-read-id=\"" + id + "\"")
                // The read opens under the same case, and the form keeps the fields.
                .contains("/reads/" + id + "?purpose=stolen-vehicle&amp;case=" + InvestigationParams.CASE)
                .contains("value=\"" + InvestigationParams.CASE + "\"");
        // Without a plate, only the live window.
        var older = browser.get("/search?camera=" + device.cameraId() + "&from="
                + local(LocalDateTime.now(ZoneId.of("Asia/Tashkent")).minusDays(3)));
        assertThat(older.status()).isEqualTo(400);
        assertThat(older.text()).contains("only the last 24 hours");
        // In the user's language (the choice sticks to the session, so last).
        var badCase = browser.get("/search?plate=" + plate + "&purpose=stolen-vehicle&case=nope&lang=ru");
        assertThat(badCase.status()).isEqualTo(400);
        assertThat(badCase.text()).contains("Номер дела: не является номером дела");
    }

    @Test
    void journeyPageDrawsTheSightingsAndOldReadsOpenOnlyUnderACase() {
        String plate = uniquePlate();
        long first = read(plate, OffsetDateTime.now(ZoneOffset.ofHours(5)).minusHours(30));
        long second = read(plate, OffsetDateTime.now(ZoneOffset.ofHours(5)).minusHours(2));
        String from = local(LocalDateTime.now(ZoneId.of("Asia/Tashkent")).minusDays(2));
        var page = browser.get("/journeys?plate=" + plate + "&from=" + from + InvestigationParams.QUERY);
        assertThat(page.status()).isEqualTo(200);
        String html = page.text();
        assertThat(html).contains("id=\"journey-map\"").contains("data-points=")
                .contains("investigation-banner").contains(InvestigationParams.CASE);
        assertThat(html.indexOf("data-read-id=\"" + first + "\"")).isPositive()
                .isLessThan(html.indexOf("data-read-id=\"" + second + "\""));
        assertThat(browser.get("/journeys?plate=" + plate + "&from=" + from).status()).isEqualTo(400);

        // A read older than 24 hours: refused without a case, shown with one (and the banner).
        var refused = browser.get("/reads/" + first);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("Purpose: is required.");
        var shown = browser.get("/reads/" + first + "?" + InvestigationParams.QUERY.substring(1));
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.text()).contains("investigation-banner").contains(InvestigationParams.CASE);
        assertThat(browser.get("/reads/" + second).status()).isEqualTo(200);
        assertThat(browser.get("/reads/" + Long.MAX_VALUE).status()).isEqualTo(404);
    }

    @Test
    void adminKeepsThePurposesOnItsPage() {
        Person admin = person("ADMIN");
        BrowserSession adminBrowser = new BrowserSession(client());
        adminBrowser.login(admin.username(), TestClient.PASSWORD);
        var page = adminBrowser.get("/admin/search-purposes");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("stolen-vehicle").contains("Criminal investigation");
        String code = TestClient.unique("web").toLowerCase().replaceAll("[^a-z0-9]", "");
        var created = adminBrowser.postForm("/admin/search-purposes", Map.of("code", code, "label", "Fleet audit",
                "_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(created.status()).isEqualTo(302);
        assertThat(adminBrowser.get("/admin/search-purposes").text()).contains(code).contains("Fleet audit");
        var bad = adminBrowser.postForm("/admin/search-purposes", Map.of("code", "Bad Code", "label", "x",
                "_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(bad.status()).isEqualTo(302);
        assertThat(jdbc.sql("select count(*) from search_purpose where code = 'Bad Code'").query(Long.class).single()).isZero();
        // Investigators choose from the list; they do not keep it.
        assertThat(browser.get("/admin/search-purposes").status()).isEqualTo(403);
        assertThat(browser.get("/search").text()).contains("value=\"" + code + "\"");
    }
}
