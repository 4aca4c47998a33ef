package dev.plateguard.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.SecurityTestSupport;

/**
 * User management through the API: password and username rules, uniqueness, and changes (disable, roles, password
 * reset, token revocation) that act on the very next request.
 */
class UserAccountsIT extends IntegrationTest {

    @Test
    void weakPasswordsAreRefusedNamingThePasswordField() {
        var admin = admin();
        String username = TestClient.unique("pw").toLowerCase();
        Map<String, String> weak = new LinkedHashMap<>();
        weak.put("short", "Tr0ub4dor&3");
        weak.put("empty", "");
        weak.put("common", "password1234");
        weak.put("keyboard walk", "qwertyuiop12");
        weak.put("leet common", "P@ssw0rd1234");
        weak.put("repeated common word", "dragondragon");
        weak.put("repetitive", "aaaaaaaaaaaaaaaa");
        weak.put("contains username", "my " + username + " secret!");
        weak.put("contains username, other case", "Secret-" + username.toUpperCase() + "-phrase");
        weak.put("too long", "x1y2z3".repeat(50));
        List<String> failures = new ArrayList<>();
        for (var e : weak.entrySet()) {
            var r = client().createUser(admin,
                    Map.of("username", username, "password", e.getValue(), "roles", List.of("OPERATOR")));
            if (r.status() != 400 || !fields(r).contains("password")
                    || !r.header("Content-Type").startsWith("application/problem+json")) {
                failures.add(e.getKey() + " -> " + r);
            }
            // The refused password never appears in the answer.
            if (!e.getValue().isEmpty() && r.text().contains(e.getValue())) {
                failures.add(e.getKey() + " echoed the password: " + r.text());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(userExists(username)).isFalse();
        // A long passphrase is fine.
        var ok = client().createUser(admin,
                Map.of("username", username, "password", "violet kettle under a sleepy moon", "roles", List.of("OPERATOR")));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        assertThat(ok.text()).doesNotContain("violet kettle").doesNotContain("argon2");
    }

    @Test
    void passwordResetObeysThePolicyToo() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        for (String weak : List.of("short", "password1234", "qwertyuiop12", person.username() + "-and-more")) {
            var r = client().patchJson("/api/v1/users/" + person.id(), admin.token(), Map.of("password", weak));
            assertThat(r.status()).as(weak + " -> " + r).isEqualTo(400);
            assertThat(fields(r)).contains("password");
        }
        // Nothing changed: the old password and token still work.
        assertThat(client().get("/api/v1/tokens", person.token()).status()).isEqualTo(200);
        assertThat(login(person.username(), person.password()).status()).isEqualTo(201);
    }

    @Test
    void usernameRules() {
        var admin = admin();
        List<String> failures = new ArrayList<>();
        for (String bad : List.of("", "ab", "has space", "semi;colon", "slash/name", "<script>", "quote'name",
                "ünïcödé", "x".repeat(65), "tab\tname", "new\nline")) {
            var r = client().createUser(admin,
                    Map.of("username", bad, "password", TestClient.PASSWORD, "roles", List.of("OPERATOR")));
            if (r.status() != 400 || !fields(r).contains("username")) {
                failures.add("'" + bad + "' -> " + r);
            }
        }
        var missing = client().createUser(admin,
                Map.of("password", TestClient.PASSWORD, "roles", List.of("OPERATOR")));
        if (missing.status() != 400 || !fields(missing).contains("username")) {
            failures.add("no username -> " + missing);
        }
        assertThat(failures).isEmpty();

        // Usernames are case-insensitive: stored in lower case.
        String mixed = "Mixed." + TestClient.unique("Case");
        var created = client().createUser(admin,
                Map.of("username", mixed, "password", TestClient.PASSWORD, "roles", List.of("OPERATOR")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("username").asString()).isEqualTo(mixed.toLowerCase());
        assertThat(login(mixed.toUpperCase(), TestClient.PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void rolesMustBeKnownAndPresent() {
        var admin = admin();
        String username = TestClient.unique("roles").toLowerCase();
        var none = client().createUser(admin,
                Map.of("username", username, "password", TestClient.PASSWORD, "roles", List.of()));
        assertThat(none.status()).isEqualTo(400);
        assertThat(fields(none)).contains("roles");
        var unknown = client().createUser(admin,
                Map.of("username", username, "password", TestClient.PASSWORD, "roles", List.of("OPERATOR", "ROOT")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(fields(unknown)).contains("roles[1]");
        var device = client().createUser(admin,
                Map.of("username", username, "password", TestClient.PASSWORD, "roles", List.of("DEVICE")));
        assertThat(device.status()).isEqualTo(400);
        var smuggled = client().createUser(admin,
                Map.of("username", username, "password", TestClient.PASSWORD, "roles", List.of("OPERATOR"), "disabled", false,
                        "id", 1));
        assertThat(smuggled.status()).as(smuggled.toString()).isEqualTo(400);
        assertThat(userExists(username)).isFalse();
    }

    @Test
    void duplicateUsernameIsAConflict() {
        var admin = admin();
        String username = TestClient.unique("dup").toLowerCase();
        Map<String, Object> body = Map.of("username", username, "password", TestClient.PASSWORD, "roles", List.of("OPERATOR"));
        assertThat(client().createUser(admin, body).status()).isEqualTo(201);
        var again = client().createUser(admin, body);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        var otherCase = client().createUser(admin,
                Map.of("username", " " + username.toUpperCase() + " ", "password", TestClient.PASSWORD, "roles", List.of("ADMIN")));
        assertThat(otherCase.status()).isEqualTo(409);
        assertThat(jdbc.sql("select count(*) from app_user where lower(username) = ?").param(username)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select array_to_string(roles, ',') from app_user where username = ?").param(username)
                .query(String.class).single()).isEqualTo("OPERATOR");
    }

    @Test
    void disablingAUserStopsTheirTokensAndLoginAtOnce() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        String second = login(person.username(), person.password()).json().get("token").asString();
        assertThat(client().get("/api/v1/reads", person.token()).status()).isEqualTo(200);

        var disabled = client().patchJson("/api/v1/users/" + person.id(), admin.token(), Map.of("disabled", true));
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("disabled").asBoolean()).isTrue();

        for (String token : List.of(person.token(), second)) {
            var r = client().get("/api/v1/reads", token);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        }
        assertThat(login(person.username(), person.password()).status()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from personal_token where user_id = ? and revoked_at is null")
                .param(person.id()).query(Long.class).single()).isZero();

        // Enabling again allows a new login, but the old tokens stay dead.
        assertThat(client().patchJson("/api/v1/users/" + person.id(), admin.token(), Map.of("disabled", false)).status())
                .isEqualTo(200);
        var fresh = login(person.username(), person.password());
        assertThat(fresh.status()).isEqualTo(201);
        assertThat(client().get("/api/v1/reads", fresh.json().get("token").asString()).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/reads", person.token()).status()).isEqualTo(401);
    }

    @Test
    void roleChangeTakesEffectOnTheNextRequest() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        assertThat(client().get("/api/v1/reads", person.token()).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/audit", person.token()).status()).isEqualTo(403);

        var changed = client().patchUser(admin, person.id(), Map.of("roles", List.of("AUDITOR")));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("roles").toString()).contains("AUDITOR").doesNotContain("OPERATOR");

        assertThat(client().get("/api/v1/reads", person.token()).status()).isEqualTo(403);
        assertThat(client().get("/api/v1/audit", person.token()).status()).isEqualTo(200);

        // Promotion works the same way, and so does taking it back.
        assertThat(client().patchJson("/api/v1/users/" + person.id(), admin.token(), Map.of("roles", List.of("ADMIN")))
                .status()).isEqualTo(200);
        assertThat(client().get("/api/v1/users", person.token()).status()).isEqualTo(200);
        assertThat(client().patchUser(admin, person.id(), Map.of("roles", List.of("INVESTIGATOR")))
                .status()).isEqualTo(200);
        assertThat(client().get("/api/v1/users", person.token()).status()).isEqualTo(403);
    }

    @Test
    void passwordResetRevokesTokensAndReplacesThePassword() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        String newPassword = "amber lantern over quiet water";
        var reset = client().patchJson("/api/v1/users/" + person.id(), admin.token(), Map.of("password", newPassword));
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.text()).doesNotContain(newPassword);
        assertThat(client().get("/api/v1/reads", person.token()).status()).isEqualTo(401);
        assertThat(login(person.username(), person.password()).status()).isEqualTo(401);
        // The reset password only allows choosing another (SeparationOfDutiesIT walks that step).
        assertThat(login(person.username(), newPassword).status()).isEqualTo(403);
    }

    @Test
    void patchValidation() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        var empty = client().patchJson("/api/v1/users/" + person.id(), admin.token(), Map.of());
        assertThat(empty.status()).isEqualTo(400);
        var unknownField = client().patchJson("/api/v1/users/" + person.id(), admin.token(), Map.of("username", "renamed"));
        assertThat(unknownField.status()).as(unknownField.toString()).isEqualTo(400);
        assertThat(unknownField.text()).contains("username");
        var badRole = client().patchJson("/api/v1/users/" + person.id(), admin.token(), Map.of("roles", List.of("GOD")));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(fields(badRole)).contains("roles[0]");
        var noSuchUser = client().patchJson("/api/v1/users/" + Long.MAX_VALUE, admin.token(), Map.of("disabled", true));
        assertThat(noSuchUser.status()).isEqualTo(404);
        // None of the refused changes touched the account.
        assertThat(client().get("/api/v1/reads", person.token()).status()).isEqualTo(200);
    }

    @Test
    void personalTokensAreRevocableByTheirOwnerOnly() {
        var admin = admin();
        var owner = SecurityTestSupport.person(client(), admin, "OPERATOR");
        var other = SecurityTestSupport.person(client(), admin, "OPERATOR");
        // Someone else's token id is not found, and the token keeps working.
        assertThat(client().delete("/api/v1/tokens/" + owner.tokenId(), other.token()).status()).isEqualTo(404);
        assertThat(client().get("/api/v1/reads", owner.token()).status()).isEqualTo(200);
        // The owner's listing shows metadata only, never the secret or its hash.
        var list = client().get("/api/v1/tokens", owner.token());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).doesNotContain(owner.token()).doesNotContain("hash");
        assertThat(list.json()).anyMatch(t -> t.get("id").asLong() == owner.tokenId());
        // Revoked by its owner: refused on the very next request.
        assertThat(client().delete("/api/v1/tokens/" + owner.tokenId(), owner.token()).status()).isEqualTo(204);
        var after = client().get("/api/v1/reads", owner.token());
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void issuedTokensExpireAndCarryThePrefix() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "INVESTIGATOR");
        var issued = login(person.username(), person.password());
        assertThat(issued.json().get("token").asString()).startsWith("pgu_").hasSize(4 + 43);
        java.time.Instant expires = java.time.Instant.parse(issued.json().get("expiresAt").asString());
        assertThat(expires).isAfter(java.time.Instant.now()).isBefore(java.time.Instant.now().plus(java.time.Duration.ofDays(31)));
        // An expired token is refused even though it was never revoked.
        String token = issued.json().get("token").asString();
        jdbc.sql("update personal_token set expires_at = now() - interval '1 second' where id = ?")
                .param(issued.json().get("id").asLong()).update();
        assertThat(client().get("/api/v1/reads", token).status()).isEqualTo(401);
    }

    private TestClient.Response login(String username, String password) {
        // With a fresh code of the user's authenticator where they have one.
        return client().postJson("/api/v1/tokens", null, client().credentials(username, password));
    }

    private boolean userExists(String username) {
        return jdbc.sql("select count(*) from app_user where username = ?").param(username).query(Long.class).single() > 0;
    }

    static List<String> fields(TestClient.Response r) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = r.json().get("errors");
        if (errors != null) {
            errors.forEach(e -> fields.add(e.get("field").asString()));
        }
        return fields;
    }
}
