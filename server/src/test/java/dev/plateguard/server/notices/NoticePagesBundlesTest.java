package dev.plateguard.server.notices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.I18nBundles;

/** The notices pages' bundle: every key in English, Uzbek and Russian; the pages use only keys that exist. */
class NoticePagesBundlesTest {

    @Test
    void everyLanguageHasEveryKeyAndEveryPdfLanguageAName() {
        I18nBundles.assertTranslated("notices-pages", "noticepage.");
        Set<String> keys = I18nBundles.load("notices-pages").stringPropertyNames();
        for (String lang : NoticePdf.LANGUAGES) {
            assertThat(keys).contains("noticepage.pdf." + lang);
        }
    }

    @Test
    void thePagesUseOnlyKeysThatExist() throws IOException {
        Set<String> known = new TreeSet<>(I18nBundles.load("notices-pages").stringPropertyNames());
        assertThat(I18nBundles.assertPagesUseKnownKeys(known, "noticepage.", "notices/list.html", "notices/notice.html",
                "layout.html")).isGreaterThan(30);
    }
}
