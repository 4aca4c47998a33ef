package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.TestClient;

/**
 * Failed logins are throttled per account (5 in the window): past the limit even the right password is refused
 * without being checked, on the API and on the login page alike. Other accounts are unaffected.
 */
class LoginThrottleIT extends IntegrationTest {

    @Autowired
    PlateGuardProperties properties;

    @Test
    void fiveFailuresLockTheAccountEvenForTheRightPassword() {
        var admin = admin();
        var victim = SecurityTestSupport.person(client(), admin, "OPERATOR");
        var bystander = SecurityTestSupport.person(client(), admin, "OPERATOR");
        for (int i = 1; i <= 5; i++) {
            var wrong = login(victim.username(), "wrong password number " + i);
            assertThat(wrong.status()).as("failure %d", i).isEqualTo(401);
        }
        var right = login(victim.username(), victim.password());
        assertThat(right.status()).as(right.toString()).isEqualTo(429);
        assertThat(right.header("Retry-After")).isEqualTo(String.valueOf(properties.auth().failureWindow().toSeconds()));
        assertThat(right.header("Content-Type")).startsWith("application/problem+json");
        assertThat(right.text()).doesNotContain("pgu_");
        // Case and whitespace do not open a second counter for the same account.
        assertThat(login(" " + victim.username().toUpperCase() + " ", victim.password()).status()).isEqualTo(429);
        // The login page refuses as well, and says why.
        var page = new BrowserSession(client()).login(victim.username(), victim.password());
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).contains("/login?throttled");
        // Tokens issued before the attack keep working, and other accounts can still sign in.
        assertThat(client().get("/api/v1/reads", victim.token()).status()).isEqualTo(200);
        assertThat(login(bystander.username(), bystander.password()).status()).isEqualTo(201);
        // The refusals are audited as denied.
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'login' and actor = ? and outcome = 'denied'")
                .param(victim.username()).query(Long.class).single()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void fourFailuresThenSuccessResetsTheCount() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        for (int i = 0; i < 4; i++) {
            assertThat(login(person.username(), "nope nope nope " + i).status()).isEqualTo(401);
        }
        assertThat(login(person.username(), person.password()).status()).isEqualTo(201);
        for (int i = 0; i < 4; i++) {
            assertThat(login(person.username(), "nope nope nope " + i).status()).isEqualTo(401);
        }
        assertThat(login(person.username(), person.password()).status()).isEqualTo(201);
    }

    @Test
    void unknownAccountsAreThrottledToo() {
        admin();
        String ghost = TestClient.unique("ghost").toLowerCase();
        for (int i = 0; i < 5; i++) {
            assertThat(login(ghost, "whatever whatever " + i).status()).isEqualTo(401);
        }
        // Same answer as for a real locked account: no way to tell which usernames exist.
        assertThat(login(ghost, "whatever whatever").status()).isEqualTo(429);
    }

    private TestClient.Response login(String username, String password) {
        return client().postJson("/api/v1/tokens", null, Map.of("username", username, "password", password));
    }
}
