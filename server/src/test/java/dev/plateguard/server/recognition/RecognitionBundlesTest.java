package dev.plateguard.server.recognition;

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

/** The recognition bundle: the same keys in English, Uzbek (Latin) and Russian, and every key the read page uses. */
class RecognitionBundlesTest {

    private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{(recognition\\.[A-Za-z0-9_.-]+)[}(]");

    @Test
    void everyLanguageHasEveryKeyTranslated() {
        Properties en = load("recognition");
        Properties uz = load("recognition_uz");
        Properties ru = load("recognition_ru");
        assertThat(uz.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        assertThat(ru.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertThat(key).startsWith("recognition.");
            for (Properties p : List.of(en, uz, ru)) {
                String value = p.getProperty(key);
                assertThat(value).as(key).isNotBlank();
                if (value.contains("{0}")) {
                    assertThat(value).as("%s goes through MessageFormat: no plain apostrophe", key).doesNotContain("'");
                }
                assertThat(value).as(key).doesNotContain("<", ">");
            }
            assertThat(ru.getProperty(key)).as("Russian %s", key).containsPattern("\\p{IsCyrillic}");
            assertThat(uz.getProperty(key)).as("Uzbek %s is Latin", key).doesNotContainPattern("\\p{IsCyrillic}")
                    .doesNotContainPattern("[oOgG]['`]");
            if (!key.equals("recognition.col.plate")) {
                assertThat(uz.getProperty(key)).as("Uzbek %s translated", key).isNotEqualTo(en.getProperty(key));
            }
        }
        // Every refusal the form can meet has a message.
        for (String reason : List.of("queue-full", "no-models", "disabled")) {
            assertThat(en.stringPropertyNames()).contains("recognition.flash." + reason);
        }
        for (String status : List.of("queued", "read", "no_plate", "failed")) {
            assertThat(en.stringPropertyNames()).contains("recognition.status." + status);
        }
    }

    @Test
    void everyKeyTheReadPageUsesExists() throws IOException {
        Properties en = load("recognition");
        List<String> missing = new ArrayList<>();
        Matcher m = TEMPLATE_KEY.matcher(Files.readString(Path.of("src/main/resources/templates/reads/detail.html")));
        int used = 0;
        while (m.find()) {
            used++;
            if (!en.containsKey(m.group(1))) {
                missing.add(m.group(1));
            }
        }
        assertThat(used).isGreaterThan(10);
        assertThat(missing).isEmpty();
    }
}
