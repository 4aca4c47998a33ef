package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.I18nBundles;

/** The passkeys bundle: the same keys in English, Uzbek and Russian; every key its pages use exists. */
class PasskeyBundlesTest {

    @Test
    void everyLanguageHasEveryKey() {
        I18nBundles.assertTranslated("passkeys", "passkeys.");
    }

    @Test
    void thePagesUseOnlyKeysThatExist() throws IOException {
        Set<String> known = new TreeSet<>(I18nBundles.load("passkeys").stringPropertyNames());
        known.addAll(I18nBundles.load("messages").stringPropertyNames());
        assertThat(I18nBundles.assertPagesUseKnownKeys(known, "passkeys", "me/passkeys.html", "login.html",
                "login/code.html")).isGreaterThan(20);
        assertThat(known).contains("nav.passkeys");
    }
}
