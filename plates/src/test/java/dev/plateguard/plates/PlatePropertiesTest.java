package dev.plateguard.plates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Invariants of normalisation, folding, classification and masking, checked with QuickTheories.
 *
 * <p>Each property runs {@value #EXAMPLES} random examples from a fresh seed. A failure reports the
 * shrunk falsifying values and the seed; rerun with that seed to reproduce it, e.g.
 * {@code mvn -pl plates test -Dtest=PlatePropertiesTest#foldIsIdempotentAndKeepsLength -DQT_SEED=123}.
 */
class PlatePropertiesTest {

    private static final int EXAMPLES = 1000;

    private static final String NORMALIZED = "^[A-Z0-9]{1,16}$";
    private static final String UZ_REGIONS = "01 10 20 25 30 40 50 60 70 75 80 85 90 95";
    private static final List<String> UZ_REGION_NAMES = List.of("Tashkent city", "Tashkent region", "Sirdaryo",
            "Jizzakh", "Samarkand", "Fergana", "Namangan", "Andijan", "Kashkadarya", "Surkhandarya", "Bukhara",
            "Navoi", "Khorezm", "Karakalpakstan");
    private static final String UZ_LETTERS = "ABCDEFGHJKLMNOPQRSTUVWXYZ";
    /** Confusable classes of {@link PlateText#fold(String)}. */
    private static final List<String> CONFUSABLES = List.of("0ODQ", "1I", "8B", "5S", "2Z", "6G");
    /** Latin letters with a Cyrillic look-alike, and those look-alikes (upper, lower) at the same index. */
    private static final String LATIN = "ABEKMHOPCTYXSIJY";
    private static final String CYRILLIC_UPPER = "АВЕКМНОРСТУХЅІЈҮ";
    private static final String CYRILLIC_LOWER = "авекмнорстухѕіјү";
    /** Characters plate-like raw text is drawn from: plate characters, separators, controls, look-alikes. */
    private static final String PLATE_LIKE_CHARS =
            "0123456789ABCDIOSZGHMTXabcdiosz -.|\t\n<>'\"_ЖЁАВЕКМНОРСТУХавекмнорстух\u00A0\u200B\u2013";

    private static QuickTheory properties() {
        return qt().withExamples(EXAMPLES);
    }

    @Test
    void normalizeIsIdempotent() {
        properties().forAll(rawTexts()).checkAssert(raw -> {
            Optional<String> once = PlateText.tryNormalize(raw);
            once.ifPresent(n -> assertThat(PlateText.normalize(n)).isEqualTo(n));
        });
    }

    @Test
    void normalizeYieldsPlateAlphabetOrRejectsWithReason() {
        properties().forAll(rawTexts()).checkAssert(raw -> {
            try {
                String normalized = PlateText.normalize(raw);
                assertThat(normalized).matches(NORMALIZED);
                assertThat(PlateText.isNormalized(normalized)).isTrue();
            } catch (InvalidPlateTextException e) {
                assertThat(e.reason()).isNotNull();
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }

    @Test
    void foldIsIdempotentAndKeepsLength() {
        properties().forAll(normalizedTexts()).checkAssert(text -> {
            String folded = PlateText.fold(text);
            assertThat(folded).hasSameSizeAs(text);
            assertThat(PlateText.fold(folded)).isEqualTo(folded);
        });
    }

    @Test
    void foldIgnoresConfusableSwaps() {
        properties().forAll(normalizedTexts(), choices()).checkAssert((text, choices) -> {
            var swapped = new StringBuilder(text);
            for (int i = 0; i < swapped.length(); i++) {
                for (String cls : CONFUSABLES) {
                    if (cls.indexOf(swapped.charAt(i)) >= 0) {
                        swapped.setCharAt(i, cls.charAt(choices.get(i) % cls.length()));
                    }
                }
            }
            assertThat(PlateText.fold(swapped.toString())).isEqualTo(PlateText.fold(text));
        });
    }

    @Test
    void classifyNeverEmptyAndEndsWithGeneric() {
        properties().forAll(normalizedTexts()).checkAssert(text -> {
            var readings = PlateClassifier.classify(text);
            assertThat(readings).isNotEmpty();
            var last = readings.get(readings.size() - 1);
            assertThat(last.format()).isEqualTo(PlateFormat.GENERIC);
            assertThat(last.country()).isEqualTo(Country.UNKNOWN);
            assertThat(last.display()).isEqualTo(text);
            assertThat(readings).filteredOn(r -> r.format() == PlateFormat.GENERIC).hasSize(1);
            assertThat(readings).allSatisfy(r -> {
                assertThat(r.normalized()).isEqualTo(text);
                assertThat(r.display().replace(" ", "")).isEqualTo(text);
                assertThat(r.country()).isEqualTo(r.format().country());
            });
            assertThat(readings).extracting(r -> r.format().prior()).isSortedAccordingTo((a, b) -> b - a);
        });
    }

    @Test
    void uzbekPrivatePlatesReadAsUzbekPrivateWithRegion() {
        // QuickTheories takes at most four generators, so the two series letters come as one string.
        properties().forAll(uzRegionIndex(), uzLetter(), digits3(), uzSeries())
                .checkAssert((region, letter, digits, series) -> {
                    String code = UZ_REGIONS.split(" ")[region];
                    String plate = code + letter + digits + series;
                    var best = PlateClassifier.best(plate);
                    assertThat(best.format()).isEqualTo(PlateFormat.UZ_PRIVATE);
                    assertThat(best.country()).isEqualTo(Country.UZ);
                    assertThat(best.regionCode()).isEqualTo(code);
                    assertThat(best.region()).isEqualTo(UZ_REGION_NAMES.get(region));
                    assertThat(best.display()).isEqualTo(code + " " + letter + " " + digits + " " + series);
                });
    }

    @Test
    void cyrillicLookalikesNormaliseToTheLatinPlate() {
        properties().forAll(lookalikePlates(), choices()).checkAssert((latin, choices) -> {
            var disguised = new StringBuilder();
            for (int i = 0; i < latin.length(); i++) {
                char c = latin.charAt(i);
                int at = LATIN.indexOf(c);
                int choice = choices.get(i) % 4;
                if (at < 0 || choice == 0) {
                    disguised.append(choice == 3 ? Character.toLowerCase(c) : c);
                } else {
                    disguised.append(choice == 1 ? CYRILLIC_UPPER.charAt(at) : CYRILLIC_LOWER.charAt(at));
                }
                if (choice == 2) {
                    disguised.append(' ');
                }
            }
            assertThat(PlateText.normalize(disguised.toString())).isEqualTo(latin);
        });
    }

    @Test
    void maskNeverThrowsAndOnlyEmitsPlateCharacters() {
        properties().forAll(rawTextsWithNull()).checkAssert(raw -> {
            assertThatCode(() -> PlateText.mask(raw)).doesNotThrowAnyException();
            assertThat(PlateText.mask(raw)).matches("\\(none\\)|[A-Z0-9]{0,3}\\*\\*\\*[A-Z0-9]{0,2}");
        });
    }

    @Test
    void maskHidesTheMiddleOfLongPlates() {
        properties().forAll(normalizedTexts(), normalizedTexts()).checkAssert((text, other) -> {
            if (text.length() < 6) {
                assertThat(PlateText.mask(text)).isEqualTo(text.charAt(0) + "***");
                return;
            }
            String head = text.substring(0, 3);
            String tail = text.substring(text.length() - 2);
            assertThat(PlateText.mask(text)).isEqualTo(head + "***" + tail);
            // Whatever the middle is, the mask is the same: it carries no information about it.
            String middle = other.substring(0, Math.min(other.length(), 16 - 5));
            assertThat(PlateText.mask(head + middle + tail)).isEqualTo(PlateText.mask(text));
        });
    }

    // Generators

    /** Strings of {@code minLength..maxLength} characters, each drawn from {@code alphabet}. */
    private static Gen<String> stringsOf(String alphabet, int minLength, int maxLength) {
        List<Character> chars = alphabet.chars().mapToObj(c -> (char) c).toList();
        return lists().of(Generate.pick(chars)).ofSizeBetween(minLength, maxLength)
                .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    /** Two parts plate-like text to one part arbitrary Unicode text. */
    private static Gen<String> rawTexts() {
        Gen<String> plateLike = stringsOf(PLATE_LIKE_CHARS, 0, 24);
        Gen<String> anything = strings().allPossible().ofLengthBetween(0, 80);
        return Generate.frequency(Pair.of(2, plateLike), Pair.of(1, anything));
    }

    /** {@link #rawTexts()} with null 5% of the time. */
    private static Gen<String> rawTextsWithNull() {
        return Generate.frequency(Pair.of(95, rawTexts()), Pair.of(5, Generate.constant((String) null)));
    }

    private static Gen<String> normalizedTexts() {
        return stringsOf("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 1, 16);
    }

    private static Gen<List<Integer>> choices() {
        return lists().of(integers().between(0, 11)).ofSize(16);
    }

    private static Gen<Integer> uzRegionIndex() {
        return integers().between(0, UZ_REGION_NAMES.size() - 1);
    }

    private static Gen<Character> uzLetter() {
        return Generate.pick(UZ_LETTERS.chars().mapToObj(c -> (char) c).toList());
    }

    private static Gen<String> uzSeries() {
        return uzLetter().zip(uzLetter(), (a, b) -> "" + a + b);
    }

    private static Gen<String> digits3() {
        return stringsOf("0123456789", 3, 3);
    }

    private static Gen<String> lookalikePlates() {
        Gen<String> uzPrivate = Generate.pick(List.of(UZ_REGIONS.split(" ")))
                .zip(uzLetter(), digits3(), uzLetter(), uzLetter(), (r, l, d, a, b) -> r + l + d + a + b);
        Gen<String> lookalikeOnly = stringsOf(LATIN + "0123456789", 1, 12);
        return Generate.oneOf(uzPrivate, lookalikeOnly);
    }
}
