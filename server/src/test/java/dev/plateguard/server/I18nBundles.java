package dev.plateguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks shared by the message-bundle tests: a bundle in English, Uzbek (Latin) and Russian, and the pages that use
 * it.
 */
public final class I18nBundles {

    private I18nBundles() {
    }

    /** {@code /i18n/<name>.properties}, read as UTF-8. */
    public static Properties load(String name) {
        Properties p = new Properties();
        try (var in = I18nBundles.class.getResourceAsStream("/i18n/" + name + ".properties")) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /**
     * The same keys in the three languages, all under {@code prefix}, none blank; Russian in Cyrillic, Uzbek in Latin
     * with o‘ and g‘ (not a plain apostrophe or backtick) and really translated; no plain apostrophe where MessageFormat
     * reads the message (it has arguments).
     */
    public static void assertTranslated(String bundle, String prefix) {
        Properties en = load(bundle);
        Properties uz = load(bundle + "_uz");
        Properties ru = load(bundle + "_ru");
        assertThat(uz.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        assertThat(ru.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertThat(key).startsWith(prefix);
            assertThat(ru.getProperty(key)).as("Russian %s", key).containsPattern("\\p{IsCyrillic}");
            assertThat(uz.getProperty(key)).as("Uzbek %s", key).doesNotContainPattern("[oOgG]['`]")
                    .doesNotContainPattern("\\p{IsCyrillic}").isNotEqualTo(en.getProperty(key));
            for (Properties p : List.of(en, uz, ru)) {
                assertThat(p.getProperty(key)).as(key).isNotBlank();
                if (p.getProperty(key).contains("{0}")) {
                    assertThat(p.getProperty(key)).as("%s goes through MessageFormat", key).doesNotContain("'");
                }
            }
        }
    }

    /**
     * Every message key the templates use (under {@code prefix}) is in {@code known}; answers how many uses there
     * were, so that a test can tell a page that uses the bundle from a pattern that matched nothing.
     */
    public static int assertPagesUseKnownKeys(Set<String> known, String prefix, String... templates) throws IOException {
        Pattern key = Pattern.compile("#\\{(" + Pattern.quote(prefix) + "[A-Za-z0-9_.-]*)[}(]");
        int used = 0;
        for (String template : templates) {
            Matcher m = key.matcher(Files.readString(Path.of("src/main/resources/templates/" + template)));
            while (m.find()) {
                used++;
                assertThat(known).as(template).contains(m.group(1));
            }
        }
        return used;
    }
}
