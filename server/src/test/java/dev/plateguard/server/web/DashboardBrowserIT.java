package dev.plateguard.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;

/**
 * The dashboard in a real browser (headless Chromium through Selenium): an operator watches reads arrive,
 * opens one, sees the map and searches; an auditor finds that search; role boundaries hold in the browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT extends IntegrationTest {

    private Browser browser;
    private TestClient.Device device;
    private String operator;
    private String auditor;
    private String plate;

    @BeforeAll
    void start() {
        var admin = admin();
        device = client().device(admin);
        operator = person(admin, "OPERATOR");
        auditor = person(admin, "AUDITOR");
        browser = new Browser(client().base());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private String person(TestClient.Admin admin, String role) {
        String username = TestClient.unique(role.toLowerCase()).toLowerCase();
        var r = client().createUser(admin, java.util.Map.of("username", username,
                "password", TestClient.PASSWORD, "roles", List.of(role)));
        assertThat(r.status()).isEqualTo(201);
        return username;
    }

    private long postRead(String text, int seed) {
        String metadata = """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"%s","confidence":0.94,
                 "candidates":[{"text":"%s","confidence":0.94}]},"speedKmh":61.5,"lane":1}"""
                .formatted(TestClient.unique("e2e"), OffsetDateTime.now(ZoneOffset.ofHours(5)).minusSeconds(5), text, text);
        var r = client().postMultipart("/api/v1/reads", device.key(), new TestClient.Multipart().json("metadata", metadata)
                .file("image", "crop.jpg", "image/jpeg", TestMedia.jpeg(260, 56, text, seed))
                .file("image", "overview.jpg", "image/jpeg", TestMedia.jpeg(640, 360, "overview", seed + 1)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    @Test
    void operatorWatchesSimulatedReadsArriveOpensOneSeesTheMapAndSearches() throws Exception {
        // The real simulator builds its network through the admin API and streams reads as cameras would.
        String adminToken = admin().token();
        var simulatorOutput = new java.io.ByteArrayOutputStream();
        Thread simulator = Thread.ofVirtual().start(() -> {
            try {
                dev.plateguard.simulator.Simulator.run(new String[] {"--url=" + client().base(), "--token=" + adminToken,
                        "--sites=3", "--rate=4", "--traffic=flat", "--duration=40", "--seed=7"},
                        new java.io.PrintStream(simulatorOutput, true));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            browser.login(operator, TestClient.PASSWORD);
            browser.open("/reads/live");
            long shownAtStart = browser.driver.findElements(By.cssSelector("#live-rows tr.read-row")).stream()
                    .mapToLong(r -> Long.parseLong(r.getAttribute("data-read-id"))).max().orElse(0);
            // Rows arrive without a reload (htmx polls every 2 s); wait for a simulated one with its plate crop.
            WebElement row = browser.wait.withTimeout(java.time.Duration.ofSeconds(60)).until(d -> d.findElements(
                    By.cssSelector("#live-rows tr.read-row")).stream()
                    .filter(r -> Long.parseLong(r.getAttribute("data-read-id")) > shownAtStart)
                    .filter(r -> !r.findElements(By.cssSelector("img.thumb")).isEmpty())
                    .findFirst().orElse(null));
            WebElement thumb = row.findElement(By.cssSelector("img.thumb"));
            // Until the image has loaded the expression is false (a Boolean), then its width (a Number).
            browser.wait.until(d -> browser.js("return arguments[0].complete && arguments[0].naturalWidth", thumb) instanceof Number n
                    && n.intValue() > 0);
            long id = Long.parseLong(row.getAttribute("data-read-id"));
            browser.screenshot("live");

            row.findElement(By.cssSelector("a.plate")).click();
            browser.wait.until(d -> d.getCurrentUrl().endsWith("/reads/" + id));
            List<WebElement> images = browser.driver.findElements(By.cssSelector("img.zoomable"));
            assertThat(images).hasSizeGreaterThanOrEqualTo(1);
            browser.wait.until(d -> ((Number) browser.js("return arguments[0].naturalWidth", images.getFirst())).intValue() > 0);
            browser.wait.until(d -> !d.findElements(By.cssSelector(".minimap .leaflet-interactive")).isEmpty());
            String plate = jdbc.sql("select plate_normalized from plate_read where id = ?").param(id).query(String.class).single();
            browser.screenshot("read-detail");

            browser.open("/cameras");
            browser.wait.until(d -> d.findElement(By.id("network-map")).getAttribute("data-markers") != null);
            int markers = Integer.parseInt(browser.driver.findElement(By.id("network-map")).getAttribute("data-markers"));
            assertThat(markers).isGreaterThanOrEqualTo(3);
            // Sites are markers (or clusters of them) a keyboard reaches, above Natural Earth's borders (six countries).
            // (Checked in one script: clustering redraws the icons while it settles.)
            browser.wait.until(d -> Boolean.TRUE.equals(browser.js("""
                    var icons = Array.from(document.querySelectorAll('#network-map .leaflet-marker-icon'));
                    return icons.length > 0 && icons.every(function (i) {
                      return i.tabIndex === 0 && /health-(online|stale|offline|never-seen)/.test(i.className); });""")));
            browser.wait.until(d -> "6".equals(d.findElement(By.id("network-map")).getAttribute("data-boundaries")));
            assertThat(browser.js("return typeof L.markerClusterGroup")).as("crowded sites are clustered").isEqualTo("function");
            browser.screenshot("cameras");

            browser.open("/search");
            browser.driver.findElement(By.name("plate")).sendKeys(plate);
            // A plate search names a purpose and a case; the results carry them.
            new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.name("purpose")))
                    .selectByValue(dev.plateguard.server.reads.InvestigationParams.PURPOSE);
            browser.driver.findElement(By.name("case")).sendKeys(dev.plateguard.server.reads.InvestigationParams.CASE);
            browser.driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
            browser.wait.until(d -> !d.findElements(By.cssSelector("tr.read-row[data-read-id='" + id + "']")).isEmpty());
            assertThat(browser.driver.findElement(By.cssSelector(".investigation-banner")).getText())
                    .contains(operator).contains(dev.plateguard.server.reads.InvestigationParams.CASE);
            browser.screenshot("search");

            // The same plate's journey on the map, under the same case.
            browser.open("/journeys?plate=" + plate + "&from=" + java.time.LocalDateTime.now(java.time.ZoneId.of("Asia/Tashkent"))
                    .minusHours(2).withNano(0) + dev.plateguard.server.reads.InvestigationParams.QUERY);
            browser.wait.until(d -> d.findElement(By.id("journey-map")).getAttribute("data-markers") != null);
            assertThat(browser.driver.findElements(By.cssSelector("tr.journey-row[data-read-id='" + id + "']"))).hasSize(1);
            assertThat(Integer.parseInt(browser.driver.findElement(By.id("journey-map")).getAttribute("data-markers")))
                    .isGreaterThanOrEqualTo(1);
            browser.logout();

            // The auditor sees that search in the audit log.
            browser.login(auditor, TestClient.PASSWORD);
            browser.open("/audit?action=reads.search");
            String audit = browser.wait.until(d -> d.findElement(By.tagName("main"))).getText();
            assertThat(audit).contains(operator).contains("plate:" + plate);
            browser.screenshot("audit");
            browser.logout();
        } finally {
            simulator.interrupt();
            simulator.join(java.time.Duration.ofSeconds(60));
        }
        assertThat(simulatorOutput.toString()).contains("network: 3 sites");
    }

    @Test
    void roleBoundariesHoldInTheBrowser() {
        long id = postRead("40K" + (100 + (int) (Math.random() * 899)) + "AA", 31);
        String sha = jdbc.sql("select sha256 from read_evidence where read_id = ? and ordinal = 0").param(id)
                .query(String.class).single();

        browser.login(operator, TestClient.PASSWORD);
        // The start page draws its charts (uPlot, from the data the page carries).
        browser.open("/");
        browser.wait.until(d -> "true".equals(d.findElement(By.cssSelector("#reads-per-hour .chart-canvas"))
                .getAttribute("data-drawn")));
        assertThat(browser.driver.findElements(By.cssSelector("#reads-per-hour canvas"))).isNotEmpty();
        browser.screenshot("start");
        assertThat(browser.driver.findElements(By.cssSelector("header nav a[href='/admin/users']"))).isEmpty();
        browser.open("/admin/users");
        assertThat(browser.driver.getPageSource()).doesNotContain("username").containsIgnoringCase("forbidden");
        browser.logout();

        browser.login(auditor, TestClient.PASSWORD);
        assertThat(browser.driver.findElements(By.cssSelector("header nav a[href='/reads/live']"))).isEmpty();
        browser.open("/evidence/" + sha);
        assertThat(browser.driver.getPageSource()).containsIgnoringCase("forbidden");
        browser.open("/reads/" + id);
        assertThat(browser.driver.findElements(By.cssSelector("img.zoomable"))).isEmpty();
        browser.logout();
    }

    @Test
    void markupInStoredPlateTextRendersInert() {
        long id = postRead("01Z" + (100 + (int) (Math.random() * 899)) + "ZA", 41);
        // Ingest refuses markup; this simulates data that reached the database some other way.
        jdbc.sql("update plate_read set plate_text = ? where id = ?")
                .params("<script>alert('pwned')</script><img src=x onerror=alert(1)>", id).update();
        browser.login(operator, TestClient.PASSWORD);
        browser.open("/reads/" + id);
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("<script>alert('pwned')</script>");
        assertThat(browser.driver.findElements(By.cssSelector("main img[src='x']"))).isEmpty();
        browser.logout();
    }
}
