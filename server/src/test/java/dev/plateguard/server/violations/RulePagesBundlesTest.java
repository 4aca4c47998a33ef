package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.I18nBundles;

/**
 * The rules page's bundle: every key in English, Uzbek and Russian; a name for every rule that can be switched
 * off, every field the settings have and every day; the page uses only keys that exist.
 */
class RulePagesBundlesTest {

    @Test
    void everyLanguageHasEveryKeyAndEveryRuleFieldAndDayAName() {
        I18nBundles.assertTranslated("rules-pages", "rulepage.");
        Set<String> keys = I18nBundles.load("rules-pages").stringPropertyNames();
        for (String rule : List.of(SpotSpeedRule.NAME, SectionMatcher.RULE, RedLightRule.NAME, SeatbeltRule.NAME,
                PhoneUseRule.NAME, BusLaneRule.NAME, RegistryRules.NAME)) {
            assertThat(keys).contains("rulepage.rule." + rule);
        }
        for (String field : List.of(RuleSettings.DISABLED_RULES, RuleSettings.RED_LIGHT_GRACE, RuleSettings.OCCUPANT_THRESHOLD,
                RuleSettings.BUS_LANES, "note")) {
            assertThat(keys).contains("rulepage.field." + field, "rulepage.error." + field);
        }
        for (String day : List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun")) {
            assertThat(keys).contains("rulepage.day." + day);
        }
    }

    @Test
    void thePageUsesOnlyKeysThatExist() throws IOException {
        Set<String> known = new TreeSet<>(I18nBundles.load("rules-pages").stringPropertyNames());
        assertThat(I18nBundles.assertPagesUseKnownKeys(known, "rulepage.", "violations/rules.html",
                "violations/rules-parts.html", "layout.html")).isGreaterThan(40);
    }
}
