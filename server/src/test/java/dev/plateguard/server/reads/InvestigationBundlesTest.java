package dev.plateguard.server.reads;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.plateguard.server.I18nBundles.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The investigation bundle: the same keys in English, Uzbek and Russian, and every key the pages use. */
class InvestigationBundlesTest {

    private static final Pattern TEMPLATE_KEY =
            Pattern.compile("#\\{((?:investigation|journey|purposes|nav\\.journeys)[A-Za-z0-9_.-]*)[}(]");

    @Test
    void everyLanguageHasEveryKeyTranslated() {
        Properties en = load("investigation");
        Properties uz = load("investigation_uz");
        Properties ru = load("investigation_ru");
        assertThat(uz.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        assertThat(ru.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            for (Properties p : List.of(en, uz, ru)) {
                String value = p.getProperty(key);
                assertThat(value).as(key).isNotBlank().doesNotContain("<", ">");
                if (value.contains("{0}")) {
                    assertThat(value.replace("''", "")).as("%s goes through MessageFormat: apostrophes doubled", key)
                            .doesNotContain("'");
                }
            }
            if (!key.equals("investigation.case.placeholder")) {
                assertThat(ru.getProperty(key)).as("Russian %s", key).containsPattern("\\p{IsCyrillic}");
                assertThat(uz.getProperty(key)).as("Uzbek %s translated", key).isNotEqualTo(en.getProperty(key));
            }
            assertThat(uz.getProperty(key)).as("Uzbek %s is Latin", key).doesNotContainPattern("\\p{IsCyrillic}");
        }
        // Every field and refusal code the services produce has a message.
        for (String code : List.of("required", "unknownPurpose", "caseFormat", "tooLong", "unsafeText", "approvalRequired",
                "liveWindowOnly", "afterFrom", "rangeTooLong", "volume", "purposeCode", "purposeTaken")) {
            assertThat(en.getProperty("investigation.error." + code)).as(code).isNotNull();
        }
        for (String field : List.of("purpose", "case", "reason", "plate", "from", "to", "cursor", "code", "label")) {
            assertThat(en.getProperty("investigation.field." + field)).as(field).isNotNull();
        }
    }

    @Test
    void everyKeyThePagesUseExists() throws IOException {
        Properties en = load("investigation");
        Path templates = Path.of("src/main/resources/templates");
        try (Stream<Path> files = Files.walk(templates)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                Matcher m = TEMPLATE_KEY.matcher(Files.readString(file));
                while (m.find()) {
                    assertThat(en.getProperty(m.group(1))).as(m.group(1) + " in " + file).isNotNull();
                }
            }
        }
    }
}
