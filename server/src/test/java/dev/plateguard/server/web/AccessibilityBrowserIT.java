package dev.plateguard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;

/**
 * axe-core over every page each role reaches from its navigation, plus the pages of one read and one camera: no
 * serious or critical violation of WCAG 2.1 A/AA. Every finding (minor and moderate too) is written to
 * target/axe-report.txt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessibilityBrowserIT extends IntegrationTest {

    private static final List<String> ROLES = List.of("OPERATOR", "SUPERVISOR", "INVESTIGATOR", "ADMIN", "AUDITOR");

    private Browser browser;
    private TestClient.Device device;
    private long readId;
    private String plate;

    @BeforeAll
    void start() {
        device = client().device(admin());
        plate = "01A" + (100 + (int) (Math.random() * 899)) + "BC";
        String metadata = """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"%s","confidence":0.94},"speedKmh":61.5,"lane":1}"""
                .formatted(TestClient.unique("axe"), OffsetDateTime.now(ZoneOffset.ofHours(5)).minusSeconds(5), plate);
        var r = client().postMultipart("/api/v1/reads", device.key(), new TestClient.Multipart().json("metadata", metadata)
                .file("image", "crop.jpg", "image/jpeg", TestMedia.jpeg(260, 56, plate, 5))
                .file("image", "overview.jpg", "image/jpeg", TestMedia.jpeg(640, 360, "overview", 6)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        readId = r.json().get("id").asLong();
        browser = new Browser(client().base());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void everyPageOfEveryRoleHasNoSeriousOrCriticalViolation() throws IOException {
        List<Axe.Violation> all = new ArrayList<>();
        Set<String> checked = new LinkedHashSet<>();
        for (String role : ROLES) {
            String username = TestClient.unique(role.toLowerCase()).toLowerCase();
            assertThat(client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                    "roles", List.of(role))).status()).isEqualTo(201);
            browser.login(username, TestClient.PASSWORD);
            Set<String> pages = new LinkedHashSet<>(List.of("/", "/me/sessions", "/me/passkeys"));
            for (WebElement link : browser.driver.findElements(By.cssSelector("header nav a"))) {
                pages.add(java.net.URI.create(link.getAttribute("href")).getPath());
            }
            if (!role.equals("ADMIN") && !role.equals("AUDITOR")) {
                pages.add("/reads/" + readId);
                pages.add("/plates/" + plate);
            }
            if (!role.equals("AUDITOR")) {
                pages.add("/cameras/" + device.cameraId());
            }
            for (String page : pages) {
                browser.open(page);
                browser.wait.until(d -> "complete".equals(browser.js("return document.readyState")));
                all.addAll(Axe.check(browser, role + " " + page));
                checked.add(page);
            }
            browser.logout();
        }
        browser.open("/login");
        all.addAll(Axe.check(browser, "anonymous /login"));

        StringBuilder report = new StringBuilder("Pages checked: " + checked + "\n");
        all.forEach(v -> report.append(v).append('\n'));
        Files.createDirectories(Browser.SCREENSHOTS.getParent());
        Files.writeString(Browser.SCREENSHOTS.getParent().resolve("axe-report.txt"), report);
        assertThat(checked).as("pages of every role were checked").hasSizeGreaterThan(10);
        assertThat(all.stream().filter(v -> v.impact().equals("serious") || v.impact().equals("critical")).toList())
                .as("serious or critical accessibility violations (all findings: target/axe-report.txt)").isEmpty();
    }
}
