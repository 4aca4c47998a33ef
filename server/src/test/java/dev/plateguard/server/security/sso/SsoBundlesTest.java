package dev.plateguard.server.security.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.plateguard.server.I18nBundles.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The single sign-on bundle: the same keys in English, Uzbek and Russian, a message for every refusal reason, and
 * every key of the login page exists.
 */
class SsoBundlesTest {

    @Test
    void everyLanguageHasEveryKeyAndEveryReasonHasAMessage() {
        Properties en = load("sso");
        Properties uz = load("sso_uz");
        Properties ru = load("sso_ru");
        assertThat(uz.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        assertThat(ru.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertThat(key).startsWith("sso.");
            assertThat(ru.getProperty(key)).as("Russian %s", key).containsPattern("\\p{IsCyrillic}");
            assertThat(uz.getProperty(key)).as("Uzbek %s", key).doesNotContainPattern("[oOgG]['`]")
                    .doesNotContainPattern("\\p{IsCyrillic}").isNotEqualTo(en.getProperty(key));
            for (Properties p : List.of(en, uz, ru)) {
                if (p.getProperty(key).contains("{0}")) {
                    assertThat(p.getProperty(key)).as("%s goes through MessageFormat", key).doesNotContain("'");
                }
            }
        }
        for (SsoRefusal.Reason reason : SsoRefusal.Reason.values()) {
            assertThat(en.stringPropertyNames()).contains("sso.error." + reason.code);
        }
    }

    @Test
    void theLoginPageUsesOnlyKeysThatExist() throws IOException {
        TreeSet<String> known = new TreeSet<>(load("sso").stringPropertyNames());
        known.addAll(load("messages").stringPropertyNames());
        known.addAll(load("admin").stringPropertyNames());
        // The login page also offers passkeys (their own bundle).
        known.addAll(load("passkeys").stringPropertyNames());
        Matcher m = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]").matcher(Files.readString(Path.of("src/main/resources/templates/login.html")));
        int used = 0;
        while (m.find()) {
            used++;
            assertThat(known).contains(m.group(1));
        }
        assertThat(used).isGreaterThan(5);
    }
}
