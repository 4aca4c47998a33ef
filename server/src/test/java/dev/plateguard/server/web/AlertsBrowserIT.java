package dev.plateguard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;
import dev.plateguard.server.alerts.AlertSupport;
import dev.plateguard.server.security.SecurityTestSupport;

/**
 * The live alert feed in a real browser (headless Chromium): an operator has the alerts page open; a camera posts a
 * read of a hotlisted plate; the alert pops up on the page, with its evidence and the list's reason, within a
 * second of the camera's post being acknowledged. The operator then acknowledges it with a note.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsBrowserIT extends AlertSupport {

    private Browser browser;
    private SecurityTestSupport.Person supervisor;
    private String operator;
    private TestClient.Device camera;

    @BeforeAll
    void start() {
        supervisor = signedIn("SUPERVISOR");
        operator = TestClient.unique("watch").toLowerCase();
        assertThat(client().createUser(admin(), Map.of("username", operator, "password", TestClient.PASSWORD,
                "roles", List.of("OPERATOR"))).status()).isEqualTo(201);
        camera = client().device(admin());
        browser = new Browser(client().base());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aHotlistedReadPopsUpOnTheLiveFeedWithinASecond() {
        long list = createList(supervisor.token(), false);
        String plate = uniquePlate();
        assertThat(addEntry(supervisor.token(), list, Map.of("pattern", plate, "match", "EXACT", "priority", 1,
                "reason", "STOLEN", "note", "white Cobalt, reported 2 Dec")).status()).isEqualTo(201);

        browser.login(operator, TestClient.PASSWORD);
        browser.open("/alerts");
        browser.wait.until(d -> "true".equals(d.findElement(By.id("alert-status")).getAttribute("data-connected")));
        browser.driver.findElement(By.id("alert-sound")).click(); // the tone path runs too (Web Audio, no file)
        assertThat(browser.driver.findElement(By.id("alert-sound")).getAttribute("aria-pressed")).isEqualTo("true");
        // The page's own clock notes when the card appears (a MutationObserver, set up by the test through WebDriver).
        browser.js("""
                window.alertSeenAt = {};
                new MutationObserver(function () {
                  document.querySelectorAll('#alert-list [data-alert-id]').forEach(function (c) {
                    if (!window.alertSeenAt[c.dataset.alertId]) { window.alertSeenAt[c.dataset.alertId] = Date.now(); }
                  });
                }).observe(document.getElementById('alert-list'), { childList: true });""");

        String metadata = minimalMetadata(eventId(), aMinuteAgo(), plate);
        TestClient.Response posted = client().postMultipart("/api/v1/reads", camera.key(), new TestClient.Multipart()
                .json("metadata", metadata).file("image", "crop.jpg", "image/jpeg", TestMedia.jpeg(260, 56, plate, 3)));
        long acknowledgedAt = System.currentTimeMillis();
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        long readId = posted.json().get("id").asLong();
        long alertId = jdbc.sql("select alert_id from alert_read where read_id = ?").param(readId).query(Long.class)
                .optional().orElseGet(() -> awaitAlert(supervisor.token(), readId).get("id").asLong());

        WebElement card = new WebDriverWait(browser.driver, Duration.ofSeconds(5), Duration.ofMillis(20))
                .until(d -> d.findElements(By.cssSelector("[data-alert-id='" + alertId + "']")).stream().findFirst().orElse(null));
        long seenAt = ((Number) browser.js("return window.alertSeenAt[arguments[0]];", String.valueOf(alertId))).longValue();
        assertThat(seenAt - acknowledgedAt).as("ms from the camera's acknowledgement to the alert on the page")
                .isLessThan(1000);
        assertThat(card.getAttribute("class")).contains("fresh", "state-new");
        assertThat(card.findElement(By.cssSelector("[data-field=plate]")).getText()).isEqualTo(plate);
        assertThat(card.findElement(By.cssSelector("[data-field=reason]")).getText()).isEqualTo("Stolen");
        assertThat(card.findElement(By.cssSelector("[data-field=priority]")).getText()).isEqualTo("P1");
        assertThat(card.findElement(By.cssSelector("[data-field=entryNote]")).getText()).contains("white Cobalt");
        assertThat(card.findElement(By.cssSelector("a[data-field=readLink]")).getAttribute("href"))
                .as("the card leads to the read's evidence").endsWith("/reads/" + readId);
        WebElement thumbnail = card.findElement(By.cssSelector("img[data-field=thumbnail]"));
        browser.wait.until(d -> Boolean.TRUE.equals(browser.js(
                "return arguments[0].complete && arguments[0].naturalWidth > 0;", thumbnail)));
        browser.screenshot("alerts");
        // The thumbnail opens the evidence lightbox; Escape closes it.
        card.findElement(By.cssSelector("button.evidence-open")).click();
        WebElement lightbox = browser.driver.findElement(By.id("evidence-lightbox"));
        browser.wait.until(d -> Boolean.TRUE.equals(browser.js("return arguments[0].open", lightbox)));
        assertThat(lightbox.findElement(By.cssSelector(".lightbox-image")).getAttribute("src"))
                .isEqualTo(thumbnail.getAttribute("src"));
        new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys(org.openqa.selenium.Keys.ESCAPE).perform();
        browser.wait.until(d -> Boolean.FALSE.equals(browser.js("return arguments[0].open", lightbox)));

        card.findElement(By.cssSelector("form[data-action=acknowledge] input[name=note]")).sendKeys("car stopped, driver held");
        card.findElement(By.cssSelector("form[data-action=acknowledge] button")).click();
        browser.wait.until(d -> d.getPageSource().contains("Alert " + alertId + " acknowledged."));
        assertThat(browser.driver.findElement(By.cssSelector("[data-alert-id='" + alertId + "']")).getAttribute("class"))
                .contains("state-acknowledged");
        assertThat(auditCount("alert.acknowledge", "alert:" + alertId)).isEqualTo(1);
        assertThat(browser.driver.findElement(By.cssSelector("[data-alert-id='" + alertId + "'] form[data-action=escalate]"))
                .isDisplayed()).as("an acknowledged alert offers no escalation").isFalse();
    }
}
