package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * Passkeys over plain HTTP, where a browser cannot go wrong on purpose: who may ask for registration options, what
 * the options demand (user verification, a discoverable credential, this server as relying party), and that forged
 * or malformed answers are refused with a problem, never a 500, storing nothing. The ceremonies themselves are
 * {@code web.PasskeyBrowserIT}'s, with a real authenticator.
 */
class PasskeysIT extends IntegrationTest {

    private static final Pattern DATA_CSRF = Pattern.compile("data-csrf=\"([^\"]+)\"");

    private static String dataCsrf(String html) {
        Matcher m = DATA_CSRF.matcher(html);
        assertThat(m.find()).as("a data-csrf attribute in the page").isTrue();
        return m.group(1);
    }

    private TestClient.Response postJson(BrowserSession session, String path, String csrf, String json) {
        String base = client().base();
        return session.send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(json)), Map.of("Content-Type", "application/json",
                "Accept", "application/json", "X-CSRF-TOKEN", csrf));
    }

    private String newUser(String role) {
        String username = TestClient.unique(role.toLowerCase()).toLowerCase();
        assertThat(client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of(role))).status()).isEqualTo(201);
        return username;
    }

    private long credentialsOf(String username) {
        return jdbc.sql("""
                select count(*) from user_credentials c join user_entities e on e.id = c.user_entity_user_id
                where e.name = ?""").param(username).query(Long.class).single();
    }

    @Test
    void registrationOptionsOnlyForSomeoneFullySignedInAndTheyDemandUserVerification() {
        String username = newUser("OPERATOR");

        // Anonymous: sent to the login page, nothing created for anyone.
        BrowserSession anonymous = new BrowserSession(client());
        String csrf = anonymous.csrfToken();
        TestClient.Response refused = postJson(anonymous, "/webauthn/register/options", csrf, "");
        assertThat(refused.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(refused)).isEqualTo("/login");

        // Signed in: options for this person, on this server, asking for user verification and a resident key.
        BrowserSession session = new BrowserSession(client());
        session.login(username, TestClient.PASSWORD);
        String page = session.get("/me/passkeys").text();
        TestClient.Response options = postJson(session, "/webauthn/register/options", dataCsrf(page), "");
        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        JsonNode json = options.json();
        assertThat(json.get("rp").get("id").asString()).isEqualTo("localhost");
        assertThat(json.get("user").get("name").asString()).isEqualTo(username);
        assertThat(json.get("authenticatorSelection").get("userVerification").asString()).isEqualTo("required");
        assertThat(json.get("authenticatorSelection").get("residentKey").asString()).isEqualTo("required");
        assertThat(json.get("challenge").asString()).matches("[A-Za-z0-9_-]{22,}");

        // A malformed answer and a forged one: 400 problems, nothing stored.
        TestClient.Response malformed = postJson(session, "/webauthn/register", dataCsrf(page), "{not json");
        assertThat(malformed.status()).isEqualTo(400);
        postJson(session, "/webauthn/register/options", dataCsrf(page), "");
        TestClient.Response forged = postJson(session, "/webauthn/register", dataCsrf(page), """
                {"publicKey": {"label": "Forged", "credential": {"id": "AAAA", "rawId": "AAAA", "type": "public-key",
                 "response": {"attestationObject": "o2NmbXRkbm9uZQ", "clientDataJSON": "e30", "transports": []},
                 "clientExtensionResults": {}, "authenticatorAttachment": "platform"}}}""");
        assertThat(forged.status()).as(forged.toString()).isEqualTo(400);
        assertThat(forged.header("Content-Type")).startsWith("application/problem+json");
        assertThat(forged.json().get("detail").asString()).contains("could not be verified");
        assertThat(credentialsOf(username)).isZero();
    }

    @Test
    void halfwayThroughAPasswordSignInNoPasskeyCanBeAdded() {
        String username = newUser("AUDITOR");
        new BrowserSession(client()).login(username, TestClient.PASSWORD); // enrols the authenticator app

        BrowserSession pending = new BrowserSession(client());
        TestClient.Response password = pending.loginWithPassword(username, TestClient.PASSWORD);
        assertThat(BrowserSession.redirectPath(password)).isEqualTo("/login/code");
        String csrf = dataCsrfOrForm(pending.get("/login/code").text());
        TestClient.Response refused = postJson(pending, "/webauthn/register/options", csrf, "");
        assertThat(refused.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(refused)).isEqualTo("/login/code");
        assertThat(jdbc.sql("select count(*) from user_entities where name = ?").param(username)
                .query(Long.class).single()).as("no WebAuthn user handle was even made").isZero();

        // Sign-in options are open to this half-signed-in person, but list only their own passkeys (none).
        TestClient.Response signInOptions = postJson(pending, "/webauthn/authenticate/options", csrf, "");
        assertThat(signInOptions.status()).isEqualTo(200);
        assertThat(signInOptions.json().get("userVerification").asString()).isEqualTo("required");
        assertThat(signInOptions.json().get("allowCredentials")).isEmpty();
    }

    private static String dataCsrfOrForm(String html) {
        return DATA_CSRF.matcher(html).find() ? dataCsrf(html) : BrowserSession.csrfTokenIn(html);
    }

    @Test
    void aForgedOrMalformedSignInIsA401ProblemAndSignsNobodyIn() {
        BrowserSession anonymous = new BrowserSession(client());
        String csrf = anonymous.csrfToken();

        TestClient.Response noOptions = postJson(anonymous, "/login/webauthn", csrf, "{}");
        assertThat(noOptions.status()).isEqualTo(401);
        assertThat(noOptions.header("Content-Type")).startsWith("application/problem+json");

        TestClient.Response options = postJson(anonymous, "/webauthn/authenticate/options", csrf, "");
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.json().get("rpId").asString()).isEqualTo("localhost");
        TestClient.Response forged = postJson(anonymous, "/login/webauthn", csrf, """
                {"id": "AAAA", "rawId": "AAAA", "type": "public-key",
                 "response": {"authenticatorData": "AAAA", "clientDataJSON": "e30", "signature": "AAAA"},
                 "clientExtensionResults": {}, "authenticatorAttachment": "platform"}""");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().get("detail").asString()).isEqualTo("the passkey was not accepted");

        TestClient.Response malformed = postJson(anonymous, "/login/webauthn", csrf, "[[[");
        assertThat(malformed.status()).isEqualTo(401);

        TestClient.Response home = anonymous.get("/");
        assertThat(home.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(home)).isEqualTo("/login");
    }

    @Test
    void theApiListsAndRemovesOnlyTheCallersPasskeysAndAnAdminResetRemovesThemAll() {
        String username = newUser("AUDITOR");
        String token = client().login(username, TestClient.PASSWORD);
        String other = newUser("OPERATOR");
        assertThat(client().get("/api/v1/me/passkeys", token).json()).isEmpty();

        // Stored as Spring's registration stores them (the ceremony itself is the browser test's).
        String mine = store(username, "Laptop");
        String mySecond = store(username, "Phone");
        String theirs = store(other, "Theirs");

        JsonNode listed = client().get("/api/v1/me/passkeys", token).json();
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).get("label").asString()).isEqualTo("Laptop");
        assertThat(listed.get(0).get("lastUsedAt").isNull()).as("never used yet").isTrue();

        TestClient.Response notMine = client().delete("/api/v1/me/passkeys/" + theirs, token);
        assertThat(notMine.status()).isEqualTo(404);
        assertThat(credentialsOf(other)).isEqualTo(1);
        assertThat(client().delete("/api/v1/me/passkeys/" + mine, token).status()).isEqualTo(204);
        assertThat(client().get("/api/v1/me/passkeys", token).json()).hasSize(1);
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'passkey.remove' and target = ? and details ->> 'label' = 'Laptop'""")
                .param("user:" + username).query(Long.class).single()).isEqualTo(1);

        // An admin's second-factor reset takes the passkeys too.
        long id = jdbc.sql("select id from app_user where username = ?").param(username).query(Long.class).single();
        assertThat(client().delete("/api/v1/users/" + id + "/totp", admin().token()).status()).isEqualTo(204);
        assertThat(credentialsOf(username)).isZero();
        assertThat(jdbc.sql("select count(*) from user_credentials where credential_id = ?").param(mySecond)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                select (details ->> 'passkeysRemoved')::int from audit_event where action = 'user.mfa-reset' and target = ?
                order by id desc limit 1""").param("user:" + username).query(Integer.class).single()).isEqualTo(1);
        assertThat(credentialsOf(other)).isEqualTo(1);
    }

    /** A credential row as Spring's JdbcUserCredentialRepository writes it; answers its id. */
    private String store(String username, String label) {
        String handle = TestClient.unique("h").replaceAll("[^A-Za-z0-9]", "");
        jdbc.sql("insert into user_entities (id, name, display_name) values (?, ?, ?) on conflict (name) do nothing")
                .params(handle, username, username).update();
        String userHandle = jdbc.sql("select id from user_entities where name = ?").param(username).query(String.class).single();
        String id = TestClient.unique("cred").replaceAll("[^A-Za-z0-9]", "");
        jdbc.sql("""
                insert into user_credentials (credential_id, user_entity_user_id, public_key, signature_count,
                    uv_initialized, backup_eligible, public_key_credential_type, backup_state, created, last_used, label)
                values (?, ?, '\\x00'::bytea, 0, true, false, 'public-key', false, now(), now(), ?)""")
                .params(id, userHandle, label).update();
        return id;
    }
}
