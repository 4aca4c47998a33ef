package dev.plateguard.server.security.sso;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.plateguard.server.identity.Role;

/**
 * Single sign-on through the organisation's OpenID Connect provider ({@code plateguard.sso.*}, docs/security.md).
 * Off by default; when off, nothing of it is active and these keys are only read.
 *
 * @param enabled           sign in through the identity provider (PLATEGUARD_SSO_ENABLED)
 * @param issuerUri         the provider's issuer, e.g. https://sso.example.uz/realms/police; its
 *                          /.well-known/openid-configuration is read at the first sign-in, and every ID token must
 *                          name exactly this issuer; https, or http to a loopback address only (PLATEGUARD_SSO_ISSUER_URI)
 * @param clientId          PlateGuard's client id at the provider; ID tokens must be addressed to it
 *                          (PLATEGUARD_SSO_CLIENT_ID)
 * @param clientSecret      the client secret (PLATEGUARD_SSO_CLIENT_SECRET); empty for a public client, which then
 *                          relies on PKCE alone (PKCE is used either way)
 * @param scopes            scopes asked for; openid is always added
 * @param displayName       the provider's name on the login page button: "Sign in with …"
 * @param usernameClaim     claim that names the PlateGuard username of an account created at first sign-in; its value
 *                          must be 3-64 characters of a-z, 0-9, '.', '_' or '-' (upper case is lowered)
 * @param rolesClaim        claim with the person's roles or groups at the provider; a dotted path reaches into an
 *                          object, e.g. realm_access.roles (Keycloak realm roles) or resource_access.plateguard.roles
 *                          (client roles); a list of strings or one string
 * @param roleMapping       provider role or group name to PlateGuard role (ADMIN, OPERATOR, SUPERVISOR, INVESTIGATOR,
 *                          AUDITOR, INTEGRATION), e.g. plateguard.sso.role-mapping.pg-operator=OPERATOR; a name with
 *                          '/' or '.' goes in brackets: role-mapping[/police/operators]=OPERATOR. Names not listed are
 *                          ignored; a person with none listed is refused
 * @param regionsClaim      claim with the regions (as in site.region) of the person's scope
 * @param sitesClaim        claim with the site ids of the person's scope
 * @param countryScopeValue the value of the regions claim that stands for the whole country
 * @param scopeRequired     refuse a person whose token has neither scope claim; when false, such a person sees the
 *                          whole country
 * @param requiredAcr       when not empty, the ID token's acr (authentication context class, e.g. the level of
 *                          authentication a Keycloak flow reached) must be one of these; they are also asked for
 *                          as acr_values
 * @param requiredAmr       when not empty, the ID token's amr (authentication methods, e.g. otp, hwk, mfa) must contain
 *                          at least one of these
 * @param localAccounts     "enabled": password sign-in stays open to local accounts (never to accounts of the
 *                          provider); "break-glass": only the break-glass administrator may sign in with a
 *                          password (PLATEGUARD_SSO_LOCAL_ACCOUNTS)
 * @param breakGlassUser    the one local account that keeps password sign-in with local-accounts=break-glass, for
 *                          when the provider is down (PLATEGUARD_SSO_BREAK_GLASS_USER)
 * @param linkLocalAccounts at a person's first sign-in, link an existing local account of the same username instead of
 *                          refusing (for moving an installation to single sign-on; only where the provider never lets
 *                          people choose their own username); never the break-glass account
 */
@ConfigurationProperties("plateguard.sso")
public record SsoSettings(
        @DefaultValue("false") boolean enabled,
        String issuerUri,
        String clientId,
        String clientSecret,
        @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
        @DefaultValue("single sign-on") String displayName,
        @DefaultValue("preferred_username") String usernameClaim,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue Map<String, Role> roleMapping,
        @DefaultValue("plateguard_regions") String regionsClaim,
        @DefaultValue("plateguard_sites") String sitesClaim,
        @DefaultValue("*") String countryScopeValue,
        @DefaultValue("true") boolean scopeRequired,
        @DefaultValue List<String> requiredAcr,
        @DefaultValue List<String> requiredAmr,
        @DefaultValue("enabled") LocalAccounts localAccounts,
        String breakGlassUser,
        @DefaultValue("false") boolean linkLocalAccounts) {

    /** The registration id: the login starts at /oauth2/authorization/sso, the provider answers /login/oauth2/code/sso. */
    public static final String REGISTRATION_ID = "sso";

    public enum LocalAccounts {
        /** Local accounts sign in with their passwords as before. */
        ENABLED,
        /** Only the break-glass administrator signs in with a password; everyone else through the provider. */
        BREAK_GLASS
    }

    public SsoSettings {
        scopes = scopes == null ? List.of() : scopes.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (!scopes.contains("openid")) {
            scopes = java.util.stream.Stream.concat(java.util.stream.Stream.of("openid"), scopes.stream()).toList();
        }
        roleMapping = roleMapping == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roleMapping));
        requiredAcr = clean(requiredAcr);
        requiredAmr = clean(requiredAmr);
        breakGlassUser = breakGlassUser == null || breakGlassUser.isBlank() ? null
                : breakGlassUser.strip().toLowerCase(Locale.ROOT);
        clientSecret = clientSecret == null || clientSecret.isBlank() ? null : clientSecret;
        if (localAccounts == LocalAccounts.BREAK_GLASS && !enabled) {
            throw new IllegalArgumentException("plateguard.sso.local-accounts=break-glass needs plateguard.sso.enabled=true: "
                    + "otherwise nobody but the break-glass administrator could sign in");
        }
        if (localAccounts == LocalAccounts.BREAK_GLASS && breakGlassUser == null) {
            throw new IllegalArgumentException("plateguard.sso.local-accounts=break-glass needs plateguard.sso.break-glass-user");
        }
        if (enabled) {
            if (issuerUri == null || issuerUri.isBlank()) {
                throw new IllegalArgumentException("plateguard.sso.issuer-uri is required when plateguard.sso.enabled=true");
            }
            checkIssuer(issuerUri);
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("plateguard.sso.client-id is required when plateguard.sso.enabled=true");
            }
            if (roleMapping.isEmpty()) {
                throw new IllegalArgumentException("plateguard.sso.role-mapping is empty: nobody could sign in through the "
                        + "provider; map at least one of its roles or groups, e.g. plateguard.sso.role-mapping.pg-operator=OPERATOR");
            }
            for (String claim : List.of(usernameClaim, rolesClaim, regionsClaim, sitesClaim)) {
                if (claim == null || claim.isBlank()) {
                    throw new IllegalArgumentException("plateguard.sso.*-claim must not be empty");
                }
            }
        }
    }

    /** Whether password sign-in is closed to everyone but the break-glass administrator. */
    public boolean breakGlassOnly() {
        return localAccounts == LocalAccounts.BREAK_GLASS;
    }

    /** The issuer's origin (scheme, host and port), where the browser is sent to sign in and out. */
    public String issuerOrigin() {
        URI uri = URI.create(issuerUri);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static void checkIssuer(String issuerUri) {
        URI uri;
        try {
            uri = URI.create(issuerUri.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("plateguard.sso.issuer-uri is not a URI: " + issuerUri);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("plateguard.sso.issuer-uri takes no user, query or fragment: " + issuerUri);
        }
        if (uri.getHost() == null || !scheme.equals("https") && !(scheme.equals("http") && loopback(uri.getHost()))) {
            throw new IllegalArgumentException("plateguard.sso.issuer-uri must be https (plain http only to a loopback address): "
                    + issuerUri);
        }
    }

    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    private static List<String> clean(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
