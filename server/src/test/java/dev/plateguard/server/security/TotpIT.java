package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestAuthenticator;
import dev.plateguard.server.TestClient;

/**
 * The second factor through the API, over real HTTP against the real server and database, with codes computed by
 * java-otp as an authenticator app would (RFC 6238: SHA-1, 6 digits, 30 s) on the real clock: sign-in with and without
 * a code, wrong and replayed codes, clock drift, enrolment with an enrolment token that opens nothing else, recovery
 * codes, throttling, an administrator's reset, and what is stored.
 */
class TotpIT extends IntegrationTest {

    private TestClient.Response tokens(Map<String, String> body) {
        return client().postJson("/api/v1/tokens", null, body);
    }

    private Map<String, String> withCode(String username, String code) {
        return Map.of("username", username, "password", TestClient.PASSWORD, "code", code);
    }

    private static String type(TestClient.Response r) {
        assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
        return r.json().get("type").asString().replaceFirst(".*/problems/", "");
    }

    private long userId(String username) {
        return jdbc.sql("select id from app_user where username = ?").param(username).query(Long.class).single();
    }

    /** Audit entries of this action, actor and outcome whose details hold {@code key} with {@code value}. */
    private long audited(String action, String actor, String outcome, String key, String value) {
        return jdbc.sql("select count(*) from audit_event where action = ? and actor = ? and outcome = ? and details ->> ? = ?")
                .params(action, actor, outcome, key, value).query(Long.class).single();
    }

