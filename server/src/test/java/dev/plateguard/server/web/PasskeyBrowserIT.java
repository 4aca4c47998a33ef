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
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * Passkeys in a real browser (headless Chromium with Chrome's virtual authenticator, which signs like a platform
 * authenticator with a PIN): an auditor who signed in with a password and a code adds a passkey, then signs in with
 * it alone, then uses it as the second factor after the password; a passkey removed on the server no longer signs in,
 * and neither does a disabled account's. WebAuthn needs a host name, so the browser uses {@code localhost}.
 * Screenshots: passkeys-list, passkeys-second-factor, passkeys-refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasskeyBrowserIT extends IntegrationTest {

    private Browser browser;
    private VirtualAuthenticator authenticator;

    @BeforeAll
    void start() {
        browser = new Browser(client().base().replace("127.0.0.1", "localhost"));
        authenticator = ((HasVirtualAuthenticator) browser.driver).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private WebElement byId(String id) {
        return browser.wait.until(d -> d.findElements(By.id(id)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    private String lastSessionSignIn(String username) {
        return jdbc.sql("""
                select s.sign_in from user_session s join app_user u on u.id = s.user_id
                where u.username = ? order by s.id desc limit 1""").param(username).query(String.class).single();
    }

    private long audited(String action, String actor, String outcome) {
        return jdbc.sql("select count(*) from audit_event where action = ? and actor = ? and outcome = ?")
                .params(action, actor, outcome).query(Long.class).single();
    }

    @Test
    void addThenSignInWithoutPasswordAndAsSecondFactorThenRemoved() {
        String username = TestClient.unique("auditor").toLowerCase();
        var created = client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of("AUDITOR")));
        assertThat(created.status()).isEqualTo(201);

        // Signed in with the password and an authenticator code: add a passkey.
        browser.login(username, TestClient.PASSWORD);
        browser.open("/me/passkeys");
        assertThat(byId("passkey-list").getText()).contains("You have no passkeys yet");
        byId("passkey-label").sendKeys("Office laptop");
        byId("passkey-add").findElement(By.cssSelector("button[type=submit]")).click();
        browser.wait.until(d -> d.getCurrentUrl().endsWith("/me/passkeys?added"));
        WebElement row = byId("passkey-list").findElement(By.cssSelector("tr[data-passkey]"));
        assertThat(row.findElement(By.cssSelector(".passkey-label")).getText()).isEqualTo("Office laptop");
        assertThat(authenticator.getCredentials()).hasSize(1);
        assertThat(authenticator.getCredentials().getFirst().isResidentCredential()).isTrue();
        browser.screenshot("passkeys-list");
        assertThat(jdbc.sql("""
                select count(*) from user_credentials c join user_entities e on e.id = c.user_entity_user_id
                where e.name = ? and c.label = 'Office laptop' and c.uv_initialized""")
                .param(username).query(Long.class).single()).isEqualTo(1);
        assertThat(audited("passkey.add", username, "success")).isEqualTo(1);
        browser.logout();

        // Without a password: the passkey alone (with the authenticator's user verification) signs in, roles and all.
        browser.open("/login");
        byId("passkey-sign-in").click();
        browser.wait.until(d -> browser.path().equals("/"));
        assertThat(browser.driver.findElement(By.cssSelector("header .who")).getText()).isEqualTo(username);
        browser.open("/audit");
        assertThat(browser.path()).isEqualTo("/audit");
        assertThat(lastSessionSignIn(username)).isEqualTo("passkey");
        browser.open("/me/sessions");
        assertThat(browser.driver.findElement(By.cssSelector("#browser-sessions tr.current")).getText()).contains("Passkey");
        browser.logout();

        // After the password: the code page offers the passkey beside the code field, and it completes the sign-in.
        browser.loginWithPassword(username, TestClient.PASSWORD);
        assertThat(browser.path()).isEqualTo("/login/code");
        assertThat(browser.driver.findElements(By.id("code-form"))).hasSize(1);
        browser.screenshot("passkeys-second-factor");
        byId("passkey-sign-in").click();
        browser.wait.until(d -> browser.path().equals("/"));
        assertThat(lastSessionSignIn(username)).isEqualTo("password+passkey");
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'login' and actor = ? and outcome = 'success'
                and details ->> 'secondFactor' = 'passkey'""").param(username).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'login' and actor = ? and outcome = 'success'
                and details ->> 'method' = 'passkey'""").param(username).query(Long.class).single()).isEqualTo(1);

        // Removed here: the authenticator still holds it, but the server no longer knows it.
        browser.open("/me/passkeys");
        String id = byId("passkey-list").findElement(By.cssSelector("tr[data-passkey]")).getAttribute("data-passkey");
        browser.js("window.confirm = () => true;");
        byId("passkey-list").findElement(By.cssSelector("form button.danger")).click();
        browser.wait.until(d -> d.findElements(By.cssSelector("tr[data-passkey]")).isEmpty());
        assertThat(byId("passkey-list").getText()).contains("You have no passkeys yet");
        assertThat(audited("passkey.remove", username, "success")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from user_credentials where credential_id = ?").param(id)
                .query(Long.class).single()).isZero();
        browser.logout();

        browser.open("/login");
        byId("passkey-sign-in").click();
        WebElement error = byId("passkey-error");
        assertThat(error.getText()).contains("not accepted");
        assertThat(browser.path()).isEqualTo("/login");
        browser.screenshot("passkeys-refused");
        browser.open("/audit");
        assertThat(browser.path()).as("still signed out").isEqualTo("/login");
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'login' and outcome = 'failure'
                and details ->> 'method' = 'passkey'""").query(Long.class).single()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDisabledAccountsPasskeyDoesNotSignIn() {
        String username = TestClient.unique("operator").toLowerCase();
        var created = client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of("OPERATOR")));
        assertThat(created.status()).isEqualTo(201);
        long userId = created.json().get("id").asLong();
        authenticator.removeAllCredentials();

        browser.login(username, TestClient.PASSWORD);
        assertThat(lastSessionSignIn(username)).isEqualTo("password");
        browser.open("/me/passkeys");
        byId("passkey-label").sendKeys("Phone");
        byId("passkey-add").findElement(By.cssSelector("button[type=submit]")).click();
        browser.wait.until(d -> d.getCurrentUrl().endsWith("/me/passkeys?added"));
        browser.logout();

        // With a passkey, an operator (no second factor required by role) is asked for it after the password.
        browser.loginWithPassword(username, TestClient.PASSWORD);
        assertThat(browser.path()).isEqualTo("/login/code");
        assertThat(browser.driver.findElements(By.id("code-form"))).as("no authenticator app: no code field").isEmpty();
        byId("passkey-sign-in").click();
        browser.wait.until(d -> browser.path().equals("/"));
        browser.logout();

        assertThat(client().patchUser(admin(), userId, Map.of("disabled", true)).status()).isEqualTo(200);
        browser.open("/login");
        byId("passkey-sign-in").click();
        assertThat(byId("passkey-error").getText()).contains("not accepted");
        browser.open("/");
        assertThat(browser.path()).isEqualTo("/login");
    }
}
