package dev.plateguard.server.review;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.plateguard.server.I18nBundles.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The review bundle: the same keys in English, Uzbek and Russian, and every key the review page uses exists. */
class ReviewBundlesTest {

    private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]");

    @Test
    void everyLanguageHasEveryKeyTranslated() {
        Properties en = load("review");
        Properties uz = load("review_uz");
        Properties ru = load("review_ru");
        assertThat(uz.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        assertThat(ru.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertThat(key).startsWith("review.");
            assertThat(ru.getProperty(key)).as("Russian %s", key).containsPattern("\\p{IsCyrillic}");
            assertThat(uz.getProperty(key)).as("Uzbek %s", key).doesNotContainPattern("[oOgG]['`]")
                    .doesNotContainPattern("\\p{IsCyrillic}");
        }
        for (RejectReason reason : RejectReason.values()) {
            assertThat(en.stringPropertyNames()).contains("review.reason." + reason.name());
        }
    }

    @Test
    void everyKeyTheReviewPageUsesExists() throws IOException {
        TreeSet<String> known = new TreeSet<>();
        for (String bundle : List.of("messages", "review")) {
            known.addAll(load(bundle).stringPropertyNames());
        }
        for (RejectReason reason : RejectReason.values()) {
            assertThat(known).contains("review.reason." + reason.name());
        }
        List<String> missing = new ArrayList<>();
        Matcher m = TEMPLATE_KEY.matcher(Files.readString(Path.of("src/main/resources/templates/review/page.html")));
        int found = 0;
        while (m.find()) {
            found++;
            if (!known.contains(m.group(1))) {
                missing.add(m.group(1));
            }
        }
        assertThat(found).isGreaterThan(20);
        assertThat(missing).isEmpty();
    }
}
