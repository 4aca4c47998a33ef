package dev.plateguard.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.violations.ViolationSupport;
import dev.plateguard.server.web.Browser;

/** An operator confirms one violation and rejects another with the keyboard alone, in headless Chromium. */
class ReviewKeyboardBrowserIT extends ViolationSupport {

    /** A region of its own with two speeding violations (plates {@code first}, then {@code second}), and an operator. */
    private record Scene(String region, String username) {
    }

    private Scene scene(String first, String second) {
        String region = TestClient.unique("Region");
        client().listRegion(admin(), region, "Karshi"); // a region of its own, on the managed list
        long site = client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Keyboard site"),
                "city", "Karshi", "region", region, "latitude", 38.86, "longitude", 65.79)).json().get("id").asLong();
        var camera = camera(site, "speed", 60);
        speeding(camera, first, minutesAgo(4), 92);
        speeding(camera, second, minutesAgo(3), 93);
        detect();
        String username = TestClient.unique("keyboard").toLowerCase();
        client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of("OPERATOR")));
        return new Scene(region, username);
    }

    private static String plate(String letter, String suffix) {
        return "01" + letter + (100 + (int) (Math.random() * 899)) + suffix;
    }

    @Test
    void confirmWithCThenRejectWithRAndAReasonNumber() {
        String first = plate("A", "KA");
        String second = plate("B", "KB");
        Scene scene = scene(first, second);
        String region = scene.region();
        String username = scene.username();

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

    /**
     * The keys are found by their place on the keyboard (KeyboardEvent.code), so they work with a Russian layout,
     * where the same keys type т, с, к and у, and with Caps Lock. Chrome's own input pipeline (DevTools
     * Input.dispatchKeyEvent) sends each key as a Russian keyboard would: the Cyrillic character, the key's code.
     * Choosing a reason floats over the page: the evidence stays where it was. A plate correction says so and shows
     * the registry's answer for the corrected plate.
     */
    @Test
    void aRussianLayoutAndCapsLockDriveTheReviewAndChoosingAReasonKeepsTheEvidenceInView() {
        String second = plate("D", "RB");
        String corrected = plate("E", "RC");
        Scene scene = scene(plate("C", "RA"), second);
        String region = scene.region();
        String username = scene.username();
        // The corrected plate is registered: the page must say so after the correction.
        var vehicle = client().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client().base()
                        + "/api/v1/registry/vehicles/UZ/" + corrected))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"status":"VALID","registrationValidUntil":"2031-05-01","vehicleType":"car","ownerRef":"OWN-R1"}"""))
                .header("Content-Type", "application/json"), admin().token(), Map.of());
        assertThat(vehicle.status()).as(vehicle.toString()).isIn(200, 201);
        registryChecks(true);
        try (Browser browser = new Browser(client().base())) {
            browser.login(username, TestClient.PASSWORD);
            browser.open("/review?region=" + java.net.URLEncoder.encode(region, java.nio.charset.StandardCharsets.UTF_8)
                    + "&lang=ru");
            awaitFreshReviewPage(browser);
            markCurrentPage(browser);
            russianKey(browser, "т", "KeyN", 78); // n: next
            awaitFreshReviewPage(browser);
            browser.wait.until(d -> !d.findElements(By.id("review-confirm")).isEmpty());

            // e (у on a Russian layout) edits the plate; the correction is said and the registry asked again.
            markCurrentPage(browser);
            russianKey(browser, "у", "KeyE", 69);
            assertThat(browser.js("return document.activeElement.id")).isEqualTo("review-plate");
            browser.driver.switchTo().activeElement().sendKeys(corrected + org.openqa.selenium.Keys.ENTER);
            awaitFreshReviewPage(browser);
            assertThat(browser.driver.findElement(By.cssSelector(".flash.corrected")).getText()).contains(corrected);
            WebElement registry = browser.driver.findElement(By.cssSelector(".registry-status"));
            assertThat(registry.getAttribute("data-registry")).isEqualTo("found");
            assertThat(registry.getText()).contains(corrected, "зарегистрировано", "2031-05-01");

            // r (к) floats the reasons over the page; nothing scrolls and the evidence stays in view.
            WebElement evidence = browser.driver.findElement(By.cssSelector(".review-item .evidence img"));
            browser.wait.until(d -> ((Number) browser.js("return arguments[0].naturalWidth", evidence)).intValue() > 0);
            Number scrollBefore = (Number) browser.js("return window.scrollY");
            Number evidenceTop = (Number) browser.js("return arguments[0].getBoundingClientRect().top", evidence);
            russianKey(browser, "к", "KeyR", 82);
            browser.wait.until(d -> "reject".equals(d.findElement(By.tagName("main")).getAttribute("data-review-mode")));
            assertThat(((Number) browser.js("return window.scrollY")).doubleValue()).isEqualTo(scrollBefore.doubleValue());
            assertThat(((Number) browser.js("return arguments[0].getBoundingClientRect().top", evidence)).doubleValue())
                    .isEqualTo(evidenceTop.doubleValue());
            assertThat((Boolean) browser.js("var r = arguments[0].getBoundingClientRect();"
                    + " return r.bottom > 0 && r.top < window.innerHeight;", evidence)).as("evidence in view").isTrue();
            assertThat((Boolean) browser.js("var r = document.getElementById('review-reject').getBoundingClientRect();"
                    + " return r.top >= 0 && r.bottom <= window.innerHeight;")).as("reasons in view").isTrue();
            // Each radio sits with its own label, not a column away from it.
            for (WebElement reason : browser.driver.findElements(By.cssSelector("#review-reject label.reason"))) {
                Number gap = (Number) browser.js("var r = arguments[0].querySelector('input').getBoundingClientRect();"
                        + " var k = arguments[0].querySelector('kbd').getBoundingClientRect(); return k.left - r.right;", reason);
                assertThat(gap.doubleValue()).as(reason.getText()).isBetween(0.0, 24.0);
            }
            browser.screenshot("review-reasons-ru");
            russianKey(browser, "", "Escape", 27);
            browser.wait.until(d -> "".equals(d.findElement(By.tagName("main")).getAttribute("data-review-mode")));

            // Caps Lock on: C types a capital С; the key is still "confirm".
            String current = jdbc.sql("select plate from violation where id = ?")
                    .param(Long.parseLong(browser.driver.findElement(By.cssSelector(".review-item")).getAttribute("data-violation")))
                    .query(String.class).single();
            assertThat(current).isEqualTo(corrected);
            markCurrentPage(browser);
            russianKey(browser, "С", "KeyC", 67);
            browser.wait.until(d -> stateOf(corrected).matches("confirmed|notice_issued"));
            awaitFreshReviewPage(browser);
            browser.wait.until(d -> !d.findElements(By.id("review-reject")).isEmpty());
            russianKey(browser, "к", "KeyR", 82);
            russianKey(browser, "1", "Digit1", 49);
            browser.wait.until(d -> stateOf(second).equals("rejected"));
        } finally {
            registryChecks(false);
            // The correction queued a registry check of its own; other tests' registry jobs must not meet it.
            jdbc.sql("delete from registry_recheck where plate = ?").param(corrected).update();
        }
    }

    /** One key press as Chrome gets it from a keyboard with a Russian layout: the character typed and the key's code. */
    private static void russianKey(Browser browser, String text, String code, int keyCode) {
        var chrome = (org.openqa.selenium.chromium.ChromiumDriver) browser.driver;
        Map<String, Object> down = new java.util.HashMap<>(Map.of("type", text.isEmpty() ? "rawKeyDown" : "keyDown",
                "code", code, "key", text.isEmpty() ? code : text, "windowsVirtualKeyCode", keyCode,
                "nativeVirtualKeyCode", keyCode));
        if (!text.isEmpty()) {
            down.put("text", text);
            down.put("unmodifiedText", text);
        }
        chrome.executeCdpCommand("Input.dispatchKeyEvent", down);
        chrome.executeCdpCommand("Input.dispatchKeyEvent", Map.of("type", "keyUp", "code", code,
                "key", text.isEmpty() ? code : text, "windowsVirtualKeyCode", keyCode, "nativeVirtualKeyCode", keyCode));
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
