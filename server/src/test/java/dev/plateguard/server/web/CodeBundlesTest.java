package dev.plateguard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.plateguard.plates.Country;
import dev.plateguard.plates.PlateFormat;
import dev.plateguard.server.I18nBundles;
import dev.plateguard.server.registry.RegistrationStatus;
import dev.plateguard.server.registry.RegistryAnswer;
import dev.plateguard.server.violations.ViolationState;

/**
 * The codes bundle (web/Codes, web/Facts): every key in English, Uzbek (Latin) and Russian, and words for every code
 * the application knows: offences of the seeded catalogue, violation states, plate formats, countries, registry
 * answers and registration statuses, and the facts that rules measure.
 */
class CodeBundlesTest {

    private final Properties codes = I18nBundles.load("codes");

    @Test
    void everyLanguageHasEveryKeyTranslated() {
        I18nBundles.assertTranslated("codes", "code.");
    }

    @Test
    void everyCodeTheApplicationKnowsHasItsWords() throws IOException {
        List<String> missing = new ArrayList<>();
        for (ViolationState state : ViolationState.values()) {
            need(missing, "code.state." + state.code());
        }
        for (PlateFormat format : PlateFormat.values()) {
            need(missing, "code.format." + format.name());
        }
        for (Country country : Country.values()) {
            need(missing, "code.country." + country.name());
        }
        for (RegistryAnswer.Kind kind : RegistryAnswer.Kind.values()) {
            need(missing, "code.registry." + kind.name().toLowerCase());
        }
        for (RegistrationStatus status : RegistrationStatus.values()) {
            need(missing, "code.registry." + status.name());
        }
        // The offences of the seeded catalogue, and speeding (priced by tiers, not listed there).
        String seed = Files.readString(Path.of("src/main/resources/db/migration/V3__violations.sql"));
        seed = seed.substring(seed.indexOf("insert into catalogue_offence"));
        Matcher offence = Pattern.compile("\\(1, '([a-z_]+)',").matcher(seed.substring(0, seed.indexOf(';')));
        int offences = 0;
        while (offence.find()) {
            offences++;
            need(missing, "code.offence." + offence.group(1));
        }
        assertThat(offences).isGreaterThanOrEqualTo(10);
        need(missing, "code.offence.speeding");
        // What the rules put in a violation's measurements.
        Matcher measured = Pattern.compile("measured\\.put\\(\"([A-Za-z]+)\"|m\\.put\\(\"([A-Za-z]+)\"").matcher("");
        try (var sources = Files.list(Path.of("src/main/java/dev/plateguard/server/violations"))) {
            for (Path source : sources.toList()) {
                measured.reset(Files.readString(source));
                while (measured.find()) {
                    need(missing, "code.fact." + (measured.group(1) != null ? measured.group(1) : measured.group(2)));
                }
            }
        }
        for (String unit : List.of("kmh", "seconds", "metres", "ms", "degrees", "pixels")) {
            need(missing, "code.unit." + unit);
        }
        assertThat(missing).isEmpty();
    }

    private void need(List<String> missing, String key) {
        if (!codes.containsKey(key)) {
            missing.add(key);
        }
    }
}
