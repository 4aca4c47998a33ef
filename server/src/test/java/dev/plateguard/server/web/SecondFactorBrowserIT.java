package dev.plateguard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestAuthenticator;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.QrCodes;

/**
 * The second factor in a real browser (headless Chromium): a new auditor enrols at the first sign-in (QR code drawn
 * by the server and readable, a wrong code first, recovery codes once), then signs in with a wrong code, a right one,
 * and a replayed one; pages stay closed until the second factor is done. Screenshots: mfa-enrol, mfa-recovery-codes,
 * mfa-code-replayed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondFactorBrowserIT extends IntegrationTest {

    private Browser browser;

    @BeforeAll
    void start() {
        browser = new Browser(client().base());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private WebElement byId(String id) {
        return browser.wait.until(d -> d.findElements(By.id(id)).stream().findFirst().orElse(null));
    }

    @Test
    void enrolmentAndSignInWithWrongRightAndReplayedCodes() {
        String base = client().base();
        String username = TestClient.unique("auditor").toLowerCase();
        var created = client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of("AUDITOR")));
        assertThat(created.status()).isEqualTo(201);

        // First sign-in: the password leads to the enrolment page, and nowhere else.
        browser.loginWithPassword(username, TestClient.PASSWORD);
        assertThat(browser.path()).isEqualTo("/login/enrol");
        WebElement qr = byId("totp-qr");
        browser.wait.until(d -> ((Number) browser.js("return arguments[0].complete && arguments[0].naturalWidth", qr)).intValue() > 0);
        String secret = byId("totp-secret").getAttribute("data-secret");
        assertThat(byId("totp-secret").getText().replace(" ", "")).isEqualTo(secret);
        assertThat(QrCodes.decode(qr.getAttribute("src"))).isEqualTo("otpauth://totp/PlateGuard:" + username
                + "?secret=" + secret + "&issuer=PlateGuard&algorithm=SHA1&digits=6&period=30");
        assertThat(browser.driver.findElements(By.cssSelector("header nav"))).isEmpty();
        browser.screenshot("mfa-enrol");
        browser.open("/audit");
        assertThat(browser.path()).as("the audit stays closed").isEqualTo("/login/enrol");

        byId("code").sendKeys("000000".equals(TestAuthenticator.code(secret, TestAuthenticator.currentStep())) ? "111111" : "000000");
        byId("enrol-form").findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(byId("enrol-error").getText()).contains("does not match");
        assertThat(browser.path()).isEqualTo("/login/enrol");

        TestAuthenticator.remember(base, username, secret);
        byId("code").sendKeys(TestAuthenticator.code(base, username));
        byId("enrol-form").findElement(By.cssSelector("button[type=submit]")).click();
        List<WebElement> codes = browser.wait.until(d -> {
            List<WebElement> items = d.findElements(By.cssSelector("#recovery-codes li"));
            return items.isEmpty() ? null : items;
        });
        assertThat(codes).hasSize(10);
        assertThat(codes.getFirst().getText()).matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
        browser.screenshot("mfa-recovery-codes");
        byId("recovery-continue").click();
        browser.wait.until(d -> browser.path().equals("/"));
        browser.open("/audit");
        assertThat(browser.path()).isEqualTo("/audit");
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).doesNotContainIgnoringCase("forbidden");
        browser.logout();

        // Next sign-in: a wrong code, then the right one.
        browser.loginWithPassword(username, TestClient.PASSWORD);
        assertThat(browser.path()).isEqualTo("/login/code");
        browser.submitCode("000000".equals(TestAuthenticator.code(secret, TestAuthenticator.currentStep())) ? "111111" : "000000");
        assertThat(byId("code-error").getText()).contains("That code is wrong");
        assertThat(browser.path()).isEqualTo("/login/code");
        // Still within the clock's window when it is typed again below: refused as used, not as wrong.
        String code = TestAuthenticator.code(base, username, 30_000);
        browser.submitCode(code);
        browser.wait.until(d -> browser.path().equals("/"));
        assertThat(browser.driver.findElement(By.cssSelector("header .who")).getText()).isEqualTo(username);
        browser.logout();

        // The same code again: refused as a replay; the next code works.
        browser.loginWithPassword(username, TestClient.PASSWORD);
        browser.submitCode(code);
        assertThat(byId("code-error").getText()).contains("already used");
        assertThat(browser.path()).isEqualTo("/login/code");
        browser.screenshot("mfa-code-replayed");
        browser.open("/audit");
        assertThat(browser.path()).isEqualTo("/login/code");
        browser.submitCode(TestAuthenticator.code(base, username));
        browser.wait.until(d -> browser.path().equals("/"));
        browser.open("/audit");
        assertThat(browser.path()).isEqualTo("/audit");
        browser.logout();

        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'login' and actor = ? and target = 'web' and outcome = 'failure'""")
                .param(username).query(Long.class).single()).as("the wrong and the replayed code").isEqualTo(2);
    }
}
