package dev.plateguard.server.security;

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
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The sign-in pages' texts (login, second factor) in English, Uzbek (Latin) and Russian, and every key they use. */
class SecondFactorBundlesTest {

    private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]");

    private static Set<String> signInKeys(Properties p) {
        return p.stringPropertyNames().stream().filter(k -> k.startsWith("login.") || k.startsWith("mfa."))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyLanguageHasEverySignInText() throws IOException {
        Properties en = load("messages");
        Properties uz = load("messages_uz");
        Properties ru = load("messages_ru");
        assertThat(signInKeys(en)).contains("mfa.code.wrong", "mfa.code.replayed", "mfa.enrol.intro", "login.expired");
        assertThat(signInKeys(uz)).isEqualTo(signInKeys(en));
        assertThat(signInKeys(ru)).isEqualTo(signInKeys(en));
        for (String key : signInKeys(en)) {
            assertThat(ru.getProperty(key)).as("Russian %s", key).containsPattern("\\p{IsCyrillic}").isNotEqualTo(en.getProperty(key));
            assertThat(uz.getProperty(key)).as("Uzbek %s", key).doesNotContainPattern("\\p{IsCyrillic}")
                    .doesNotContainPattern("[oOgG]['`]").isNotEqualTo(en.getProperty(key));
            for (Properties p : List.of(en, uz, ru)) {
                if (p.getProperty(key).contains("{0}")) {
                    assertThat(p.getProperty(key)).as("%s goes through MessageFormat", key).doesNotContain("'");
                }
            }
        }
    }

    @Test
    void everyKeyTheSignInPagesUseExists() throws IOException {
        Set<String> known = new TreeSet<>();
        for (String bundle : List.of("messages", "admin", "sso", "passkeys")) {
            known.addAll(load(bundle).stringPropertyNames());
        }
        List<Path> pages = new ArrayList<>(List.of(Path.of("src/main/resources/templates/login.html"),
                Path.of("src/main/resources/templates/password-change.html")));
        try (var files = Files.list(Path.of("src/main/resources/templates/login"))) {
            pages.addAll(files.toList());
        }
        assertThat(pages).hasSizeGreaterThanOrEqualTo(5);
        List<String> missing = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = TEMPLATE_KEY.matcher(Files.readString(page));
            while (m.find()) {
                if (!known.contains(m.group(1))) {
                    missing.add(page.getFileName() + ": " + m.group(1));
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
