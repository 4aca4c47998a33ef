package dev.plateguard.server.security.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.identity.Role;

/** A configuration that would let nobody in, or anybody, is refused at startup. */
class SsoSettingsTest {

    private static SsoSettings settings(boolean enabled, String issuer, Map<String, Role> mapping,
                                        SsoSettings.LocalAccounts local, String breakGlass) {
        return new SsoSettings(enabled, issuer, "plateguard", " ", List.of("profile"), "Police SSO", "preferred_username",
                "roles", mapping, "plateguard_regions", "plateguard_sites", "*", true, List.of(" ", "gold"), null, local,
                breakGlass, false);
    }

    @Test
    void offItNeedsNothing() {
        SsoSettings off = settings(false, null, null, SsoSettings.LocalAccounts.ENABLED, null);
        assertThat(off.enabled()).isFalse();
        assertThat(off.roleMapping()).isEmpty();
    }

    @Test
    void onItNeedsAnHttpsIssuerAClientAndARoleMapping() {
        Map<String, Role> mapping = Map.of("pg-operator", Role.OPERATOR);
        SsoSettings ok = settings(true, "https://sso.example.uz/realms/police", mapping, SsoSettings.LocalAccounts.BREAK_GLASS,
                " Admin ");
        assertThat(ok.scopes()).containsExactly("openid", "profile");
        assertThat(ok.clientSecret()).as("blank: a public client").isNull();
        assertThat(ok.requiredAcr()).containsExactly("gold");
        assertThat(ok.requiredAmr()).isEmpty();
        assertThat(ok.breakGlassUser()).isEqualTo("admin");
        assertThat(ok.issuerOrigin()).isEqualTo("https://sso.example.uz");
        assertThat(settings(true, "http://127.0.0.1:8081/realms/x", mapping, SsoSettings.LocalAccounts.ENABLED, null)
                .issuerOrigin()).isEqualTo("http://127.0.0.1:8081");

        assertThatThrownBy(() -> settings(true, null, mapping, SsoSettings.LocalAccounts.ENABLED, null))
                .hasMessageContaining("issuer-uri is required");
        assertThatThrownBy(() -> settings(true, "http://sso.example.uz/realms/police", mapping, SsoSettings.LocalAccounts.ENABLED,
                null)).hasMessageContaining("must be https");
        assertThatThrownBy(() -> settings(true, "https://me:pw@sso.example.uz/realms/police", mapping,
                SsoSettings.LocalAccounts.ENABLED, null)).hasMessageContaining("no user, query or fragment");
        assertThatThrownBy(() -> settings(true, "https://sso.example.uz", Map.of(), SsoSettings.LocalAccounts.ENABLED, null))
                .hasMessageContaining("role-mapping is empty");
    }

    @Test
    void breakGlassNeedsSingleSignOnAndAnAdministrator() {
        assertThatThrownBy(() -> settings(false, null, null, SsoSettings.LocalAccounts.BREAK_GLASS, "admin"))
                .hasMessageContaining("needs plateguard.sso.enabled=true");
        assertThatThrownBy(() -> settings(true, "https://sso.example.uz", Map.of("a", Role.ADMIN),
                SsoSettings.LocalAccounts.BREAK_GLASS, " ")).hasMessageContaining("break-glass-user");
    }
}
