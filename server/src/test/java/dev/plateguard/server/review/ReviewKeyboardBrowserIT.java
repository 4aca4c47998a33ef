package dev.plateguard.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.violations.ViolationSupport;
import dev.plateguard.server.web.Browser;

/** An operator confirms one violation and rejects another with the keyboard alone, in headless Chromium. */
class ReviewKeyboardBrowserIT extends ViolationSupport {

    @Test
    void confirmWithCThenRejectWithRAndAReasonNumber() {
        String region = TestClient.unique("Region");
        long site = client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Keyboard site"),
                "city", "Karshi", "region", region, "latitude", 38.86, "longitude", 65.79)).json().get("id").asLong();
        var camera = camera(site, "speed", 60);
        String first = "01A" + (100 + (int) (Math.random() * 899)) + "KA";
        String second = "01B" + (100 + (int) (Math.random() * 899)) + "KB";
        speeding(camera, first, minutesAgo(4), 92);
        speeding(camera, second, minutesAgo(3), 93);
        detect();
        String username = TestClient.unique("keyboard").toLowerCase();
        client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of("OPERATOR")));

        try (Browser browser = new Browser(client().base())) {
            browser.login(username, TestClient.PASSWORD);
            browser.open("/review?region=" + java.net.URLEncoder.encode(region, java.nio.charset.StandardCharsets.UTF_8));
            Actions keys = new Actions(browser.driver);
            // Each key goes to a page whose key handler is installed; a key sent while the previous page is
            // still unloading, or before the script ran, would be lost.
            awaitFreshReviewPage(browser);
            markCurrentPage(browser);
            keys.sendKeys("n").perform();
            awaitFreshReviewPage(browser);
            browser.wait.until(d -> !d.findElements(By.id("review-confirm")).isEmpty());
            browser.screenshot("review");
            markCurrentPage(browser);
            keys.sendKeys("c").perform();
            browser.wait.until(d -> stateOf(first).matches("confirmed|notice_issued"));
            // The page claims the next item by itself after a decision.
            awaitFreshReviewPage(browser);
            browser.wait.until(d -> !d.findElements(By.id("review-reject")).isEmpty());
            keys.sendKeys("r").perform();
            keys.sendKeys("1").perform();
            browser.wait.until(d -> stateOf(second).equals("rejected"));
            assertThat(stateOf(first)).isIn("confirmed", "notice_issued");
            assertThat(jdbc.sql("""
                    select count(*) from audit_event where actor = ? and action like 'review.%' and outcome = 'success'""")
                    .param(username).query(Long.class).single()).isGreaterThanOrEqualTo(2);
        }
    }

    private static void markCurrentPage(Browser browser) {
        browser.js("window.pgSeenPage = true;");
    }

    private static void awaitFreshReviewPage(Browser browser) {
        browser.wait.until(d -> Boolean.TRUE.equals(browser.js(
                "return !window.pgSeenPage && document.readyState === 'complete'"
                        + " && document.querySelector('main[data-review-keys-ready=true]') !== null;")));
    }

    private String stateOf(String plate) {
        return jdbc.sql("select state from violation where plate = ? order by id desc limit 1").param(plate)
                .query(String.class).optional().orElse("none");
    }
}
