package dev.plateguard.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.I18nBundles;

/**
 * The registry page's bundle, and the recognition page's keys in the recognition bundle: English, Uzbek (Latin) and
 * Russian, every key the pages use, a word for every registration status and record source.
 */
class RegistryPagesBundlesTest {

    @Test
    void bothBundlesAreTranslatedAndSafeForMessageFormat() {
        I18nBundles.assertTranslated("registry-pages", "registry.");
        I18nBundles.assertTranslated("recognition", "recognition.");
    }

    @Test
    void everyKeyThePagesUseExists() throws IOException {
        var registry = I18nBundles.load("registry-pages").stringPropertyNames();
        assertThat(I18nBundles.assertPagesUseKnownKeys(registry, "registry.", "registry/page.html", "layout.html"))
                .isGreaterThan(40);
        var recognition = I18nBundles.load("recognition").stringPropertyNames();
        assertThat(I18nBundles.assertPagesUseKnownKeys(recognition, "recognition.", "recognition/page.html", "layout.html"))
                .isGreaterThan(25);
        for (VehicleTable.Source source : VehicleTable.Source.values()) {
            assertThat(registry).contains("registry.source." + source.name());
        }
        var codes = I18nBundles.load("codes").stringPropertyNames();
        for (RegistrationStatus status : RegistrationStatus.values()) {
            assertThat(codes).contains("code.registry." + status.name());
        }
        for (String models : new String[] {"loaded", "missing"}) {
            assertThat(recognition).contains("recognition.page.models." + models);
        }
        // The messages the page controllers build.
        assertThat(registry).contains("registry.flash.imported", "registry.flash.created", "registry.flash.replaced",
                "registry.flash.deleted", "registry.flash.notFound", "registry.flash.notSaved", "registry.import.noFile",
                "registry.import.tooLarge", "registry.import.malformed", "registry.import.invalid", "registry.error.row",
                "registry.error.rowOnly");
        assertThat(recognition).contains("recognition.page.badRead", "recognition.page.noRead");
    }
}
