package dev.plateguard.server.security.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.users.ExternalAccounts;

/**
 * Who may use a password with single sign-on on, against the real accounts table (the shared context; the policy
 * object is built here with each setting): local accounts alongside the provider (local-accounts=enabled), and
 * break-glass only. SsoLoginIT shows the same through the login page and the token endpoint.
 */
class LocalAccountPolicyIT extends IntegrationTest {

    @Autowired
    ExternalAccounts accounts;

    private static SsoSettings settings(SsoSettings.LocalAccounts local, String breakGlass) {
        return new SsoSettings(true, "https://sso.example.uz/realms/police", "plateguard", "s", List.of(), "Police SSO",
                "preferred_username", "roles", Map.of("pg", Role.OPERATOR), "plateguard_regions", "plateguard_sites", "*",
                true, List.of(), List.of(), local, breakGlass, false);
    }

    @Test
    void providerAccountsNeverUseAPasswordAndBreakGlassLeavesOneLocalAccount() {
        String local = TestClient.unique("local").toLowerCase();
        assertThat(client().createUser(admin(), Map.of("username", local, "password", TestClient.PASSWORD,
                "roles", List.of("ADMIN"))).status()).isEqualTo(201);
        String external = TestClient.unique("ext").toLowerCase();
        accounts.signIn(new ExternalAccounts.ExternalIdentity("https://sso.example.uz/realms/police", "s-" + external),
                external, EnumSet.of(Role.OPERATOR), Scope.COUNTRY, null);

        LocalAccountPolicy alongside = new LocalAccountPolicy(settings(SsoSettings.LocalAccounts.ENABLED, null), accounts);
        assertThat(alongside.refusal(local)).isEmpty();
        assertThat(alongside.refusal("admin")).isEmpty();
        assertThat(alongside.refusal(external)).get().asString().contains("single sign-on account");

        LocalAccountPolicy breakGlass = new LocalAccountPolicy(settings(SsoSettings.LocalAccounts.BREAK_GLASS, "Admin"), accounts);
        assertThat(breakGlass.refusal("admin")).isEmpty();
        assertThat(breakGlass.refusal(local)).get().asString().contains("local accounts off");
        assertThat(breakGlass.refusal(external)).isPresent();
        assertThat(breakGlass.refusal("nobody-at-all")).isPresent();
    }
}
