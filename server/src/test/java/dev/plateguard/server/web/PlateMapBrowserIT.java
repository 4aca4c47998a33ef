package dev.plateguard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.reads.InvestigationParams;

/**
 * A plate's page in a real browser (headless Chromium): the script draws one numbered, keyboard-reachable marker per
 * stop, in time order, and the journey's line.
 */
class PlateMapBrowserIT extends IngestSupport {

    private long site(double latitude, double longitude) {
        var site = client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Site"),
                "city", "Tashkent", "region", "Tashkent city", "latitude", latitude, "longitude", longitude));
        assertThat(site.status()).as(site.toString()).isEqualTo(201);
        return site.json().get("id").asLong();
    }

    @Test
    void theMapDrawsANumberedMarkerForEachStop() {
        TestClient.Device atA = client().device(admin(), site(41.311, 69.240));
        TestClient.Device atB = client().device(admin(), site(40.783, 72.344));
        String plate = uniquePlate();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(5));
        createRead(atA, eventId(), at(now.minusHours(5)), plate);
        createRead(atB, eventId(), at(now.minusHours(3)), plate);
        createRead(atA, eventId(), at(now.minusHours(1)), plate);
        String username = TestClient.unique("inv").toLowerCase();
        assertThat(client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of("INVESTIGATOR"))).status()).isEqualTo(201);

        try (Browser browser = new Browser(client().base())) {
            try { // on a loaded machine sign-in can stall: say where, with a screenshot
                browser.login(username, TestClient.PASSWORD);
            } catch (RuntimeException e) {
                browser.screenshot("plate-map-login");
                throw new AssertionError("sign-in stopped at " + browser.driver.getCurrentUrl() + ": "
                        + browser.driver.findElement(By.tagName("body")).getText(), e);
            }
            browser.open("/plates/" + plate + "?" + InvestigationParams.QUERY.substring(1));
            browser.wait.until(d -> "3".equals(d.findElement(By.id("plate-map")).getAttribute("data-markers")));
            List<WebElement> markers = browser.driver.findElements(By.cssSelector("#plate-map .stop-marker"));
            assertThat(markers).extracting(WebElement::getText).containsExactly("1", "2", "3");
            assertThat(markers).allSatisfy(m -> {
                assertThat(m.getAttribute("tabindex")).isEqualTo("0");
                assertThat(m.getAttribute("title")).isNotBlank();
            });
            assertThat(markers.get(1).getAttribute("title")).startsWith("2. ");
            assertThat(browser.driver.findElements(By.cssSelector("#plate-map path.journey-line"))).hasSize(1);
            assertThat(browser.driver.findElements(By.cssSelector("ol.plate-timeline li.sighting"))).hasSize(3);
        }
    }
}
