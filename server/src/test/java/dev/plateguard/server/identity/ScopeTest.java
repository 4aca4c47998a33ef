package dev.plateguard.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void emptyScopeIsTheWholeCountryAndTakesTwoNullParameters() {
        assertThat(Scope.COUNTRY.isCountry()).isTrue();
        assertThat(new Scope(null, null)).isEqualTo(Scope.COUNTRY);
        assertThat(Scope.COUNTRY.covers(7, "Jizzakh")).isTrue();
        assertThat(Scope.COUNTRY.sqlParams()).containsExactly(null, null);
        assertThat(Scope.COUNTRY.sitePredicate("c.site_id")).doesNotContain("c.site_id");
    }

    @Test
    void aSiteIsInScopeThroughItsRegionOrItself() {
        Scope scope = new Scope(Set.of("Jizzakh"), Set.of(42L));
        assertThat(scope.isCountry()).isFalse();
        assertThat(scope.covers(7, "Jizzakh")).isTrue();
        assertThat(scope.covers(42, "Tashkent")).isTrue();
        assertThat(scope.covers(7, "Tashkent")).isFalse();
        assertThat(scope.sitePredicate("c.site_id")).contains("c.site_id = any(?::bigint[])");
        assertThat(scope.sqlParams()).hasSize(2);
        assertThat((Long[]) scope.sqlParams().get(0)).containsExactly(42L);
        assertThat((String[]) scope.sqlParams().get(1)).containsExactly("Jizzakh");
        assertThat(scope.namedParams()).containsKeys("scopeSites", "scopeRegions");
    }
}
