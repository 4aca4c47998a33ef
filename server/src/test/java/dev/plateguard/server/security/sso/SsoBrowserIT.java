package dev.plateguard.server.security.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.web.Browser;

/**
 * Single sign-on in a real browser (headless Chromium), where the HTTP tests cannot look: the session cookie must
 * follow the provider's cross-site redirect back (SameSite), and the logout form's answer, a redirect to the provider,
 * must be a form target the content security policy allows (form-action).
 */
class SsoBrowserIT extends SsoTestBase {

    @Test
    void aPersonSignsInThroughTheProviderAndSignsOutOfBoth() {
        Object[] site = site();
        String username = TestClient.unique("browser").toLowerCase();
        PROVIDER.person(username, "provider password 2", SsoLoginIT.claims(List.of("pg-operator"),
                List.of((String) site[0]), null, List.of("pwd", "otp")));
        try (Browser browser = new Browser(base())) {
            browser.open("/login");
            browser.driver.findElement(By.id("sso")).click();
            browser.wait.until(d -> d.getCurrentUrl().startsWith(PROVIDER.issuer() + "/login"));
            browser.driver.findElement(By.id("username")).sendKeys(username);
            browser.driver.findElement(By.id("password")).sendKeys("provider password 2");
            browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
            browser.wait.until(d -> d.getCurrentUrl().equals(base() + "/"));
            assertThat(browser.driver.findElement(By.cssSelector("header .who")).getText()).isEqualTo(username);
            browser.screenshot("sso-signed-in");

            browser.driver.findElement(By.cssSelector("header form button")).click();
            browser.wait.until(d -> d.getCurrentUrl().equals(base() + "/login?logout"));
            assertThat(browser.driver.getPageSource()).contains("You are signed out.");
            browser.open("/");
            browser.wait.until(d -> d.getCurrentUrl().startsWith(base() + "/login"));
            // The provider's session ended too: the button leads to its password form again.
            browser.driver.findElement(By.id("sso")).click();
            browser.wait.until(d -> d.getCurrentUrl().startsWith(PROVIDER.issuer() + "/login"));
            assertThat(browser.driver.findElements(By.id("password"))).hasSize(1);
        }
    }
}
