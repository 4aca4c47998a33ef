package dev.plateguard.server.security.sso;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.users.ExternalAccounts;
import dev.plateguard.server.users.UserRepository;

/**
 * The last step of a sign-in through the provider, once Spring Security has exchanged the code (with PKCE) and
 * validated the ID token (signature, issuer, audience, expiry, nonce): reads the user info, maps the claims
 * ({@link ClaimMapping}), checks the scope against the sites that exist, and signs in the account, creating it at the
 * first sign-in and refreshing its roles and scope at every one ({@link ExternalAccounts}).
 */
final class SsoUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService delegate = new OidcUserService();
    private final SsoSettings settings;
    private final ClaimMapping mapping;
    private final UserRepository users;
    private final ExternalAccounts accounts;

    SsoUserService(SsoSettings settings, UserRepository users, ExternalAccounts accounts) {
        this.settings = settings;
        this.mapping = new ClaimMapping(settings);
        this.users = users;
        this.accounts = accounts;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = delegate.loadUser(request);
        Map<String, Object> claims = user.getClaims();
        Map<String, Object> idTokenClaims = user.getIdToken().getClaims();
        String issuer = user.getIdToken().getClaimAsString("iss");
        String subject = user.getSubject();
        if (users.count() == 0) {
            throw new SsoRefusal(SsoRefusal.Reason.NOT_SET_UP, mapping.actor(claims), "PlateGuard is not set up yet",
                    Map.of("subject", subject));
        }
        ClaimMapping.Mapped mapped = mapping.map(claims, idTokenClaims);
        Scope scope = existing(mapped, mapping.actor(claims), subject);
        String breakGlass = settings.breakGlassUser();
        ExternalAccounts.SignIn signIn = accounts.signIn(new ExternalAccounts.ExternalIdentity(issuer, subject),
                mapped.username(), mapped.roles(), scope, settings.linkLocalAccounts()
                        ? username -> !username.equals(breakGlass) : null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("issuer", issuer);
        details.put("subject", subject);
        return switch (signIn) {
            case ExternalAccounts.Admitted admitted -> {
                details.put("roles", admitted.principal().roles().stream().map(Enum::name).sorted().toList());
                details.put("scope", Map.of("regions", scope.regions(), "sites", scope.sites()));
                if (idTokenClaims.get("acr") != null) {
                    details.put("acr", idTokenClaims.get("acr").toString());
                }
                if (idTokenClaims.get("amr") != null) {
                    details.put("amr", ClaimMapping.bounded(ClaimMapping.strings(idTokenClaims.get("amr")).orElse(List.of())));
                }
                if (admitted.created()) {
                    details.put("created", true);
                }
                if (admitted.linked()) {
                    details.put("linked", true);
                }
                if (admitted.changed()) {
                    details.put("changed", true);
                }
                yield new SsoUser(user, admitted.principal(), details);
            }
            case ExternalAccounts.Disabled disabled -> throw new SsoRefusal(SsoRefusal.Reason.DISABLED,
                    disabled.username(), "account disabled in PlateGuard", details);
            case ExternalAccounts.UsernameTaken taken -> throw new SsoRefusal(SsoRefusal.Reason.USERNAME_TAKEN,
                    taken.username(), "username belongs to another account", details);
        };
    }

    /** The mapped scope, when every region and site in it exists; unknown ones are refused, never dropped. */
    private Scope existing(ClaimMapping.Mapped mapped, String actor, String subject) {
        Set<String> unknownRegions = new TreeSet<>(mapped.regions());
        if (!unknownRegions.isEmpty()) {
            unknownRegions.removeAll(users.knownRegions());
        }
        Set<Long> unknownSites = new TreeSet<>(mapped.sites());
        if (!unknownSites.isEmpty()) {
            unknownSites.removeAll(users.knownSites(mapped.sites()));
        }
        if (!unknownRegions.isEmpty() || !unknownSites.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("subject", subject);
            details.put("unknownRegions", ClaimMapping.bounded(List.copyOf(unknownRegions)));
            details.put("unknownSites", unknownSites.stream().limit(20).toList());
            throw new SsoRefusal(SsoRefusal.Reason.BAD_SCOPE, actor, "scope names regions or sites that do not exist",
                    details);
        }
        return new Scope(mapped.regions(), mapped.sites());
    }
}
