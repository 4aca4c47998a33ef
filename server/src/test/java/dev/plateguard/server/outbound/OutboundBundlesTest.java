package dev.plateguard.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.I18nBundles;

/** The outbound page's bundle: every key in the three languages, every refusal code explained, pages use known keys. */
class OutboundBundlesTest {

    @Test
    void everyLanguageHasEveryKeyAndEveryRefusalAMessage() {
        I18nBundles.assertTranslated("outbound", "outbound.");
        Set<String> keys = I18nBundles.load("outbound").stringPropertyNames();
        for (String code : List.of("required", "tooLong", "notUrl", "userInfo", "fragment", "httpsRequired",
                "forbiddenAddress", "tooMany", "eventType", "unsafeText", "duplicateUrl", "notDead", "channel")) {
            assertThat(keys).contains("outbound.error." + code);
        }
        for (String state : List.of(OutboundDeliveries.PENDING, OutboundDeliveries.DELIVERED, OutboundDeliveries.DEAD)) {
            assertThat(keys).contains("outbound.state." + state);
        }
    }

    @Test
    void thePagesUseOnlyKeysThatExist() throws IOException {
        Set<String> known = new TreeSet<>(I18nBundles.load("outbound").stringPropertyNames());
        known.addAll(I18nBundles.load("admin").stringPropertyNames());
        known.addAll(I18nBundles.load("messages").stringPropertyNames());
        assertThat(I18nBundles.assertPagesUseKnownKeys(known, "", "outbound/admin.html", "outbound/webhook.html",
                "outbound/delivery.html", "outbound/secret.html", "outbound/parts.html")).isGreaterThan(40);
    }
}
