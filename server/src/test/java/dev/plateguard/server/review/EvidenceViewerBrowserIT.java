package dev.plateguard.server.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;
import dev.plateguard.server.violations.ViolationSupport;
import dev.plateguard.server.web.Browser;

/**
 * The evidence viewer in headless Chromium: a speeding read with three images, a plate box and a clip. On the read's
 * page the box is drawn over the first image; the lightbox zooms, pans, steps to the next image and closes with
 * Escape, focus going back; the clip steps one frame. On the review page the crop stands beside the registry's record
 * with the differing colour marked, the lightbox's keys do not decide anything, and r keeps the evidence in view.
 */
class EvidenceViewerBrowserIT extends ViolationSupport {

    private static final int W = 640, H = 360;
    private static final Map<String, Object> BOX = Map.of("x", 240, "y", 250, "width", 160, "height", 40);

    @Test
    void theViewerZoomsPansStepsFramesAndComparesWithTheRegistry() {
        String plate = "01V" + (100 + (int) (Math.random() * 899)) + "VW";
        String region = TestClient.unique("Region");
        client().listRegion(admin(), region, "Karshi");
        long site = client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Viewer site"),
                "city", "Karshi", "region", region, "latitude", 38.86, "longitude", 65.79)).json().get("id").asLong();
        var camera = camera(site, "speed", 60);

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("eventId", eventId());
        metadata.put("capturedAt", at(minutesAgo(3)));
        metadata.put("plate", Map.of("text", plate, "confidence", 0.95));
        metadata.put("plateBox", BOX);
        metadata.put("vehicle", Map.of("make", "Chevrolet", "type", "car", "color", "white"));
        metadata.put("speedKmh", 94.0);
        var multipart = new TestClient.Multipart().json("metadata", TestClient.JSON.writeValueAsString(metadata))
                .file("image", "overview.jpg", "image/jpeg", TestMedia.jpeg(W, H, plate, 11))
                .file("image", "second.jpg", "image/jpeg", TestMedia.jpeg(480, 270, plate, 12))
                .file("image", "crop.jpg", "image/jpeg", TestMedia.jpeg(260, 56, plate, 13))
                .file("video", "clip.mp4", "video/mp4", mp4(256));
        var posted = postRead(camera, multipart);
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        long readId = posted.json().get("id").asLong();
        detect();

        var vehicle = client().send(HttpRequest.newBuilder(URI.create(client().base() + "/api/v1/registry/vehicles/UZ/" + plate))
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"status":"VALID","registrationValidUntil":"2031-05-01","vehicleType":"car","make":"Chevrolet",
                         "colour":"black","ownerRef":"OWN-V1"}"""))
                .header("Content-Type", "application/json"), admin().token(), Map.of());
        assertThat(vehicle.status()).as(vehicle.toString()).isIn(200, 201);
        String username = TestClient.unique("viewer").toLowerCase();
        client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD, "roles", List.of("OPERATOR")));

        registryChecks(true);
        try (Browser browser = new Browser(client().base())) {
            browser.login(username, TestClient.PASSWORD);
            readPage(browser, readId);
            reviewPage(browser, region, plate);
            narrow(browser, readId);
        } finally {
            registryChecks(false);
        }
    }

    private void readPage(Browser browser, long readId) {
        browser.open("/reads/" + readId);
        var images = browser.driver.findElements(By.cssSelector(".evidence-strip img.evidence-image"));
        assertThat(images).hasSize(3);
        for (WebElement image : images) {
            browser.wait.until(d -> ((Number) browser.js("return arguments[0].naturalWidth", image)).intValue() > 0);
        }
        // The box lies over the plate: its place in the image is the metadata's, in proportion.
        WebElement box = browser.driver.findElement(By.cssSelector(".evidence-strip .plate-box"));
        browser.wait.until(d -> box.isDisplayed());
        Map<?, ?> at = relative(browser, box, images.getFirst());
        assertThat(((Number) at.get("left")).doubleValue()).isCloseTo(240.0 / W, within(0.02));
        assertThat(((Number) at.get("top")).doubleValue()).isCloseTo(250.0 / H, within(0.02));
        assertThat(((Number) at.get("right")).doubleValue()).isCloseTo(400.0 / W, within(0.02));
        assertThat(((Number) at.get("bottom")).doubleValue()).isCloseTo(290.0 / H, within(0.02));

        // The lightbox: as large as the window allows, the box drawn there too.
        WebElement opener = browser.driver.findElement(By.cssSelector(".evidence-strip .evidence-open"));
        opener.click();
        WebElement dialog = browser.driver.findElement(By.id("evidence-lightbox"));
        browser.wait.until(d -> Boolean.TRUE.equals(browser.js("return arguments[0].open", dialog)));
        WebElement big = dialog.findElement(By.cssSelector(".lightbox-image"));
        browser.wait.until(d -> ((Number) browser.js("return arguments[0].getBoundingClientRect().width", big)).doubleValue() > W);
        assertThat(dialog.findElement(By.cssSelector(".lightbox-count")).getText()).isEqualTo("1 of 3");
        WebElement bigBox = dialog.findElement(By.cssSelector(".plate-box"));
        assertThat(bigBox.isDisplayed()).isTrue();
        assertThat(((Number) relative(browser, bigBox, big).get("left")).doubleValue()).isCloseTo(240.0 / W, within(0.02));
        String firstSrc = big.getAttribute("src");

        Actions keys = new Actions(browser.driver);
        keys.sendKeys("+").perform();
        keys.sendKeys("+").perform();
        assertThat(scale(browser)).isGreaterThan(1.4);
        double[] before = translation(browser);
        WebElement stage = dialog.findElement(By.cssSelector(".lightbox-stage"));
        new Actions(browser.driver).moveToElement(stage).clickAndHold().moveByOffset(60, 40).release().perform();
        double[] dragged = translation(browser);
        assertThat(dragged[0] - before[0]).as("dragged right").isCloseTo(60.0, within(2.0));
        assertThat(dragged[1] - before[1]).as("dragged down").isCloseTo(40.0, within(2.0));
        keys.sendKeys(Keys.ARROW_LEFT).perform(); // zoomed: an arrow moves the image
        assertThat(translation(browser)[0]).isGreaterThan(dragged[0]);
        assertThat(dialog.findElement(By.cssSelector(".lightbox-count")).getText()).isEqualTo("1 of 3");
        browser.screenshot("viewer-zoomed");
        keys.sendKeys("0").perform();
        assertThat(scale(browser)).isEqualTo(1.0);
        keys.sendKeys(Keys.ARROW_RIGHT).perform(); // at full size: the next image
        assertThat(dialog.findElement(By.cssSelector(".lightbox-count")).getText()).isEqualTo("2 of 3");
        assertThat(big.getAttribute("src")).isNotEqualTo(firstSrc);
        assertThat(bigBox.isDisplayed()).as("the box belongs to the first image").isFalse();
        keys.sendKeys(".").perform();
        assertThat(dialog.findElement(By.cssSelector(".lightbox-count")).getText()).isEqualTo("3 of 3");
        keys.sendKeys(Keys.ESCAPE).perform();
        browser.wait.until(d -> Boolean.FALSE.equals(browser.js("return arguments[0].open", dialog)));
        assertThat((Boolean) browser.js("return document.activeElement === arguments[0]", opener)).as("focus back").isTrue();

        // The clip: one frame forward is 1/25 s on, one back returns.
        WebElement clip = browser.driver.findElement(By.cssSelector("figure.clip"));
        WebElement video = clip.findElement(By.tagName("video"));
        clip.findElement(By.cssSelector("[data-frame='1']")).click();
        assertThat(((Number) browser.js("return arguments[0].currentTime", video)).doubleValue()).isCloseTo(0.04, within(0.001));
        assertThat(clip.findElement(By.cssSelector(".clip-time")).getText()).contains("0.040", "2");
        clip.findElement(By.cssSelector("[data-frame='1']")).click();
        clip.findElement(By.cssSelector("[data-frame='-1']")).click();
        assertThat(((Number) browser.js("return arguments[0].currentTime", video)).doubleValue()).isCloseTo(0.04, within(0.001));
    }

    private void reviewPage(Browser browser, String region, String plate) {
        browser.open("/review?region=" + URLEncoder.encode(region, StandardCharsets.UTF_8));
        awaitReviewPage(browser);
        browser.js("window.pgSeenPage = true;");
        new Actions(browser.driver).sendKeys("n").perform();
        awaitReviewPage(browser);
        assertThat(browser.driver.findElement(By.cssSelector(".review-item h2 .plate")).getText()).isEqualTo(plate);
        browser.js("window.pgSeenPage = true;");

        // The crop beside the registry: make and type agree, the colour does not.
        WebElement compare = browser.driver.findElement(By.cssSelector(".review .compare"));
        assertThat(compare.findElement(By.cssSelector("tr[data-field=make] .registered")).getText()).contains("Chevrolet");
        assertThat(compare.findElement(By.cssSelector("tr[data-field=type] .registered")).getText()).contains("car");
        assertThat(compare.findElement(By.cssSelector("tr[data-field=colour] .registered")).getText()).contains("black");
        assertThat(compare.findElement(By.cssSelector("tr[data-field=colour] .recognised")).getText()).isEqualTo("white");
        assertThat(compare.findElement(By.cssSelector("tr[data-field=colour]")).getAttribute("class")).contains("mismatch");
        assertThat(compare.findElement(By.cssSelector("tr[data-field=make]")).getAttribute("class")).doesNotContain("mismatch");
        WebElement crop = compare.findElement(By.cssSelector(".crop-view"));
        browser.wait.until(d -> crop.getAttribute("class").contains("cropped"));

        // Keys inside the lightbox stay there: c does not confirm.
        WebElement evidence = browser.driver.findElement(By.cssSelector(".review-item .evidence img"));
        browser.wait.until(d -> ((Number) browser.js("return arguments[0].naturalWidth", evidence)).intValue() > 0);
        evidence.click();
        WebElement dialog = browser.driver.findElement(By.id("evidence-lightbox"));
        browser.wait.until(d -> Boolean.TRUE.equals(browser.js("return arguments[0].open", dialog)));
        new Actions(browser.driver).sendKeys("c").sendKeys("r").perform();
        assertThat(browser.driver.findElement(By.tagName("main")).getAttribute("data-review-mode")).isNullOrEmpty();
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
        browser.wait.until(d -> Boolean.FALSE.equals(browser.js("return arguments[0].open", dialog)));
        assertThat(browser.js("return window.pgSeenPage === true")).as("still the same page").isEqualTo(true);

        // r, with the decision scrolled into view: the evidence stays beside it, and the reasons open without moving it.
        browser.js("document.activeElement.blur(); document.getElementById('review-reject').scrollIntoView({block: 'end'});");
        double scrollBefore = ((Number) browser.js("return window.scrollY")).doubleValue();
        double topBefore = ((Number) browser.js("return arguments[0].getBoundingClientRect().top", evidence)).doubleValue();
        new Actions(browser.driver).sendKeys("r").perform();
        browser.wait.until(d -> "reject".equals(d.findElement(By.tagName("main")).getAttribute("data-review-mode")));
        assertThat(((Number) browser.js("return window.scrollY")).doubleValue()).isEqualTo(scrollBefore);
        assertThat(((Number) browser.js("return arguments[0].getBoundingClientRect().top", evidence)).doubleValue())
                .isCloseTo(topBefore, within(1.0));
        assertThat((Boolean) browser.js("var r = arguments[0].getBoundingClientRect();"
                + " return r.top >= 0 && r.bottom <= window.innerHeight;", evidence)).as("evidence in view").isTrue();
        browser.screenshot("viewer-review-reasons");
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
    }

    /** 390 px wide: the read and review pages do not scroll sideways; the lightbox fits. */
    private void narrow(Browser browser, long readId) {
        try {
            browser.driver.manage().window().setSize(new Dimension(390, 844));
            for (String page : List.of("/reads/" + readId, "/review")) {
                browser.open(page);
                browser.wait.until(d -> "complete".equals(browser.js("return document.readyState")));
                assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).longValue())
                        .as(page).isLessThanOrEqualTo(((Number) browser.js("return window.innerWidth")).longValue());
            }
            browser.driver.findElement(By.cssSelector(".evidence-strip .evidence-open")).click();
            WebElement big = browser.driver.findElement(By.cssSelector("#evidence-lightbox .lightbox-image"));
            browser.wait.until(d -> ((Number) browser.js("return arguments[0].getBoundingClientRect().width", big)).doubleValue() > 0);
            assertThat(((Number) browser.js("return arguments[0].getBoundingClientRect().right", big)).doubleValue())
                    .isLessThanOrEqualTo(((Number) browser.js("return window.innerWidth")).doubleValue() + 1);
            browser.screenshot("viewer-narrow");
        } finally {
            browser.driver.manage().window().setSize(new Dimension(1366, 768));
        }
    }

    /** Where {@code inner} lies in {@code outer}, in fractions of its width and height. */
    private static Map<?, ?> relative(Browser browser, WebElement inner, WebElement outer) {
        return (Map<?, ?>) browser.js("""
                var a = arguments[0].getBoundingClientRect(), b = arguments[1].getBoundingClientRect();
                return { left: (a.left - b.left) / b.width, top: (a.top - b.top) / b.height,
                         right: (a.right - b.left) / b.width, bottom: (a.bottom - b.top) / b.height };""", inner, outer);
    }

    private static double scale(Browser browser) {
        return ((Number) browser.js("return new DOMMatrix(getComputedStyle(document.querySelector("
                + "'#evidence-lightbox .lightbox-frame')).transform).a")).doubleValue();
    }

    private static double[] translation(Browser browser) {
        List<?> t = (List<?>) browser.js("var m = new DOMMatrix(getComputedStyle(document.querySelector("
                + "'#evidence-lightbox .lightbox-frame')).transform); return [m.e, m.f];");
        return new double[] {((Number) t.get(0)).doubleValue(), ((Number) t.get(1)).doubleValue()};
    }

    private static void awaitReviewPage(Browser browser) {
        browser.wait.until(d -> Boolean.TRUE.equals(browser.js(
                "return !window.pgSeenPage && document.readyState === 'complete'"
                        + " && document.querySelector('main[data-review-keys-ready=true]') !== null;")));
    }
}
