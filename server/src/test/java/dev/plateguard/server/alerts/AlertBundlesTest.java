package dev.plateguard.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.I18nBundles;
import dev.plateguard.server.hotlists.HotlistReason;

/** The alert and hotlist pages' bundles: English, Uzbek (Latin) and Russian, every key the pages use. */
class AlertBundlesTest {

    @Test
    void bothBundlesAreTranslatedAndSafeForMessageFormat() {
        I18nBundles.assertTranslated("alerts", "alerts.");
        I18nBundles.assertTranslated("hotlists", "hotlists.");
    }

    @Test
    void everyKeyThePagesUseExistsWithAStateAndReasonName() throws IOException {
        var alerts = I18nBundles.load("alerts").stringPropertyNames();
        var hotlists = I18nBundles.load("hotlists").stringPropertyNames();
        assertThat(I18nBundles.assertPagesUseKnownKeys(alerts, "alerts.", "alerts/feed.html")).isGreaterThan(15);
        assertThat(I18nBundles.assertPagesUseKnownKeys(hotlists, "hotlists.", "hotlists/lists.html", "hotlists/list.html"))
                .isGreaterThan(30);
        for (String state : AlertQueries.STATES) {
            assertThat(alerts).contains("alerts.state." + state);
        }
        assertThat(alerts).contains("alerts.flash.acknowledged", "alerts.flash.escalated");
        Arrays.stream(HotlistReason.values()).forEach(r -> assertThat(hotlists).contains("hotlists.reason." + r.name()));
        for (String code : new String[] {"required", "tooLong", "unsafeText", "plateText", "wildcardKind", "noWildcard",
                "tooBroad", "match", "priority", "reason", "dateTime", "past", "tooFar", "nameTaken", "duplicateEntry"}) {
            assertThat(hotlists).contains("hotlists.error." + code);
        }
    }
}
