package dev.plateguard.server.security.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;

/**
 * Single sign-on end to end over real HTTP: PlateGuard's login button, the provider's real authorization-code flow
 * with PKCE and form login, the ID token's validation, the claim mapping, just-in-time accounts, the audit, logout at
 * both ends, and password sign-in with local accounts switched off.
 */
class SsoLoginIT extends SsoTestBase {

    private static final String PASSWORD = "provider password 1";

    /** Keycloak's shape: realm roles nested under realm_access; the scope as user attributes; amr from the flow. */
    static Map<String, Object> claims(List<String> roles, List<String> regions, List<Long> sites, List<String> amr) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (roles != null) {
            claims.put("realm_access", Map.of("roles", roles));
        }
        if (regions != null) {
            claims.put("plateguard_regions", regions);
        }
        if (sites != null) {
            claims.put("plateguard_sites", sites);
        }
        if (amr != null) {
            claims.put("amr", amr);
        }
        return claims;
    }

    private String person(Map<String, Object> claims) {
        String username = TestClient.unique("sso").toLowerCase();
        PROVIDER.person(username, PASSWORD, claims);
        return username;
    }

    private Map<String, Object> account(String username) {
        return jdbc.sql("""
                select id, array_to_string(roles, ',') as roles, array_to_string(scope_regions, ',') as regions,
                       array_to_string(scope_sites, ',') as sites, external_issuer, external_subject, disabled, security_stamp
                from app_user where username = ?""").param(username).query().singleRow();
    }

    private boolean exists(String username) {
        return jdbc.sql("select count(*) from app_user where username = ?").param(username).query(Long.class).single() > 0;
    }

    private Map<String, Object> lastAudit(String actor, String action) {
        return jdbc.sql("""
                select actor_type, outcome, target, details::text as details from audit_event
                where actor = ? and action = ? order by id desc limit 1""").params(actor, action).query().singleRow();
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
    }

    @Test
    void theLoginPageOffersTheProviderAndReservesPasswordsForTheBreakGlassAdministrator() {
        OidcBrowser browser = new OidcBrowser();
        OidcBrowser.Page login = browser.get(base() + "/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("Sign in with " + DISPLAY_NAME).contains("href=\"/oauth2/authorization/sso\"")
                .contains("reserved for the emergency (break-glass) administrator");
        // The provider may be a form's target: logout is a form whose answer redirects to it.
        assertThat(login.header("Content-Security-Policy")).endsWith("form-action 'self' " + PROVIDER.issuer());
        // In Russian too.
        assertThat(browser.get(base() + "/login?lang=ru").body()).contains("Войти через " + DISPLAY_NAME);
    }

    @Test
    void aPersonSignsInWithPkceIsCreatedWithMappedRolesAndScopeAndLandsOnTheDashboard() {
        Object[] site = site();
        String username = person(claims(List.of("pg-operator", "offline_access", "default-roles-police"),
                List.of((String) site[0]), null, List.of("pwd", "otp")));
        OidcBrowser browser = new OidcBrowser();

        OidcBrowser.Page start = browser.get(base() + "/oauth2/authorization/sso");
        assertThat(start.status()).isEqualTo(302);
        URI authorize = start.location();
        assertThat(authorize.toString()).startsWith(PROVIDER.issuer() + "/oauth2/authorize?");
        Map<String, String> params = query(authorize);
        assertThat(params).containsEntry("response_type", "code").containsEntry("client_id", TestIdentityProvider.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256").containsEntry("redirect_uri", base() + "/login/oauth2/code/sso")
                .containsKeys("code_challenge", "state", "nonce");
        assertThat(params.get("scope").split(" ")).contains("openid", "profile", "email");

        OidcBrowser.Page providerLogin = browser.follow(start);
        assertThat(providerLogin.uri().toString()).isEqualTo(PROVIDER.issuer() + "/login");
        OidcBrowser.Page landed = browser.signInAtProvider(providerLogin, username, PASSWORD);
        assertThat(landed.uri().toString()).isEqualTo(base() + "/");
        assertThat(landed.status()).isEqualTo(200);
        assertThat(landed.body()).contains(username);
        // The way back: the provider's code to PlateGuard's redirect URI, which sets a new session and goes home.
        OidcBrowser.Page callback = browser.history.stream()
                .filter(p -> p.uri().getPath().equals("/login/oauth2/code/sso")).findFirst().orElseThrow();
        assertThat(callback.status()).isEqualTo(302);
        assertThat(callback.location().toString()).isEqualTo(base() + "/");
        assertThat(callback.setCookies()).anySatisfy(c -> assertThat(c).startsWith(BrowserSession.COOKIE_NAME + "=")
                .contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));

        Map<String, Object> account = account(username);
        assertThat(account.get("roles")).isEqualTo("OPERATOR");
        assertThat(account.get("regions")).isEqualTo(site[0]);
        assertThat(account.get("sites")).isEqualTo("");
        assertThat(account.get("external_issuer")).isEqualTo(PROVIDER.issuer());
        assertThat(account.get("external_subject")).isEqualTo(username);
        // What an operator may open, and what not.
        assertThat(browser.get(base() + "/reads/live").status()).isEqualTo(200);
        assertThat(browser.get(base() + "/admin/users").status()).isEqualTo(403);

        Map<String, Object> created = lastAudit("plateguard", "user.create");
        assertThat(created.get("target")).isEqualTo("user:" + username);
        assertThat((String) created.get("details")).contains("\"source\": \"sso\"").contains("OPERATOR");
        Map<String, Object> login = lastAudit(username, "login");
        assertThat(login).containsEntry("actor_type", "user").containsEntry("outcome", "success").containsEntry("target", "sso");
        assertThat((String) login.get("details")).contains("\"created\": true").contains("otp").contains(PROVIDER.issuer());
    }

    @Test
    void rolesAndScopeAreTheProvidersAtEverySignInAndAChangeEndsOlderSessions() {
        Object[] first = site();
        Object[] second = site();
        String username = person(claims(List.of("pg-operator"), List.of((String) first[0]), null, List.of("otp")));
        OidcBrowser earlier = new OidcBrowser();
        assertThat(signIn(earlier, username, PASSWORD).uri().getPath()).isEqualTo("/");
        long stamp = (Long) account(username).get("security_stamp");

        // The same again: nothing changes, the earlier session lives on.
        OidcBrowser again = new OidcBrowser();
        assertThat(signIn(again, username, PASSWORD).uri().getPath()).isEqualTo("/");
        assertThat(account(username).get("security_stamp")).isEqualTo(stamp);
        assertThat(earlier.get(base() + "/").status()).isEqualTo(200);

        // The provider moves the person: supervisor (and investigator, through a group path), one site elsewhere.
        PROVIDER.claims(username, claims(List.of("pg-supervisor", "/police/investigators"), null,
                List.of((Long) second[1]), List.of("hwk")));
        OidcBrowser later = new OidcBrowser();
        assertThat(signIn(later, username, PASSWORD).uri().getPath()).isEqualTo("/");
        Map<String, Object> account = account(username);
        assertThat(account.get("roles")).isEqualTo("INVESTIGATOR,SUPERVISOR");
        assertThat(account.get("regions")).isEqualTo("");
        assertThat(account.get("sites")).isEqualTo(String.valueOf(second[1]));
        assertThat((Long) account.get("security_stamp")).isGreaterThan(stamp);
        // Sessions from before the change are over; the new one works.
        OidcBrowser.Page old = earlier.get(base() + "/");
        assertThat(old.status()).isEqualTo(302);
        assertThat(old.location().getPath()).isEqualTo("/login");
        assertThat(later.get(base() + "/").status()).isEqualTo(200);
        Map<String, Object> update = lastAudit("plateguard", "user.update");
        assertThat(update.get("target")).isEqualTo("user:" + username);
        assertThat((String) update.get("details")).contains("previousRoles").contains("SUPERVISOR");
    }

    @Test
    void missingOrUnknownClaimsAreRefusedWithAReasonOnTheLoginPageAndInTheAudit() {
        Object[] site = site();
        List<String> region = List.of((String) site[0]);
        record Case(String name, Map<String, Object> claims, String code, String message) {
        }
        Map<String, Object> badUsername = claims(List.of("pg-operator"), region, null, List.of("otp"));
        badUsername.put("preferred_username", "Not A Username!");
        List<Case> cases = List.of(
                new Case("no roles claim", claims(null, region, null, List.of("otp")), "no-role", "has no PlateGuard role"),
                new Case("only unknown roles", claims(List.of("offline_access", "pg-janitor"), region, null, List.of("otp")),
                        "no-role", "has no PlateGuard role"),
                new Case("ADMIN with another role", claims(List.of("pg-admin", "pg-operator"), region, null, List.of("otp")),
                        "bad-roles", "combination of roles"),
                new Case("no scope claim", claims(List.of("pg-operator"), null, null, List.of("otp")), "no-scope",
                        "names no region or site"),
                new Case("unknown region", claims(List.of("pg-operator"), List.of("Atlantis"), null, List.of("otp")),
                        "bad-scope", "PlateGuard does not know"),
                new Case("unknown site", claims(List.of("pg-operator"), null, List.of(987654321L), List.of("otp")),
                        "bad-scope", "PlateGuard does not know"),
                new Case("country mixed with a region", claims(List.of("pg-operator"), List.of("*", (String) site[0]), null,
                        List.of("otp")), "bad-scope", "PlateGuard does not know"),
                new Case("no second factor", claims(List.of("pg-operator"), region, null, List.of("pwd")), "second-factor",
                        "required second factor"),
                new Case("no amr at all", claims(List.of("pg-operator"), region, null, null), "second-factor",
                        "required second factor"),
                new Case("unusable username", badUsername, "username", "no usable username"));
        for (Case c : cases) {
            String username = person(c.claims());
            OidcBrowser browser = new OidcBrowser();
            OidcBrowser.Page page = signIn(browser, username, PASSWORD);
            assertThat(page.uri().toString()).as(c.name()).isEqualTo(base() + "/login?sso=" + c.code());
            assertThat(page.status()).as(c.name()).isEqualTo(200);
            assertThat(page.body()).as(c.name()).contains(c.message());
            assertThat(exists(username)).as(c.name() + ": no account").isFalse();
            assertThat(browser.get(base() + "/").status()).as(c.name() + ": no session").isEqualTo(302);
            String actor = c.code().equals("username") ? "not a username!" : username;
            Map<String, Object> audit = lastAudit(actor, "login");
            assertThat(audit).as(c.name()).containsEntry("outcome", "denied").containsEntry("target", "sso")
                    .containsEntry("actor_type", "anonymous");
            assertThat((String) audit.get("details")).as(c.name()).contains("\"subject\": \"" + username + "\"");
        }
        // The whole country is a value of its own, and works alone.
        String national = person(claims(List.of("pg-supervisor"), List.of("*"), null, List.of("otp")));
        assertThat(signIn(new OidcBrowser(), national, PASSWORD).uri().getPath()).isEqualTo("/");
        assertThat(account(national).get("regions")).isEqualTo("");
        // An unknown reason in a crafted link shows nothing made up.
        assertThat(new OidcBrowser().get(base() + "/login?sso=%3Cscript%3E").body()).doesNotContain("<script>")
                .doesNotContain("??");
    }

    @Test
    void aPersonDisabledInPlateGuardCannotSignInThroughTheProviderAndLosesTheSession() {
        Object[] site = site();
        String username = person(claims(List.of("pg-operator"), List.of((String) site[0]), null, List.of("otp")));
        OidcBrowser browser = new OidcBrowser();
        assertThat(signIn(browser, username, PASSWORD).uri().getPath()).isEqualTo("/");
        long id = (Long) account(username).get("id");

        var disabled = client().patchJson("/api/v1/users/" + id, adminToken(), Map.of("disabled", true));
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(browser.get(base() + "/").status()).as("session ended").isEqualTo(302);

        OidcBrowser.Page refused = signIn(new OidcBrowser(), username, PASSWORD);
        assertThat(refused.uri().toString()).isEqualTo(base() + "/login?sso=disabled");
        assertThat(refused.body()).contains("Your PlateGuard account is disabled.");
        assertThat(lastAudit(username, "login")).containsEntry("outcome", "denied");
        assertThat(lastAudit(username, "login").get("details").toString()).contains("disabled");
        // Disabled here stays disabled: the sign-in changed nothing about the account.
        assertThat(account(username).get("disabled")).isEqualTo(true);

        // Disabled at the provider: the provider itself refuses, PlateGuard never gets a token.
        String other = person(claims(List.of("pg-operator"), List.of((String) site[0]), null, List.of("otp")));
        PROVIDER.disable(other);
        OidcBrowser elsewhere = new OidcBrowser();
        OidcBrowser.Page atProvider = signIn(elsewhere, other, PASSWORD);
        assertThat(atProvider.uri().getHost()).isEqualTo("localhost");
        assertThat(atProvider.uri().toString()).contains("/login?error");
        assertThat(elsewhere.history).noneMatch(p -> p.uri().getPath().equals("/login/oauth2/code/sso"));
        assertThat(exists(other)).isFalse();
    }

    @Test
    void logoutEndsTheSessionHereAndAtTheProvider() {
        Object[] site = site();
        String username = person(claims(List.of("pg-operator"), List.of((String) site[0]), null, List.of("otp")));
        OidcBrowser browser = new OidcBrowser();
        OidcBrowser.Page home = signIn(browser, username, PASSWORD);
        String csrf = BrowserSession.csrfTokenIn(home.body());

        OidcBrowser.Page logout = browser.postForm(base() + "/logout", Map.of("_csrf", csrf));
        assertThat(logout.status()).isEqualTo(302);
        URI endSession = logout.location();
        assertThat(endSession.toString()).startsWith(PROVIDER.issuer() + "/connect/logout?");
        assertThat(query(endSession)).containsKey("id_token_hint")
                .containsEntry("post_logout_redirect_uri", base() + "/login?logout");
        OidcBrowser.Page after = browser.follow(logout);
        assertThat(after.uri().toString()).isEqualTo(base() + "/login?logout");
        assertThat(after.body()).contains("You are signed out.");

        // PlateGuard's session is over.
        OidcBrowser.Page again = browser.get(base() + "/");
        assertThat(again.status()).isEqualTo(302);
        assertThat(again.location().getPath()).isEqualTo("/login");
        // So is the provider's: signing in again asks for the password.
        OidcBrowser.Page next = browser.follow(browser.get(base() + "/oauth2/authorization/sso"));
        assertThat(next.uri().toString()).isEqualTo(PROVIDER.issuer() + "/login");
    }

    @Test
    void anIdTokenOfAnotherIssuerOrForAnotherClientIsRefused() {
        Object[] site = site();
        for (Map.Entry<String, Object> forged : List.<Map.Entry<String, Object>>of(
                Map.entry("iss", "https://sso.attacker.example/realms/police"),
                Map.entry("aud", List.of("another-client")))) {
            Map<String, Object> claims = claims(List.of("pg-operator"), List.of((String) site[0]), null, List.of("otp"));
            claims.put(forged.getKey(), forged.getValue());
            String username = person(claims);
            OidcBrowser browser = new OidcBrowser();
            OidcBrowser.Page page = signIn(browser, username, PASSWORD);
            assertThat(page.uri().toString()).as(forged.getKey()).isEqualTo(base() + "/login?sso=token");
            assertThat(page.body()).contains("could not be verified");
            assertThat(exists(username)).as(forged.getKey()).isFalse();
            assertThat(browser.get(base() + "/").status()).isEqualTo(302);
            Map<String, Object> audit = jdbc.sql("""
                    select outcome, details::text as details from audit_event
                    where action = 'login' and target = 'sso' and details->>'error' = 'invalid_id_token' order by id desc limit 1""")
                    .query().singleRow();
            assertThat(audit.get("outcome")).isEqualTo("failure");
            assertThat((String) audit.get("details")).as(forged.getKey()).contains(forged.getKey());
        }
    }

    @Test
    void anAnswerNoSignInHereAskedForIsRefusedAndAnUnknownProviderIsNoError() {
        OidcBrowser browser = new OidcBrowser();
        OidcBrowser.Page forged = browser.get(base() + "/login/oauth2/code/sso?code=stolen&state=guessed");
        assertThat(forged.status()).isEqualTo(302);
        assertThat(forged.location().toString()).isEqualTo(base() + "/login?sso=expired");
        assertThat(browser.follow(forged).body()).contains("was not started here");
        OidcBrowser.Page unknown = browser.get(base() + "/oauth2/authorization/elsewhere");
        assertThat(unknown.status()).isEqualTo(302);
        assertThat(unknown.location().toString()).isEqualTo(base() + "/login?sso=unavailable");
        // The provider's refusal of its own (the person cancelled) comes back as such.
        OidcBrowser.Page start = browser.get(base() + "/oauth2/authorization/sso");
        String state = query(start.location()).get("state");
        OidcBrowser.Page cancelled = browser.get(base() + "/login/oauth2/code/sso?error=access_denied&state=" + state);
        assertThat(cancelled.location().toString()).isEqualTo(base() + "/login?sso=cancelled");
    }

    @Test
    void withLocalAccountsOffOnlyTheBreakGlassAdministratorSignsInWithAPassword() {
        // The break-glass administrator: token endpoint (adminToken) and login page both work.
        assertThat(adminToken()).startsWith("pgu_");
        BrowserSession admin = new BrowserSession(client());
        TestClient.Response adminLogin = admin.login(BREAK_GLASS, TestClient.PASSWORD);
        assertThat(adminLogin.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(adminLogin)).isEqualTo("/");
        assertThat(admin.get("/admin/users").status()).isEqualTo(200);

        // A local account the administrator creates cannot use its password, with the right password.
        String clerk = TestClient.unique("clerk").toLowerCase();
        var created = client().postJson("/api/v1/users", adminToken(),
                Map.of("username", clerk, "password", TestClient.PASSWORD, "roles", List.of("ADMIN")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var token = client().postJson("/api/v1/tokens", null, Map.of("username", clerk, "password", TestClient.PASSWORD));
        assertThat(token.status()).isEqualTo(401);
        assertThat(token.text()).doesNotContain("pgu_");
        TestClient.Response form = new BrowserSession(client()).login(clerk, TestClient.PASSWORD);
        assertThat(form.status()).isEqualTo(302);
        assertThat(form.header("Location")).endsWith("/login?error");
        Map<String, Object> audit = lastAudit(clerk, "login");
        assertThat(audit).containsEntry("outcome", "denied");
        assertThat((String) audit.get("details")).contains("local accounts off");

        // Nor may an account of the provider, even with a password an admin set.
        Object[] site = site();
        String username = person(claims(List.of("pg-admin"), List.of("*"), null, List.of("otp")));
        assertThat(signIn(new OidcBrowser(), username, PASSWORD).uri().getPath()).isEqualTo("/");
        long id = (Long) account(username).get("id");
        assertThat(client().patchJson("/api/v1/users/" + id, adminToken(), Map.of("password", "a brand new password 9"))
                .status()).isEqualTo(200);
        assertThat(client().postJson("/api/v1/tokens", null, Map.of("username", username, "password", "a brand new password 9"))
                .status()).isEqualTo(401);
        assertThat(site).isNotNull();

        // The break-glass username is a local account: the provider's person of that name is refused, not linked.
        PROVIDER.person(BREAK_GLASS, PASSWORD, claims(List.of("pg-admin"), List.of("*"), null, List.of("otp")));
        OidcBrowser.Page taken = signIn(new OidcBrowser(), BREAK_GLASS, PASSWORD);
        assertThat(taken.uri().toString()).isEqualTo(base() + "/login?sso=taken");
        assertThat(jdbc.sql("select count(*) from app_user where username = ? and external_subject is null")
                .param(BREAK_GLASS).query(Long.class).single()).isEqualTo(1);
    }
}
