package dev.plateguard.server.identity;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of the country a user may see: some regions (as in {@code site.region}), some sites, or, when both
 * are empty, the whole country. A site is in scope when its region or the site itself is listed.
 *
 * <p>Every data path filters by scope in SQL ({@link #sitePredicate}), so rows outside it are never loaded; an
 * id outside the scope answers 404 exactly like an id that does not exist.
 */
public record Scope(Set<String> regions, Set<Long> sites) implements Serializable {

    public static final Scope COUNTRY = new Scope(Set.of(), Set.of());

    public Scope {
        regions = Set.copyOf(new TreeSet<>(regions == null ? Set.of() : regions));
        sites = Set.copyOf(new TreeSet<>(sites == null ? Set.of() : sites));
    }

    public boolean isCountry() {
        return regions.isEmpty() && sites.isEmpty();
    }

    /** Whether a site with this id and region is in scope. */
    public boolean covers(long siteId, String region) {
        return isCountry() || sites.contains(siteId) || regions.contains(region);
    }

    /**
     * A SQL condition that holds for site ids in scope, for {@code siteIdExpression} (e.g. {@code c.site_id}).
     * It always takes the two positional parameters of {@link #sqlParams()} (site ids, then regions), so a query
     * is built the same way for every scope.
     */
    public String sitePredicate(String siteIdExpression) {
        if (isCountry()) {
            return "(?::bigint[] is null and ?::text[] is null)";
        }
        return "(" + siteIdExpression + " = any(?::bigint[]) or " + siteIdExpression
                + " in (select scope_site.id from site scope_site where scope_site.region = any(?::text[])))";
    }

    /** The parameters of {@link #sitePredicate}: the site ids, then the regions (both null for the country). */
    public List<Object> sqlParams() {
        if (isCountry()) {
            return Arrays.asList(null, null);
        }
        return List.of(sites.toArray(Long[]::new), regions.toArray(String[]::new));
    }

    /** As {@link #sitePredicate}, with the named parameters {@code :scopeSites} and {@code :scopeRegions}. */
    public String sitePredicateNamed(String siteIdExpression) {
        if (isCountry()) {
            return "(cast(:scopeSites as bigint[]) is null and cast(:scopeRegions as text[]) is null)";
        }
        return "(" + siteIdExpression + " = any(cast(:scopeSites as bigint[])) or " + siteIdExpression
                + " in (select scope_site.id from site scope_site where scope_site.region = any(cast(:scopeRegions as text[]))))";
    }

    /** The named parameters of {@link #sitePredicateNamed}. */
    public Map<String, Object> namedParams() {
        Map<String, Object> params = new HashMap<>();
        params.put("scopeSites", isCountry() ? null : sites.toArray(Long[]::new));
        params.put("scopeRegions", isCountry() ? null : regions.toArray(String[]::new));
        return params;
    }
}
