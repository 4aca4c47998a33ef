package dev.plateguard.server.security.sso;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.plateguard.server.identity.Role;

/**
 * Turns the provider's claims into what PlateGuard needs, as configured ({@link SsoSettings}): a username, roles and a
 * scope, after checking the second factor. Everything it cannot map is refused ({@link SsoRefusal}), never guessed:
 * a missing scope never widens to the whole country unless configured so, and roles the mapping does not name give
 * nothing. Whether the regions and sites exist is checked by the caller, against the database.
 */
final class ClaimMapping {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,64}");
    static final int MAX_ROLE_VALUES = 1000;
    static final int MAX_REGIONS = 100;
    static final int MAX_SITES = 1000;

    /**
     * What the claims grant. {@code regions} and {@code sites} both empty means the whole country (only when the
     * claims say so, or no scope is required).
     */
    record Mapped(String username, Set<Role> roles, Set<String> regions, Set<Long> sites) {
    }

    private final SsoSettings settings;

    ClaimMapping(SsoSettings settings) {
        this.settings = settings;
    }

    /**
     * @param claims        the ID token's claims with the user info's (what the provider says about the person)
     * @param idTokenClaims the ID token's own claims (acr and amr are taken from these only)
     */
    Mapped map(Map<String, Object> claims, Map<String, Object> idTokenClaims) {
        String subject = String.valueOf(claims.get("sub"));
        String actor = actor(claims);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("subject", subject);

        // The second factor first: without it nothing else about the sign-in counts.
        Object acr = idTokenClaims.get("acr");
        if (!settings.requiredAcr().isEmpty()) {
            String value = acr == null ? null : acr.toString();
            if (value == null || !settings.requiredAcr().contains(value)) {
                details.put("acr", value);
                details.put("requiredAcr", settings.requiredAcr());
                throw new SsoRefusal(SsoRefusal.Reason.SECOND_FACTOR, actor,
                        value == null ? "no acr claim" : "acr not accepted", details);
            }
        }
        if (!settings.requiredAmr().isEmpty()) {
            List<String> amr = strings(idTokenClaims.get("amr")).orElse(List.of());
            if (amr.stream().noneMatch(settings.requiredAmr()::contains)) {
                details.put("amr", bounded(amr));
                details.put("requiredAmr", settings.requiredAmr());
                throw new SsoRefusal(SsoRefusal.Reason.SECOND_FACTOR, actor,
                        amr.isEmpty() ? "no amr claim" : "amr has no accepted method", details);
            }
        }

        Object rawUsername = claim(claims, settings.usernameClaim());
        String username = rawUsername instanceof String s ? s.strip().toLowerCase(Locale.ROOT) : null;
        if (username == null || !USERNAME.matcher(username).matches()) {
            details.put("claim", settings.usernameClaim());
            throw new SsoRefusal(SsoRefusal.Reason.BAD_USERNAME, actor, rawUsername == null
                    ? "no " + settings.usernameClaim() + " claim"
                    : settings.usernameClaim() + " is not a valid username (3-64 of a-z, 0-9, '.', '_', '-')", details);
        }

        Optional<List<String>> idpRoles;
        try {
            idpRoles = strings(claim(claims, settings.rolesClaim()));
        } catch (IllegalArgumentException e) {
            details.put("claim", settings.rolesClaim());
            throw new SsoRefusal(SsoRefusal.Reason.NO_ROLE, actor, settings.rolesClaim() + " is malformed", details);
        }
        if (idpRoles.isEmpty() || idpRoles.get().isEmpty()) {
            details.put("claim", settings.rolesClaim());
            throw new SsoRefusal(SsoRefusal.Reason.NO_ROLE, actor, "no " + settings.rolesClaim() + " claim", details);
        }
        if (idpRoles.get().size() > MAX_ROLE_VALUES) {
            throw new SsoRefusal(SsoRefusal.Reason.NO_ROLE, actor, settings.rolesClaim() + " has too many values", details);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : idpRoles.get()) {
            Role role = settings.roleMapping().get(name);
            if (role != null) {
                roles.add(role);
            }
        }
        if (roles.isEmpty()) {
            details.put("providerRoles", bounded(idpRoles.get()));
            throw new SsoRefusal(SsoRefusal.Reason.NO_ROLE, actor, "none of the provider's roles is mapped to a PlateGuard role",
                    details);
        }
        if (roles.contains(Role.ADMIN) && roles.size() > 1) {
            details.put("roles", roles.stream().map(Role::name).toList());
            throw new SsoRefusal(SsoRefusal.Reason.BAD_ROLES, actor, "ADMIN never combines with another role", details);
        }

        Optional<List<String>> regionValues;
        Optional<List<String>> siteValues;
        try {
            regionValues = strings(claim(claims, settings.regionsClaim())).filter(l -> !l.isEmpty());
            siteValues = strings(claim(claims, settings.sitesClaim())).filter(l -> !l.isEmpty());
        } catch (IllegalArgumentException e) {
            throw new SsoRefusal(SsoRefusal.Reason.BAD_SCOPE, actor, "a scope claim is malformed", details);
        }
        Set<String> regions = new TreeSet<>();
        Set<Long> sites = new TreeSet<>();
        if (regionValues.isEmpty() && siteValues.isEmpty()) {
            if (settings.scopeRequired()) {
                details.put("claims", List.of(settings.regionsClaim(), settings.sitesClaim()));
                throw new SsoRefusal(SsoRefusal.Reason.NO_SCOPE, actor, "no scope claim", details);
            }
            return new Mapped(username, roles, regions, sites);
        }
        List<String> requestedRegions = regionValues.orElse(List.of());
        List<String> requestedSites = siteValues.orElse(List.of());
        if (requestedRegions.size() > MAX_REGIONS || requestedSites.size() > MAX_SITES) {
            throw new SsoRefusal(SsoRefusal.Reason.BAD_SCOPE, actor, "scope too large (at most " + MAX_REGIONS
                    + " regions and " + MAX_SITES + " sites)", details);
        }
        if (requestedRegions.contains(settings.countryScopeValue())) {
            if (requestedRegions.size() > 1 || !requestedSites.isEmpty()) {
                details.put("regions", bounded(requestedRegions));
                throw new SsoRefusal(SsoRefusal.Reason.BAD_SCOPE, actor, "the whole country ('"
                        + settings.countryScopeValue() + "') combines with no region or site", details);
            }
            return new Mapped(username, roles, regions, sites);
        }
        for (String region : requestedRegions) {
            if (region.isBlank()) {
                throw new SsoRefusal(SsoRefusal.Reason.BAD_SCOPE, actor, "an empty region", details);
            }
            regions.add(region.strip());
        }
        for (String site : requestedSites) {
            try {
                long id = Long.parseLong(site.strip());
                if (id < 1) {
                    throw new NumberFormatException();
                }
                sites.add(id);
            } catch (NumberFormatException e) {
                details.put("sites", bounded(requestedSites));
                throw new SsoRefusal(SsoRefusal.Reason.BAD_SCOPE, actor, "a site id is not a positive number", details);
            }
        }
        return new Mapped(username, roles, regions, sites);
    }

    /** How the audit names the person before an account is known: the username claim if usable, else the subject. */
    String actor(Map<String, Object> claims) {
        Object username = claim(claims, settings.usernameClaim());
        if (username instanceof String s && !s.isBlank() && s.length() <= 64) {
            return s.strip().toLowerCase(Locale.ROOT);
        }
        return "sub:" + claims.get("sub");
    }

    /**
     * A claim by name; a name that is not a claim of its own but has dots is a path into nested objects
     * ({@code realm_access.roles}).
     */
    static Object claim(Map<String, Object> claims, String name) {
        if (claims.containsKey(name)) {
            return claims.get(name);
        }
        Object current = claims;
        for (String part : name.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    /**
     * A claim's values: a list of strings (numbers allowed), or one string or number. Empty when there is no claim;
     * anything else (an object, a list of objects) is malformed.
     */
    static Optional<List<String>> strings(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String || value instanceof Number) {
            return Optional.of(List.of(value.toString()));
        }
        if (value instanceof Collection<?> values) {
            List<String> out = new ArrayList<>(values.size());
            for (Object v : values) {
                if (!(v instanceof String) && !(v instanceof Number)) {
                    throw new IllegalArgumentException("not a string: " + (v == null ? "null" : v.getClass().getSimpleName()));
                }
                out.add(v.toString());
            }
            return Optional.of(out);
        }
        throw new IllegalArgumentException("not a string or a list: " + value.getClass().getSimpleName());
    }

    /** At most 20 values of at most 100 characters: claim values are the provider's, the audit row is ours. */
    static List<String> bounded(List<String> values) {
        return values.stream().limit(20).map(v -> v.length() > 100 ? v.substring(0, 100) + "…" : v).toList();
    }
}
