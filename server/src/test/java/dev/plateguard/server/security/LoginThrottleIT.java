package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * Failed logins cost growing delays per account (after 5 free ones), not a hard lock: during the delay even the
 * right password is refused unchecked with 429 and Retry-After, on the API and on the login page alike; polling
 * does not push the delay out; the right password after the delay works. Other accounts are unaffected.
 */
class LoginThrottleIT extends IntegrationTest {

    @Autowired
    AbuseSettings abuse;

    @Test
    void failuresCostAGrowingDelayNotALock() throws Exception {
        var admin = admin();
        var victim = SecurityTestSupport.person(client(), admin, "OPERATOR");
        var bystander = SecurityTestSupport.person(client(), admin, "OPERATOR");
        for (int i = 1; i <= 5; i++) {
            var wrong = login(victim.username(), "wrong password number " + i);
            assertThat(wrong.status()).as("failure %d", i).isEqualTo(401);
        }
        var right = login(victim.username(), victim.password());
        assertThat(right.status()).as(right.toString()).isEqualTo(429);
        long retryAfter = Long.parseLong(right.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, abuse.loginDelayBase().toSeconds() + 1);
        assertThat(right.header("Content-Type")).startsWith("application/problem+json");
        assertThat(right.json().get("detail").asString()).contains("wait");
        assertThat(right.text()).doesNotContain("pgu_");
        // Case and whitespace do not open a second counter for the same account.
        assertThat(login(" " + victim.username().toUpperCase() + " ", victim.password()).status()).isEqualTo(429);
        // The login page refuses as well, and says how long to wait.
        var page = new BrowserSession(client()).login(victim.username(), victim.password());
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).containsPattern("/login\\?throttled=\\d+");
        var message = client().get(page.header("Location").replaceFirst("^https?://[^/]+", ""), null);
        assertThat(message.text()).contains("Wait").contains("seconds");
        // Tokens issued before the attack keep working, and other accounts can still sign in.
        assertThat(client().get("/api/v1/reads", victim.token()).status()).isEqualTo(200);
        assertThat(login(bystander.username(), bystander.password()).status()).isEqualTo(201);
        // Once the delay has passed, the right password works (polling during the delay did not extend it).
        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(login(victim.username(), victim.password()).status()).isEqualTo(201);
        // The refusals are audited as denied.
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'login' and actor = ? and outcome = 'denied'")
                .param(victim.username()).query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void eachFurtherFailureDoublesTheDelay() throws Exception {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        for (int i = 0; i < 5; i++) {
            assertThat(login(person.username(), "nope nope nope " + i).status()).isEqualTo(401);
        }
        long first = Long.parseLong(login(person.username(), "x x x x x x").header("Retry-After"));
        Thread.sleep(first * 1000 + 200);
        assertThat(login(person.username(), "still not it").status()).as("checked after the delay").isEqualTo(401);
        var second = login(person.username(), person.password());
        assertThat(second.status()).isEqualTo(429);
        assertThat(Long.parseLong(second.header("Retry-After"))).isGreaterThan(first - 1).isLessThanOrEqualTo(2 * first + 1);
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
    void unknownAccountsAreDelayedToo() {
        admin();
        String ghost = TestClient.unique("ghost").toLowerCase();
        for (int i = 0; i < 5; i++) {
            assertThat(login(ghost, "whatever whatever " + i).status()).isEqualTo(401);
        }
        // Same answer as for a real account: no way to tell which usernames exist.
        assertThat(login(ghost, "whatever whatever").status()).isEqualTo(429);
    }

    @Test
    void weakerArgon2HashesAreUpgradedAtTheNextSignIn() {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        // As stored by earlier versions: Argon2id with 16 MiB.
        String weak = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(person.password());
        jdbc.sql("update app_user set password_hash = ? where id = ?").params(weak, person.id()).update();
        long stamp = stamp(person.id());
        assertThat(login(person.username(), "not the password at all").status()).isEqualTo(401);
        assertThat(hash(person.id())).as("a failed sign-in changes nothing").isEqualTo(weak);
        assertThat(login(person.username(), person.password()).status()).isEqualTo(201);
        String upgraded = hash(person.id());
        assertThat(upgraded).startsWith("$argon2id$").contains("m=19456,t=2,p=1").isNotEqualTo(weak);
        assertThat(stamp(person.id())).as("sessions and tokens survive the upgrade").isEqualTo(stamp);
        assertThat(client().get("/api/v1/reads", person.token()).status()).isEqualTo(200);
        assertThat(login(person.username(), person.password()).status()).isEqualTo(201);
        assertThat(hash(person.id())).as("not rehashed again").isEqualTo(upgraded);
        // New passwords are hashed at the new parameters from the start.
        var fresh = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        assertThat(hash(fresh.id())).contains("m=19456,t=2,p=1");
    }

    private String hash(long id) {
        return jdbc.sql("select password_hash from app_user where id = ?").param(id).query(String.class).single();
    }

    private long stamp(long id) {
        return jdbc.sql("select security_stamp from app_user where id = ?").param(id).query(Long.class).single();
    }

    private TestClient.Response login(String username, String password) {
        return client().postJson("/api/v1/tokens", null, Map.of("username", username, "password", password));
    }
}
