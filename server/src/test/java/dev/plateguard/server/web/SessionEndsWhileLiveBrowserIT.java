package dev.plateguard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * A session that ends while the live page polls every 2 s: the browser goes to the login page with the notice
 * that says why, and no sign-in form is ever swapped into the table (htmx gets HX-Redirect, and plateguard.js
 * refuses to swap a whole page into a fragment).
 */
class SessionEndsWhileLiveBrowserIT extends IntegrationTest {

    @Test
    void anEndedSessionLeadsTheLivePageToTheLoginPageWithItsNotice() {
        String username = TestClient.unique("live").toLowerCase();
        assertThat(client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of("OPERATOR"))).status()).isEqualTo(201);
        try (Browser browser = new Browser(client().base())) {
            browser.login(username, TestClient.PASSWORD);
            openLivePageAndWatchTheTable(browser);

            // Ended from elsewhere: the owner's API token ends the browser's session.
            String token = client().login(username, TestClient.PASSWORD);
            var sessions = client().get("/api/v1/me/sessions", token);
            assertThat(sessions.status()).isEqualTo(200);
            assertThat(sessions.json().size()).isEqualTo(1);
            String id = sessions.json().get(0).get("id").asString();
            assertThat(client().delete("/api/v1/me/sessions/" + id, token).status()).isEqualTo(204);

            landsOnTheLoginPage(browser, "ended", "Your session was ended");
            browser.screenshot("session-ended-login");

            // Gone from the server (a restart, the container's idle timeout): the next poll says "expired".
            browser.login(username, TestClient.PASSWORD);
            openLivePageAndWatchTheTable(browser);
            // Replaced in one step: a poll between deleting and adding the cookie would go without one at all.
            browser.driver.manage().addCookie(new Cookie("PGSESSION", "no-such-session-" + System.nanoTime()));
            landsOnTheLoginPage(browser, "expired", "Your session has expired");
        }
    }

    private static void openLivePageAndWatchTheTable(Browser browser) {
        browser.open("/reads/live");
        browser.wait.until(d -> Boolean.TRUE.equals(browser.js("return !!window.htmx && document.readyState === 'complete'")));
        // Remember, across the navigation to come, whether a password field ever appeared inside the table.
        browser.js("""
                sessionStorage.removeItem('pgLoginInTable');
                var rows = document.getElementById('live-rows');
                new MutationObserver(function () {
                  if (rows.querySelector('input[type=password], form')) { sessionStorage.setItem('pgLoginInTable', 'yes'); }
                }).observe(rows, { childList: true, subtree: true });
                document.querySelector('#live-filters select').focus();""");
    }

    private static void landsOnTheLoginPage(Browser browser, String notice, String text) {
        browser.wait.withTimeout(Duration.ofSeconds(20)).until(d -> browser.path().equals("/login"));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/login?" + notice);
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains(text);
        assertThat(browser.js("return sessionStorage.getItem('pgLoginInTable')")).as("a sign-in form in the table").isNull();
        assertThat(browser.driver.findElements(By.id("live-rows"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("input[type=password]"))).hasSize(1);
        assertThat(browser.driver.findElements(By.tagName("main"))).hasSize(1);
    }
}
