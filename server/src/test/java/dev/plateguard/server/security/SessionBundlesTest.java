package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.users.UserSessions;

/** The "My sessions and tokens" bundle: the same keys in English, Uzbek and Russian; every key its page uses exists. */
class SessionBundlesTest {

    private static Properties load(String name) {
        Properties p = new Properties();
        try (var in = SessionBundlesTest.class.getResourceAsStream("/i18n/" + name + ".properties")) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    @Test
    void everyLanguageHasEveryKey() {
        Properties en = load("sessions");
        Properties uz = load("sessions_uz");
        Properties ru = load("sessions_ru");
        assertThat(uz.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        assertThat(ru.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertThat(key).startsWith("sessions.");
            assertThat(ru.getProperty(key)).as("Russian %s", key).containsPattern("\\p{IsCyrillic}");
            assertThat(uz.getProperty(key)).as("Uzbek %s", key).doesNotContainPattern("[oOgG]['`]")
                    .doesNotContainPattern("\\p{IsCyrillic}").isNotEqualTo(en.getProperty(key));
            for (Properties p : List.of(en, uz, ru)) {
                if (p.getProperty(key).contains("{0}")) {
                    assertThat(p.getProperty(key)).as("%s goes through MessageFormat", key).doesNotContain("'");
                }
            }
        }
        for (String how : List.of(UserSessions.PASSWORD, UserSessions.PASSWORD_TOTP, UserSessions.RECOVERY_CODE,
                UserSessions.SSO)) {
            assertThat(en.stringPropertyNames()).contains("sessions.method." + how.replace('+', '-'));
        }
    }

    @Test
    void thePageUsesOnlyKeysThatExist() throws IOException {
        TreeSet<String> known = new TreeSet<>(load("sessions").stringPropertyNames());
        known.addAll(load("messages").stringPropertyNames());
        Matcher m = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]")
                .matcher(Files.readString(Path.of("src/main/resources/templates/me/sessions.html")));
        int used = 0;
        while (m.find()) {
            used++;
            assertThat(known).contains(m.group(1));
        }
        assertThat(used).isGreaterThan(10);
        assertThat(known).contains("nav.sessions", "login.ended", "login.expired");
    }
}
