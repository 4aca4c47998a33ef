package dev.plateguard.server.notices;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.plateguard.server.I18nBundles.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The notice bundles: same keys in every language, and a label for every offence the seed catalogue defines. */
class NoticeBundlesTest {

    private static Set<String> seededOffences() throws IOException {
        String sql;
        try (var in = NoticeBundlesTest.class.getResourceAsStream("/db/migration/V3__violations.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String inserts = sql.substring(sql.indexOf("insert into catalogue_offence"), sql.indexOf("insert into catalogue_speed_tier"));
        Set<String> codes = new TreeSet<>();
        Matcher m = Pattern.compile("\\(1, '([a-z_]+)'").matcher(inserts);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    @Test
    void everySeededOffenceHasALabelInEveryLanguage() throws IOException {
        Set<String> codes = seededOffences();
        assertThat(codes).contains("red_light", "unregistered", "no_insurance", "bus_lane");
        for (String bundle : new String[] {"notices", "notices_ru", "notices_uz"}) {
            Properties p = load(bundle);
            for (String code : codes) {
                assertThat(p.getProperty("notice.offence." + code)).as("%s: %s", bundle, code).isNotBlank();
            }
            assertThat(p.getProperty("notice.offence.speeding")).as(bundle).isNotBlank();
        }
    }

    @Test
    void everyLanguageHasTheSameKeys() throws IOException {
        Properties en = load("notices");
        assertThat(load("notices_ru").stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        assertThat(load("notices_uz").stringPropertyNames()).isEqualTo(en.stringPropertyNames());
    }
}
