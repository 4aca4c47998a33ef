package dev.plateguard.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.plateguard.server.I18nBundles.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The retention bundle: the same keys in English, Uzbek (Latin) and Russian, really translated, safe for
 * MessageFormat, every key the page uses, and a message for every data class, kind, outcome and refusal code.
 */
class RetentionBundlesTest {

    private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{(retention\\.[A-Za-z0-9_.-]+)[}(]");

    @Test
    void everyLanguageHasEveryKeyTranslated() {
        Properties en = load("retention");
        Properties uz = load("retention_uz");
        Properties ru = load("retention_ru");
        assertThat(uz.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        assertThat(ru.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertThat(key).startsWith("retention.");
            for (Properties p : List.of(en, uz, ru)) {
                String value = p.getProperty(key);
                assertThat(value).as(key).isNotBlank();
                if (value.contains("{0}")) {
                    assertThat(value).as("%s goes through MessageFormat: no plain apostrophe", key).doesNotContain("'");
                }
                assertThat(value).as(key).doesNotContain("<", ">");
            }
            if (!key.equals("retention.unit.h")) {
                assertThat(ru.getProperty(key)).as("Russian %s", key).containsPattern("\\p{IsCyrillic}");
            }
            assertThat(uz.getProperty(key)).as("Uzbek %s is Latin", key).doesNotContainPattern("\\p{IsCyrillic}")
                    .doesNotContainPattern("[oOgG]['`]");
            assertThat(uz.getProperty(key)).as("Uzbek %s translated", key).isNotEqualTo(en.getProperty(key));
        }
        for (String dataClass : RetentionPolicy.CLASSES) {
            assertThat(en.stringPropertyNames()).contains("retention.class." + dataClass,
                    "retention.class." + dataClass + ".covers", "retention.class." + dataClass + ".from");
        }
        for (String kind : LegalHolds.KINDS) {
            assertThat(en.stringPropertyNames()).contains("retention.kind." + kind);
        }
        for (String outcome : List.of("running", "success", "partial", "failure")) {
            assertThat(en.stringPropertyNames()).contains("retention.outcome." + outcome);
        }
        for (String code : List.of("required", "holdKind", "caseFormat", "plateText", "afterFrom", "notForKind",
                "positive", "dateTime", "tooLong", "unsafeText", "noRead", "noViolation", "duplicate", "alreadyLifted",
                "purgeRunning")) {
            assertThat(en.stringPropertyNames()).contains("retention.error." + code);
        }
        for (String field : List.of("kind", "readId", "violationId", "case", "plate", "from", "to", "reason")) {
            assertThat(en.stringPropertyNames()).contains("retention.field." + field);
        }
    }

    @Test
    void everyKeyThePageUsesExists() throws IOException {
        Properties en = load("retention");
        List<String> missing = new ArrayList<>();
        Matcher m = TEMPLATE_KEY.matcher(Files.readString(Path.of("src/main/resources/templates/retention/admin.html")));
        int used = 0;
        while (m.find()) {
            used++;
            if (!en.containsKey(m.group(1)) && !m.group(1).endsWith(".")) {
                missing.add(m.group(1));
            }
        }
        assertThat(used).isGreaterThan(30);
        assertThat(missing).isEmpty();
    }
}
