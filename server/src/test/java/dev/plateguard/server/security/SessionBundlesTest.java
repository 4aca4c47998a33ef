package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.I18nBundles;
import dev.plateguard.server.users.UserSessions;

/** The "My sessions and tokens" bundle: the same keys in English, Uzbek and Russian; every key its page uses exists. */
class SessionBundlesTest {

    @Test
    void everyLanguageHasEveryKey() {
        I18nBundles.assertTranslated("sessions", "sessions.");
        Set<String> keys = I18nBundles.load("sessions").stringPropertyNames();
        for (String how : List.of(UserSessions.PASSWORD, UserSessions.PASSWORD_TOTP, UserSessions.RECOVERY_CODE,
                UserSessions.SSO, UserSessions.PASSKEY, UserSessions.PASSWORD_PASSKEY)) {
            assertThat(keys).contains("sessions.method." + how.replace('+', '-'));
        }
    }

    @Test
    void thePageUsesOnlyKeysThatExist() throws IOException {
        Set<String> known = new TreeSet<>(I18nBundles.load("sessions").stringPropertyNames());
        known.addAll(I18nBundles.load("messages").stringPropertyNames());
        assertThat(I18nBundles.assertPagesUseKnownKeys(known, "", "me/sessions.html")).isGreaterThan(10);
        assertThat(known).contains("nav.sessions", "login.ended", "login.expired");
    }
}
