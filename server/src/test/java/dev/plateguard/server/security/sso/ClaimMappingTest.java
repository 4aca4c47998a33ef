package dev.plateguard.server.security.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.identity.Role;

/** The claim mapping on its own: every shape of claim a provider sends, and every refusal. */
class ClaimMappingTest {

    private static SsoSettings settings(String rolesClaim, boolean scopeRequired, List<String> acr, List<String> amr) {
        return new SsoSettings(true, "https://sso.example.uz/realms/police", "plateguard", "secret",
                List.of("openid", "profile"), "Police SSO", "preferred_username", rolesClaim,
                Map.of("pg-operator", Role.OPERATOR, "pg-admin", Role.ADMIN, "/police/supervisors", Role.SUPERVISOR,
                        "https://example.uz/roles/auditor", Role.AUDITOR),
                "plateguard_regions", "plateguard_sites", "*", scopeRequired, acr, amr, SsoSettings.LocalAccounts.ENABLED,
                null, false);
    }

    private static Map<String, Object> claims(Object... pairs) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "f1c2d3");
        claims.put("preferred_username", "Olga.K");
        for (int i = 0; i < pairs.length; i += 2) {
            claims.put((String) pairs[i], pairs[i + 1]);
        }
        return claims;
    }

    private static SsoRefusal.Reason refusal(ClaimMapping mapping, Map<String, Object> claims) {
        try {
            mapping.map(claims, claims);
        } catch (SsoRefusal r) {
            return r.reason;
        }
        throw new AssertionError("not refused: " + claims);
    }

    @Test
    void rolesComeFromATopLevelClaimAKeycloakPathOrAClaimNamedLikeAUrl() {
        ClaimMapping top = new ClaimMapping(settings("roles", true, List.of(), List.of()));
        var mapped = top.map(claims("roles", List.of("pg-operator", "offline_access"), "plateguard_regions", List.of("Toshkent")),
                Map.of());
        assertThat(mapped.username()).isEqualTo("olga.k");
        assertThat(mapped.roles()).containsExactly(Role.OPERATOR);
        assertThat(mapped.regions()).containsExactly("Toshkent");
        assertThat(mapped.sites()).isEmpty();

        ClaimMapping realm = new ClaimMapping(settings("realm_access.roles", true, List.of(), List.of()));
        assertThat(realm.map(claims("realm_access", Map.of("roles", List.of("pg-admin")), "plateguard_regions", "*"), Map.of())
                .roles()).containsExactly(Role.ADMIN);
        ClaimMapping client = new ClaimMapping(settings("resource_access.plateguard.roles", true, List.of(), List.of()));
        assertThat(client.map(claims("resource_access", Map.of("plateguard", Map.of("roles", List.of("pg-operator"))),
                "plateguard_sites", List.of(7, "8")), Map.of()).sites()).containsExactly(7L, 8L);
        // Groups with paths, and a claim whose own name has dots (it is looked up whole first).
        ClaimMapping groups = new ClaimMapping(settings("https://example.uz/roles", true, List.of(), List.of()));
        assertThat(groups.map(claims("https://example.uz/roles", List.of("/police/supervisors",
                "https://example.uz/roles/auditor"), "plateguard_regions", "*"), Map.of()).roles())
                .containsExactlyInAnyOrder(Role.SUPERVISOR, Role.AUDITOR);
        // One string is one value.
        assertThat(top.map(claims("roles", "pg-operator", "plateguard_regions", "*"), Map.of()).roles())
                .containsExactly(Role.OPERATOR);
    }

    @Test
    void whatCannotBeMappedIsRefusedNeverGuessed() {
        ClaimMapping mapping = new ClaimMapping(settings("roles", true, List.of(), List.of()));
        assertThat(refusal(mapping, claims("plateguard_regions", "*"))).isEqualTo(SsoRefusal.Reason.NO_ROLE);
        assertThat(refusal(mapping, claims("roles", List.of(), "plateguard_regions", "*"))).isEqualTo(SsoRefusal.Reason.NO_ROLE);
        assertThat(refusal(mapping, claims("roles", List.of("PG-OPERATOR"), "plateguard_regions", "*")))
                .as("names are exact").isEqualTo(SsoRefusal.Reason.NO_ROLE);
        assertThat(refusal(mapping, claims("roles", Map.of("pg-operator", true), "plateguard_regions", "*")))
                .isEqualTo(SsoRefusal.Reason.NO_ROLE);
        assertThat(refusal(mapping, claims("roles", List.of(Map.of("name", "pg-operator")), "plateguard_regions", "*")))
                .isEqualTo(SsoRefusal.Reason.NO_ROLE);
        assertThat(refusal(mapping, claims("roles", List.of("pg-admin", "pg-operator"), "plateguard_regions", "*")))
                .isEqualTo(SsoRefusal.Reason.BAD_ROLES);
        // Scope: missing, empty, malformed, the country mixed with a region, too large.
        assertThat(refusal(mapping, claims("roles", "pg-operator"))).isEqualTo(SsoRefusal.Reason.NO_SCOPE);
        assertThat(refusal(mapping, claims("roles", "pg-operator", "plateguard_regions", List.of(), "plateguard_sites", List.of())))
                .as("an empty claim is no claim, never the whole country").isEqualTo(SsoRefusal.Reason.NO_SCOPE);
        assertThat(refusal(mapping, claims("roles", "pg-operator", "plateguard_sites", List.of("seven"))))
                .isEqualTo(SsoRefusal.Reason.BAD_SCOPE);
        assertThat(refusal(mapping, claims("roles", "pg-operator", "plateguard_sites", List.of(-3))))
                .isEqualTo(SsoRefusal.Reason.BAD_SCOPE);
        assertThat(refusal(mapping, claims("roles", "pg-operator", "plateguard_regions", List.of("*", "Toshkent"))))
                .isEqualTo(SsoRefusal.Reason.BAD_SCOPE);
        assertThat(refusal(mapping, claims("roles", "pg-operator", "plateguard_regions", "*", "plateguard_sites", List.of(1))))
                .isEqualTo(SsoRefusal.Reason.BAD_SCOPE);
        assertThat(refusal(mapping, claims("roles", "pg-operator", "plateguard_regions", Map.of("a", "b"))))
                .isEqualTo(SsoRefusal.Reason.BAD_SCOPE);
        assertThat(refusal(mapping, claims("roles", "pg-operator", "plateguard_sites",
                java.util.stream.LongStream.rangeClosed(1, 1001).boxed().toList()))).isEqualTo(SsoRefusal.Reason.BAD_SCOPE);
        // Username: missing, unusable, not a string.
        Map<String, Object> noUsername = claims("roles", "pg-operator", "plateguard_regions", "*");
        noUsername.remove("preferred_username");
        assertThat(refusal(mapping, noUsername)).isEqualTo(SsoRefusal.Reason.BAD_USERNAME);
        assertThat(refusal(mapping, claims("preferred_username", "olga@police.uz", "roles", "pg-operator", "plateguard_regions", "*")))
                .isEqualTo(SsoRefusal.Reason.BAD_USERNAME);
        assertThat(refusal(mapping, claims("preferred_username", 42, "roles", "pg-operator", "plateguard_regions", "*")))
                .isEqualTo(SsoRefusal.Reason.BAD_USERNAME);
    }

    @Test
    void withoutARequiredScopeAMissingScopeIsTheWholeCountry() {
        ClaimMapping mapping = new ClaimMapping(settings("roles", false, List.of(), List.of()));
        var mapped = mapping.map(claims("roles", "pg-operator"), Map.of());
        assertThat(mapped.regions()).isEmpty();
        assertThat(mapped.sites()).isEmpty();
    }

    @Test
    void theSecondFactorIsCheckedInTheIdTokenItself() {
        Map<String, Object> ok = claims("roles", "pg-operator", "plateguard_regions", "*");
        ClaimMapping acr = new ClaimMapping(settings("roles", true, List.of("gold", "silver"), List.of()));
        assertThat(acr.map(ok, Map.of("acr", "gold")).roles()).containsExactly(Role.OPERATOR);
        assertThatThrownBy(() -> acr.map(ok, Map.of("acr", "bronze"))).isInstanceOf(SsoRefusal.class)
                .satisfies(e -> assertThat(((SsoRefusal) e).reason).isEqualTo(SsoRefusal.Reason.SECOND_FACTOR));
        // acr in the user info but not in the ID token does not count.
        Map<String, Object> fromUserInfo = new LinkedHashMap<>(ok);
        fromUserInfo.put("acr", "gold");
        assertThatThrownBy(() -> acr.map(fromUserInfo, Map.of())).isInstanceOf(SsoRefusal.class);

        ClaimMapping amr = new ClaimMapping(settings("roles", true, List.of(), List.of("otp", "hwk")));
        assertThat(amr.map(ok, Map.of("amr", List.of("pwd", "hwk"))).roles()).containsExactly(Role.OPERATOR);
        assertThatThrownBy(() -> amr.map(ok, Map.of("amr", List.of("pwd")))).isInstanceOf(SsoRefusal.class);
        assertThatThrownBy(() -> amr.map(ok, Map.of())).isInstanceOf(SsoRefusal.class);
        // Refused before anything else is looked at.
        assertThatThrownBy(() -> amr.map(claims(), Map.of())).isInstanceOf(SsoRefusal.class)
                .satisfies(e -> assertThat(((SsoRefusal) e).reason).isEqualTo(SsoRefusal.Reason.SECOND_FACTOR));
    }

    @Test
    void theAuditNamesThePersonAsTheProviderDoes() {
        ClaimMapping mapping = new ClaimMapping(settings("roles", true, List.of(), List.of()));
        assertThat(mapping.actor(claims())).isEqualTo("olga.k");
        Map<String, Object> anonymous = claims();
        anonymous.remove("preferred_username");
        assertThat(mapping.actor(anonymous)).isEqualTo("sub:f1c2d3");
        assertThat(ClaimMapping.bounded(List.of("x".repeat(500)))).singleElement().asString().hasSize(101);
        assertThat(Set.of(SsoRefusal.Reason.values())).allSatisfy(r -> assertThat(SsoRefusal.Reason.isCode(r.code)).isTrue());
    }
}