    /** A six-digit code that is none of the user's codes around now. */
    private static String wrongCode(String secret) {
        long now = TestAuthenticator.currentStep();
        Set<String> near = new java.util.HashSet<>();
        for (long s = now - 3; s <= now + 3; s++) {
            near.add(TestAuthenticator.code(secret, s));
        }
        for (int i = 0; ; i++) {
            String candidate = String.format("%06d", (i * 7919 + 123456) % 1_000_000);
            if (!near.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** A new user with the roles, created by the admins, not signed in yet. */
    private String newUser(String... roles) {
        String username = TestClient.unique("mfa").toLowerCase();
        var created = client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of(roles)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return username;
    }

    @Test
    void aPersonWhoMustEnrolGetsAnEnrolmentTokenThatOpensNothingElse() throws Exception {
        String username = newUser("SUPERVISOR");
        var refused = tokens(Map.of("username", username, "password", TestClient.PASSWORD));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(type(refused)).isEqualTo("second-factor-enrolment-required");
        String enrolment = refused.json().get("enrolmentToken").asString();
        assertThat(enrolment).startsWith("pge_").hasSize(4 + 43);
        Instant expires = Instant.parse(refused.json().get("expiresAt").asString());
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofMinutes(9)), Instant.now().plus(Duration.ofMinutes(11)));
        // Stored as a hash only.
        var stored = jdbc.sql("select token_hash from mfa_enrolment_token where user_id = ?").param(userId(username))
                .query((rs, n) -> rs.getBytes(1)).list();
        assertThat(stored).isNotEmpty().noneMatch(h -> new String(h, StandardCharsets.ISO_8859_1).contains(enrolment.substring(4, 20)));
        assertThat(audited("login", username, "denied", "reason", "second factor enrolment required")).isEqualTo(1);
        // The wrong password never yields one.
        var wrongPassword = tokens(Map.of("username", username, "password", "not the password at all"));
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.text()).doesNotContain("pge_");

        // The enrolment token opens nothing but enrolment: no reads, no tokens, no admin, no audit, no docs.
        for (String path : List.of("/api/v1/reads", "/api/v1/tokens", "/api/v1/users", "/api/v1/audit", "/api/v1/sites",
                "/api/v1/review/queue", "/api/v1/violations")) {
            var r = client().get(path, enrolment);
            assertThat(r.status()).as(path + " " + r).isEqualTo(403);
            assertThat(type(r)).isEqualTo("enrolment-token-only");
        }
        assertThat(client().postJson("/api/v1/users", enrolment, Map.of("username", "sneaky", "password", TestClient.PASSWORD,
                "roles", List.of("ADMIN"))).status()).isEqualTo(403);
        assertThat(BrowserSession.redirectPath(client().get("/", enrolment))).isEqualTo("/login");
        // ...and a personal token, or no token, cannot enrol.
        assertThat(client().post("/api/v1/me/totp", null, null, new byte[0]).status()).isEqualTo(401);
        assertThat(client().post("/api/v1/me/totp", admin().token(), null, new byte[0]).status()).isEqualTo(403);

        var started = client().post("/api/v1/me/totp", enrolment, null, new byte[0]);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String secret = started.json().get("totpSecret").asString();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(new Base32().decode(secret)).hasSize(20);
        assertThat(started.json().get("otpauthUri").asString()).isEqualTo("otpauth://totp/PlateGuard:" + username
                + "?secret=" + secret + "&issuer=PlateGuard&algorithm=SHA1&digits=6&period=30");

        // The secret is stored encrypted: AES-256-GCM under the key file outside the database, bound to the user.
        byte[] box = jdbc.sql("select secret_box from user_totp where user_id = ?").param(userId(username))
                .query((rs, n) -> rs.getBytes(1)).single();
        byte[] raw = new Base32().decode(secret);
        assertThat(new String(box, StandardCharsets.ISO_8859_1)).doesNotContain(secret)
                .doesNotContain(new String(raw, StandardCharsets.ISO_8859_1));
        byte[] key = HexFormat.of().parseHex(Files.readString(DATA_DIR.resolve("keys/totp-secrets.key")).strip());
        assertThat(decrypt(key, box, userId(username))).isEqualTo(raw);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> decrypt(key, box, userId(username) + 1)))
                .as("bound to its user").isNotNull();

        // Confirmation: a missing code, then a wrong one (400, audited, counted), then the right one.
        var missing = client().postJson("/api/v1/me/totp/confirm", enrolment, Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text()).contains("code");
        var wrong = client().postJson("/api/v1/me/totp/confirm", enrolment, Map.of("code", wrongCode(secret)));
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(400);
        assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("code");
        assertThat(audited("mfa.enrol", username, "failure", "reason", "bad code")).isEqualTo(1);
        assertThat(jdbc.sql("select confirmed_at is null from user_totp where user_id = ?").param(userId(username))
                .query(Boolean.class).single()).as("still waiting").isTrue();

        TestAuthenticator.remember(client().base(), username, secret);
        var confirmed = client().postJson("/api/v1/me/totp/confirm", enrolment,
                Map.of("code", TestAuthenticator.code(client().base(), username)));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        confirmed.json().get("recoveryCodes").forEach(c -> codes.add(c.asString()));
        assertThat(codes).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}"));
        assertThat(audited("mfa.enrol", username, "success", "channel", "api")).isEqualTo(1);
        // Recovery codes are stored as Argon2id hashes, never as themselves.
        var hashes = jdbc.sql("select code_hash from user_recovery_code where user_id = ?").param(userId(username))
                .query(String.class).list();
        assertThat(hashes).hasSize(10).allMatch(h -> h.startsWith("$argon2id$"));
        assertThat(String.join(" ", hashes)).doesNotContain(codes.getFirst()).doesNotContain(codes.getFirst().replace("-", ""));

        // The enrolment token is spent; the password alone is no longer enough; the next code is.
        assertThat(client().post("/api/v1/me/totp", enrolment, null, new byte[0]).status()).isEqualTo(401);
        var noCode = tokens(Map.of("username", username, "password", TestClient.PASSWORD));
        assertThat(noCode.status()).isEqualTo(401);
        assertThat(type(noCode)).isEqualTo("second-factor-required");
        var signedIn = tokens(withCode(username, TestAuthenticator.code(client().base(), username)));
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(201);
        assertThat(client().get("/api/v1/reads", signedIn.json().get("token").asString()).status()).isEqualTo(200);
        assertThat(audited("login", username, "success", "secondFactor", "totp")).isEqualTo(1);
    }

    private static byte[] decrypt(byte[] key, byte[] box, long userId) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, 0, 32, "AES"),
                new GCMParameterSpec(128, java.util.Arrays.copyOfRange(box, 1, 13)));
        cipher.updateAAD(("plateguard totp-secret v1 user:" + userId).getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(box, 13, box.length - 13);
    }

    @Test
    void aTokenNeedsTheCurrentCodeWhichWorksOnce() {
        var person = SecurityTestSupport.person(client(), admin(), "INVESTIGATOR");
        String secret = TestAuthenticator.secret(client().base(), person.username());

        // No code, an empty one, a malformed one and a wrong one: precise 401s, never a token, never a 500.
        var none = tokens(Map.of("username", person.username(), "password", TestClient.PASSWORD));
        assertThat(none.status()).isEqualTo(401);
        assertThat(type(none)).isEqualTo("second-factor-required");
        assertThat(none.header("WWW-Authenticate")).isNull();
        assertThat(type(tokens(withCode(person.username(), "")))).isEqualTo("second-factor-required");
        for (String bad : List.of(wrongCode(secret), "12345", "1234567", "abcdef", "x".repeat(200))) {
            var r = tokens(withCode(person.username(), bad));
            assertThat(r.status()).as(bad + " -> " + r).isEqualTo(401);
            assertThat(type(r)).isEqualTo("bad-second-factor");
        }
        assertThat(audited("login", person.username(), "failure", "reason", "bad second factor")).isEqualTo(5);
        // A right password with a wrong code is not a right password: the failures count (and are forgiven only
        // by a complete sign-in below). Let the per-account delay they started pass.
        sleep(Duration.ofMillis(1100));

        String code = TestAuthenticator.code(client().base(), person.username(), 20_000);
        var first = tokens(withCode(person.username(), code));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        var replayed = tokens(withCode(person.username(), code));
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(type(replayed)).isEqualTo("second-factor-replayed");
        assertThat(audited("login", person.username(), "failure", "reason", "replayed second factor")).isEqualTo(1);
        // A code with the spaces apps show works too ("123 456").
        String next = TestAuthenticator.code(client().base(), person.username());
        assertThat(tokens(withCode(person.username(), next.substring(0, 3) + " " + next.substring(3))).status()).isEqualTo(201);
    }

    @Test
    void codesWithinOneStepOfTheClockAreAcceptedOnlyForLaterSteps() {
        String username = newUser("AUDITOR");
        var refused = tokens(Map.of("username", username, "password", TestClient.PASSWORD));
        String enrolment = refused.json().get("enrolmentToken").asString();
        String secret = client().post("/api/v1/me/totp", enrolment, null, new byte[0]).json().get("totpSecret").asString();
        // The steps below are "now": keep well clear of a step boundary for the few seconds this takes.
        TestAuthenticator.awayFromStepBoundary(8_000);
        long now = TestAuthenticator.currentStep();
        assertThat(client().postJson("/api/v1/me/totp/confirm", enrolment,
                Map.of("code", TestAuthenticator.code(secret, now - 1))).status()).as("a phone 30 s behind").isEqualTo(200);
        // Two steps off either way is too far.
        assertThat(type(tokens(withCode(username, TestAuthenticator.code(secret, now + 2))))).isEqualTo("bad-second-factor");
        assertThat(type(tokens(withCode(username, TestAuthenticator.code(secret, now - 2))))).isEqualTo("bad-second-factor");
        // The step after confirmation's, then one ahead (a phone 30 s ahead).
        assertThat(tokens(withCode(username, TestAuthenticator.code(secret, now))).status()).isEqualTo(201);
        assertThat(tokens(withCode(username, TestAuthenticator.code(secret, now + 1))).status()).isEqualTo(201);
        // Now every step in the window is at or before the last one used: all refused as replays.
        for (long step = now - 1; step <= now + 1; step++) {
            var r = tokens(withCode(username, TestAuthenticator.code(secret, step)));
            assertThat(r.status()).isEqualTo(401);
            assertThat(type(r)).as("step %d", step - now).isEqualTo("second-factor-replayed");
        }
        assertThat(jdbc.sql("select last_step from user_totp where user_id = ?").param(userId(username))
                .query(Long.class).single()).isEqualTo(now + 1);
        TestAuthenticator.remember(client().base(), username, secret);
        TestAuthenticator.used(client().base(), username, now + 1);
    }

    @Test
    void aRecoveryCodeSignsInOnce() {
        var person = SecurityTestSupport.person(client(), admin(), "AUDITOR");
        String recovery = TestAuthenticator.recoveryCode(client().base(), person.username());
        // Typed without the hyphens, in lower case: still the code.
        var used = tokens(withCode(person.username(), recovery.replace("-", "").toLowerCase()));
        assertThat(used.status()).as(used.toString()).isEqualTo(201);
        assertThat(client().get("/api/v1/audit", used.json().get("token").asString()).status()).isEqualTo(200);
        assertThat(audited("mfa.recovery-code", person.username(), "success", "recoveryCodesLeft", "9")).isEqualTo(1);
        assertThat(audited("login", person.username(), "success", "secondFactor", "recovery code")).isEqualTo(1);
        var again = tokens(withCode(person.username(), recovery));
        assertThat(again.status()).isEqualTo(401);
        assertThat(type(again)).isEqualTo("bad-second-factor");
        assertThat(jdbc.sql("select count(*) from user_recovery_code where user_id = ? and used_at is null")
                .param(person.id()).query(Long.class).single()).isEqualTo(9);
        var status = client().get("/api/v1/users/" + person.id() + "/totp", admin().token());
        assertThat(status.json().get("recoveryCodesLeft").asInt()).isEqualTo(9);
    }

    @Test
    void rolesOutsideTheConfiguredListSignInWithoutACode() {
        for (String role : List.of("OPERATOR", "INTEGRATION")) {
            String username = newUser(role);
            var r = tokens(Map.of("username", username, "password", TestClient.PASSWORD));
            assertThat(r.status()).as(role + ": " + r).isEqualTo(201);
            assertThat(jdbc.sql("select count(*) from user_totp where user_id = ?").param(userId(username))
                    .query(Long.class).single()).isZero();
            var status = client().get("/api/v1/users/" + userId(username) + "/totp", admin().token());
            assertThat(status.json().get("required").asBoolean()).isFalse();
            assertThat(status.json().get("enrolled").asBoolean()).isFalse();
        }
        // A role that needs one, even beside one that does not.
        String mixed = newUser("OPERATOR", "INVESTIGATOR");
        assertThat(tokens(Map.of("username", mixed, "password", TestClient.PASSWORD)).status()).isEqualTo(403);
    }

    @Test
    void wrongCodesCountTowardsTheLoginThrottle() {
        var person = SecurityTestSupport.person(client(), admin(), "SUPERVISOR");
        String secret = TestAuthenticator.secret(client().base(), person.username());
        // plateguard.auth.max-failures-per-account (5) wrong codes are free...
        for (int i = 0; i < 5; i++) {
            assertThat(tokens(withCode(person.username(), wrongCode(secret))).status()).isEqualTo(401);
        }
        // ...then even the right code must wait: 429 with Retry-After, the code not even looked at.
        var throttled = tokens(withCode(person.username(), TestAuthenticator.code(secret, TestAuthenticator.currentStep() + 5)));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotNull();
        sleep(Duration.ofMillis(1100));
        assertThat(tokens(withCode(person.username(), TestAuthenticator.code(client().base(), person.username()))).status())
                .isEqualTo(201);
        // The complete sign-in forgave them: a wrong code is free again.
        assertThat(tokens(withCode(person.username(), wrongCode(secret))).status()).isEqualTo(401);
    }

    @Test
    void anAdministratorResetsAnotherPersonsSecondFactor() {
        var person = SecurityTestSupport.person(client(), admin(), "INVESTIGATOR");
        assertThat(client().get("/api/v1/reads", person.token()).status()).isEqualTo(200);
        var before = client().get("/api/v1/users/" + person.id() + "/totp", admin().token());
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().get("enrolled").asBoolean()).isTrue();
        assertThat(before.json().get("recoveryCodesLeft").asInt()).isEqualTo(10);
        // Not by the person, nor by any other role; and nobody resets their own.
        assertThat(client().delete("/api/v1/users/" + person.id() + "/totp", person.token()).status()).isEqualTo(403);
        long adminId = userId("admin");
        var own = client().delete("/api/v1/users/" + adminId + "/totp", admin().token());
        assertThat(own.status()).isEqualTo(409);
        assertThat(client().delete("/api/v1/users/987654321/totp", admin().token()).status()).isEqualTo(404);

        assertThat(client().delete("/api/v1/users/" + person.id() + "/totp", admin().token()).status()).isEqualTo(204);
        assertThat(client().get("/api/v1/reads", person.token()).status()).as("tokens revoked").isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from user_recovery_code where user_id = ?").param(person.id())
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'user.mfa-reset' and actor = 'admin'
                  and target = ? and outcome = 'success'""").param("user:" + person.username()).query(Long.class).single())
                .isEqualTo(1);
        var after = client().get("/api/v1/users/" + person.id() + "/totp", admin().token());
        assertThat(after.json().get("enrolled").asBoolean()).isFalse();
        assertThat(after.json().get("required").asBoolean()).isTrue();
        // The old authenticator's codes are worthless; the next sign-in is an enrolment.
        var old = tokens(withCode(person.username(), TestAuthenticator.code(client().base(), person.username())));
        assertThat(old.status()).isEqualTo(403);
        assertThat(old.json().get("enrolmentToken").asString()).startsWith("pge_");
        TestAuthenticator.forget(client().base(), person.username());
        assertThat(client().signIn(person.username(), TestClient.PASSWORD).status()).isEqualTo(201);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
