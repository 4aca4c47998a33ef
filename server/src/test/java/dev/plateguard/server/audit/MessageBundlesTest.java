package dev.plateguard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.plateguard.server.I18nBundles.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.plateguard.server.cameras.Camera;
import dev.plateguard.server.identity.Role;

/**
 * The admin, audit and evidence bundles: the same keys in English, Uzbek and Russian, really translated, safe for
 * MessageFormat, and covering every key their templates use.
 */
class MessageBundlesTest {

    private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");
    private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]");

    @ParameterizedTest
    @ValueSource(strings = {"admin", "audit", "evidence"})
    void everyLanguageHasEveryKeyTranslated(String bundle) {
        Properties en = load(bundle);
        Properties uz = load(bundle + "_uz");
        Properties ru = load(bundle + "_ru");
        assertThat(uz.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        assertThat(ru.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertThat(key).startsWith(bundle + ".");
            for (Properties p : List.of(en, uz, ru)) {
                String value = p.getProperty(key);
                assertThat(value).as(key).isNotBlank();
                if (value.contains("{0}")) {
                    assertThat(value).as("%s goes through MessageFormat: no plain apostrophe", key).doesNotContain("'");
                }
            }
            assertThat(ru.getProperty(key).matches("(?s).*\\p{IsCyrillic}.*") || ru.getProperty(key).equals(en.getProperty(key)))
                    .as("Russian %s", key).isTrue();
            // Uzbek Latin writes o‘ and g‘ with a turned comma, not a plain apostrophe or a backtick.
            assertThat(uz.getProperty(key)).as("Uzbek %s", key).doesNotContainPattern("[oOgG]['`]");
            assertThat(CYRILLIC.matcher(uz.getProperty(key)).find()).as("Uzbek %s is Latin", key).isFalse();
        }
        long translatedRu = en.stringPropertyNames().stream().filter(k -> !ru.getProperty(k).equals(en.getProperty(k))).count();
        long translatedUz = en.stringPropertyNames().stream().filter(k -> !uz.getProperty(k).equals(en.getProperty(k))).count();
        assertThat(translatedRu).isGreaterThan(en.size() * 9L / 10);
        assertThat(translatedUz).isGreaterThan(en.size() * 8L / 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "audit", "evidence"})
    void everyKeyATemplateUsesExists(String folder) throws IOException {
        Set<String> known = new TreeSet<>();
        for (String bundle : List.of("messages", "admin", "audit", "evidence")) {
            known.addAll(load(bundle).stringPropertyNames());
        }
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/templates", folder))) {
            for (Path file : files.toList()) {
                Matcher m = TEMPLATE_KEY.matcher(Files.readString(file));
                while (m.find()) {
                    if (!known.contains(m.group(1))) {
                        missing.add(file.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
        // Keys the templates build from values.
        for (Role role : Role.values()) {
            assertThat(known).contains("admin.role." + role.name(), "admin.role." + role.name() + ".hint");
        }
        for (String kind : Camera.KINDS) {
            assertThat(known).contains("admin.kind." + kind);
        }
        for (String value : List.of("user", "device", "anonymous", "system")) {
            assertThat(known).contains("audit.actorType." + value);
        }
        for (String value : List.of("success", "failure", "denied")) {
            assertThat(known).contains("audit.outcome." + value);
        }
    }
}
