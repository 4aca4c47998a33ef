package dev.plateguard.plates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plateguard.plates.InvalidPlateTextException.Reason;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real-format examples (domain-uz.md §1.4 and §2), as typed by operators and read by OCR. */
class PlateExamplesTest {

    /**
     * raw; normalised; first format; country; region (empty = null); display. Raw text mixes spaces,
     * dashes, dots, bars, lower case and Cyrillic look-alikes (А, В, С, Н, Т, Х, о, н, т, х).
     */
    static final String EXAMPLES = """
            ' 01 a 123 bc '      ; 01A123BC   ; UZ_PRIVATE          ; UZ      ; Tashkent city   ; 01 A 123 BC
            01-А-123-ВС          ; 01A123BC   ; UZ_PRIVATE          ; UZ      ; Tashkent city   ; 01 A 123 BC
            10 l 777 ha          ; 10L777HA   ; UZ_PRIVATE          ; UZ      ; Tashkent region ; 10 L 777 HA
            95|Z 001 AA          ; 95Z001AA   ; UZ_PRIVATE          ; UZ      ; Karakalpakstan  ; 95 Z 001 AA
            30.Y.555.AB          ; 30Y555AB   ; UZ_PRIVATE          ; UZ      ; Samarkand       ; 30 Y 555 AB
            01 123 ABC           ; 01123ABC   ; UZ_LEGAL_ENTITY     ; UZ      ; Tashkent city   ; 01 123 ABC
            80 123 dav           ; 80123DAV   ; UZ_LEGAL_ENTITY     ; UZ      ; Bukhara         ; 80 123 DAV
            01 H 123456          ; 01H123456  ; UZ_FOREIGN_RESIDENT ; UZ      ; Tashkent city   ; 01 H 123456
            40 н 000123          ; 40H000123  ; UZ_FOREIGN_RESIDENT ; UZ      ; Fergana         ; 40 H 000123
            01 M 123456          ; 01M123456  ; UZ_FOREIGN_COMPANY  ; UZ      ; Tashkent city   ; 01 M 123456
            d 001 234            ; D001234    ; UZ_DIPLOMATIC       ; UZ      ;                 ; D 001 234
            X-123-456            ; X123456    ; UZ_DIPLOMATIC       ; UZ      ;                 ; X 123 456
            T 123456             ; T123456    ; UZ_DIPLOMATIC       ; UZ      ;                 ; T 123 456
            CMD 001              ; CMD001     ; UZ_HEAD_OF_MISSION  ; UZ      ;                 ; CMD 001
            т 123456 60          ; T12345660  ; UZ_TEMPORARY        ; UZ      ; Andijan         ; T 123456 60
            1234 AB 01           ; 1234AB01   ; UZ_TRAILER          ; UZ      ; Tashkent city   ; 1234 AB 01
            50 1234 AB           ; 501234AB   ; UZ_TRAILER          ; UZ      ; Namangan        ; 50 1234 AB
            123 AB 85            ; 123AB85    ; UZ_TRACTOR          ; UZ      ; Navoi           ; 123 AB 85
            70 123 AB            ; 70123AB    ; UZ_MOTORCYCLE       ; UZ      ; Kashkadarya     ; 70 123 AB
            123 ab               ; 123AB      ; UZ_MOTORCYCLE       ; UZ      ;                 ; 123 AB
            10 | A 1234          ; 10A1234    ; UZ_LEGACY           ; UZ      ;                 ; 10 A 1234
            sarvar               ; SARVAR     ; UZ_VANITY           ; UZ      ;                 ; SARVAR
            AZIZA                ; AZIZA      ; UZ_VANITY           ; UZ      ;                 ; AZIZA
            01 SARVAR            ; 01SARVAR   ; UZ_VANITY           ; UZ      ; Tashkent city   ; 01 SARVAR
            01 I 123 BC          ; 01I123BC   ; UZ_VANITY           ; UZ      ; Tashkent city   ; 01 I123BC
            123 ABC 02           ; 123ABC02   ; KZ_PRIVATE          ; KZ      ; Almaty          ; 123 ABC 02
            777 zzz 17           ; 777ZZZ17   ; KZ_PRIVATE          ; KZ      ; Shymkent        ; 777 ZZZ 17
            001 AAA 05           ; 001AAA05   ; KZ_PRIVATE          ; KZ      ;                 ; 001 AAA 05
            555 KZ 03            ; 555KZ03    ; KZ_LEGAL_ENTITY     ; KZ      ;                 ; 555 KZ 03
            123-AB-02            ; 123AB02    ; KZ_LEGAL_ENTITY     ; KZ      ; Almaty          ; 123 AB 02
            02 123 ABC           ; 02123ABC   ; KG_PRIVATE          ; KG      ; Osh city        ; 02 123 ABC
            08 777 XYZ           ; 08777XYZ   ; KG_PRIVATE          ; KG      ; Chuy            ; 08 777 XYZ
            B 1234 AB            ; B1234AB    ; KG_LEGACY           ; KG      ;                 ; B 1234 AB
            1234 AB 02           ; 1234AB02   ; TJ_PRIVATE          ; TJ      ; Sughd           ; 1234 AB 02
            0001 ТТ 05           ; 0001TT05   ; TJ_PRIVATE          ; TJ      ; Dushanbe        ; 0001 TT 05
            AB 1234 AG           ; AB1234AG   ; TM_PRIVATE          ; TM      ; Ashgabat        ; AB 1234 AG
            mr 0001 mr           ; MR0001MR   ; TM_PRIVATE          ; TM      ; Mary            ; MR 0001 MR
            А 123 ВС 77          ; A123BC77   ; RU_PRIVATE          ; RU      ;                 ; A 123 BC 77
            х777хх199            ; X777XX199  ; RU_PRIVATE          ; RU      ;                 ; X 777 XX 199
            BRA 2E19             ; BRA2E19    ; BR_MERCOSUR         ; BR      ;                 ; BRA2E19
            abc-1234             ; ABC1234    ; BR_GREY             ; BR      ;                 ; ABC 1234
            34 ABC 123           ; 34ABC123   ; TR_PRIVATE          ; TR      ;                 ; 34 ABC 123
            FG-456-HJ            ; FG456HJ    ; FR_SIV              ; FR      ;                 ; FG 456 HJ
            GA 000 KM            ; GA000KM    ; IT_PRIVATE          ; IT      ;                 ; GA 000 KM
            0681 VBH             ; 0681VBH    ; ES_PRIVATE          ; ES      ;                 ; 0681 VBH
            HH-AB 1234           ; HHAB1234   ; DE_PRIVATE          ; DE      ;                 ; HH AB 1234
            WA 12345             ; WA12345    ; PL_PRIVATE          ; PL      ;                 ; WA 12345
            BD51 SMR             ; BD51SMR    ; GB_CURRENT          ; GB      ;                 ; BD51 SMR
            АА 1234 ВВ           ; AA1234BB   ; UA_PRIVATE          ; UA      ;                 ; AA 1234 BB
            ABCDEFGHJK           ; ABCDEFGHJK ; GENERIC             ; UNKNOWN ;                 ; ABCDEFGHJK
            1234-5678-9012-3456  ; 1234567890123456 ; GENERIC       ; UNKNOWN ;                 ; 1234567890123456
            """;

    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @CsvSource(delimiter = ';', textBlock = EXAMPLES)
    void classifiesRealFormats(String raw, String normalized, PlateFormat format, Country country, String region,
            String display) {
        assertThat(PlateText.normalize(raw)).isEqualTo(normalized);

        var readings = PlateClassifier.classifyRaw(raw);
        var best = readings.get(0);
        assertThat(best.format()).isEqualTo(format);
        assertThat(best.country()).isEqualTo(country).isEqualTo(format.country());
        assertThat(best.region()).isEqualTo(region);
        assertThat(best.display()).isEqualTo(display);
        assertThat(best.normalized()).isEqualTo(normalized);
        assertThat(PlateClassifier.best(normalized)).isEqualTo(best);
        assertThat(readings.get(readings.size() - 1).format()).isEqualTo(PlateFormat.GENERIC);
    }

    /** raw; reason. */
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            ""                                                                 ; EMPTY
            "   "                                                              ; EMPTY
            " - . | "                                                          ; EMPTY
            <script>                                                           ; INVALID_CHARACTER
            01'A123BC                                                          ; INVALID_CHARACTER
            "01A123BC' OR '1'='1"                                              ; INVALID_CHARACTER
            Ж123АВ                                                             ; INVALID_CHARACTER
            01Ё123BC                                                           ; INVALID_CHARACTER
            01 Ў 123 BC                                                        ; INVALID_CHARACTER
            ０１A123BC                                                         ; INVALID_CHARACTER
            01A123BC_                                                          ; INVALID_CHARACTER
            ABCDEFGHJKLMNOPQR                                                  ; TOO_LONG
            "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3" ; TOO_LONG
            """)
    void rejectsNonPlates(String raw, Reason reason) {
        assertRejected(raw, reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01A\u0000123BC", "01A123BC\n", "\r01A123BC", "01A\t123BC", "01A\u0007123BC",
            "01A\u200B123BC", "01A\u202E123BC", "01A\u2028123BC", "\uFEFF01A123BC", "01A\u0085123BC"})
    void rejectsControlCharactersBeforeDroppingSeparators(String raw) {
        assertRejected(raw, Reason.CONTROL_CHARACTER);
    }

    @Test
    void rejectsNullAndHugeInput() {
        assertRejected(null, Reason.EMPTY);
        assertRejected("A".repeat(65), Reason.TOO_LONG);
        assertRejected(" ".repeat(1_000_000), Reason.TOO_LONG);
        assertThat(PlateText.tryNormalize("<script>")).isEmpty();
        assertThat(PlateText.tryNormalize(null)).isEmpty();
        assertThat(PlateText.tryNormalize(" 01 a 123 bc")).contains("01A123BC");
    }

    @Test
    void errorMessagesDoNotEchoTheInput() {
        assertThatThrownBy(() -> PlateText.normalize("01<script>"))
                .hasMessageNotContaining("<")
                .hasMessageContaining("U+003C");
        assertThatThrownBy(() -> PlateText.normalize("01\nEVIL"))
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("EVIL");
    }

    @Test
    void dropsUnicodeSpacesAndDashes() {
        assertThat(PlateText.normalize("01\u00A0A\u2007123\u2013BC\u2212")).isEqualTo("01A123BC");
        assertRejected("\u3000０１", Reason.INVALID_CHARACTER);
    }

    @Test
    void ambiguousTextsListEveryReading() {
        assertThat(formats("01123ABC")).containsExactly(
                PlateFormat.UZ_LEGAL_ENTITY, PlateFormat.KG_PRIVATE, PlateFormat.UZ_VANITY, PlateFormat.GENERIC);
        var kg = PlateClassifier.classify("01123ABC").get(1);
        assertThat(kg.region()).isEqualTo("Bishkek");
        assertThat(kg.display()).isEqualTo("01 123 ABC");

        assertThat(formats("1234AB01")).containsExactly(
                PlateFormat.UZ_TRAILER, PlateFormat.TJ_PRIVATE, PlateFormat.GENERIC);
        assertThat(PlateClassifier.classify("1234AB01").get(1).region()).isEqualTo("Dushanbe");

        assertThat(formats("T123456")).containsExactly(
                PlateFormat.UZ_DIPLOMATIC, PlateFormat.UZ_TEMPORARY, PlateFormat.GENERIC);
        assertThat(formats("123AB01")).containsExactly(PlateFormat.UZ_TRACTOR, PlateFormat.UZ_MOTORCYCLE,
                PlateFormat.KZ_LEGAL_ENTITY, PlateFormat.GENERIC);
        assertThat(formats("A1234AG")).containsExactly(
                PlateFormat.KG_LEGACY, PlateFormat.TM_PRIVATE, PlateFormat.GENERIC);
        assertThat(formats("01A123BC")).containsExactly(
                PlateFormat.UZ_PRIVATE, PlateFormat.UZ_VANITY, PlateFormat.GENERIC);
        assertThat(formats("123456")).containsExactly(PlateFormat.UZ_VANITY, PlateFormat.GENERIC);
    }

    @Test
    void regionCodesWithoutSourcedNamesKeepTheCode() {
        var ru = PlateClassifier.best("A123BC77");
        assertThat(ru.regionCode()).isEqualTo("77");
        assertThat(ru.region()).isNull();
        var legacy = PlateClassifier.best("10A1234");
        assertThat(legacy.regionCode()).isEqualTo("10");
        assertThat(legacy.region()).isNull();
        var tm = PlateClassifier.best("AB1234AK");
        assertThat(tm.regionCode()).isEqualTo("AK");
        assertThat(tm.region()).isNull();
        var generic = PlateClassifier.best("ABCDEFGHJK");
        assertThat(generic.regionCode()).isNull();
        assertThat(PlateClassifier.best("SARVAR").regionCode()).isNull();
        assertThat(PlateClassifier.best("01SARV").regionCode()).as("short vanity text keeps its digits").isNull();
    }

    @Test
    void uzbekLettersExcludeIButVanityAllowsIt() {
        assertThat(PlateFormat.UZ_PRIVATE.matches("01I123BC")).isFalse();
        assertThat(PlateFormat.UZ_LEGAL_ENTITY.matches("01123ABI")).isFalse();
        assertThat(PlateFormat.UZ_PRIVATE.matches("02A123BC")).as("02 is not a base region code").isFalse();
        assertThat(PlateFormat.UZ_VANITY.matches("AZIZA")).isTrue();
    }

    @Test
    void classifyRequiresNormalisedText() {
        assertThatThrownBy(() -> PlateClassifier.classify("01 A 123 BC"))
                .isInstanceOfSatisfying(InvalidPlateTextException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CHARACTER));
        assertThatThrownBy(() -> PlateClassifier.classify(null)).isInstanceOf(InvalidPlateTextException.class);
        assertThatThrownBy(() -> PlateClassifier.classify("")).isInstanceOf(InvalidPlateTextException.class);
        assertThatThrownBy(() -> PlateClassifier.classifyRaw("<script>")).isInstanceOf(InvalidPlateTextException.class);
    }

    @Test
    void foldsConfusablesToOneKey() {
        assertThat(PlateText.fold("01A123BC")).isEqualTo("01A1238C");
        assertThat(PlateText.fold("O1AI23BC")).isEqualTo("01A1238C");
        assertThat(PlateText.fold("DQOSZGIB")).isEqualTo("00052618");
        assertThat(PlateText.fold("AEKMHPCTYX")).isEqualTo("AEKMHPCTYX");
        assertThat(PlateText.fold("")).isEmpty();
        assertThatThrownBy(() -> PlateText.fold(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void masksForLogs() {
        assertThat(PlateText.mask("01A123BC")).isEqualTo("01A***BC");
        assertThat(PlateText.mask("01 a 123 bc")).isEqualTo("01A***BC");
        assertThat(PlateText.mask("AZIZA")).isEqualTo("A***");
        assertThat(PlateText.mask("D")).isEqualTo("D***");
        assertThat(PlateText.mask(null)).isEqualTo("(none)");
        assertThat(PlateText.mask("")).isEqualTo("***");
        assertThat(PlateText.mask("<script>alert(1)</script>")).isEqualTo("SCR***RI");
        assertThat(PlateText.mask("01A\n123BC")).isEqualTo("01A***BC");
        assertThat(PlateText.mask("Ж".repeat(10_000))).isEqualTo("***");
    }

    @ParameterizedTest
    @EnumSource(PlateFormat.class)
    void everyFormatRegexCompilesAndItsExampleReadsAsIt(PlateFormat format) {
        assertThat(Pattern.compile(format.regex()).matcher(format.example()).matches()).isTrue();
        assertThat(PlateText.isNormalized(format.example())).isTrue();
        assertThat(PlateClassifier.best(format.example()).format()).isEqualTo(format);
    }

    @Test
    void tableCoversEveryFormat() {
        Set<PlateFormat> covered = EXAMPLES.lines()
                .filter(line -> !line.isBlank())
                .map(line -> PlateFormat.valueOf(line.split(";")[2].strip()))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(PlateFormat.class)));
        assertThat(covered).containsExactlyInAnyOrder(PlateFormat.values());
    }

    @Test
    void rankingPutsUzbekFirstThenNeighboursThenVanityThenGeneric() {
        var byRank = PlateFormat.byRank();
        assertThat(Arrays.stream(PlateFormat.values()).map(PlateFormat::prior).distinct()).hasSize(PlateFormat.values().length);
        assertThat(byRank.get(byRank.size() - 1)).isEqualTo(PlateFormat.GENERIC);
        assertThat(byRank.get(byRank.size() - 2)).isEqualTo(PlateFormat.UZ_VANITY);
        assertThat(byRank.subList(0, 11)).allMatch(f -> f.country() == Country.UZ);
        assertThat(byRank.subList(11, 18)).extracting(PlateFormat::country)
                .containsExactly(Country.KG, Country.KG, Country.KZ, Country.KZ, Country.TJ, Country.RU, Country.TM);
        assertThat(byRank.get(0)).isEqualTo(PlateFormat.UZ_PRIVATE);
    }

    @Test
    void uzbekRegionsMapByRange() {
        assertThat(Country.UZ.regionName("01")).contains("Tashkent city");
        assertThat(Country.UZ.regionName("09")).contains("Tashkent city");
        assertThat(Country.UZ.regionName("24")).contains("Sirdaryo");
        assertThat(Country.UZ.regionName("99")).contains("Karakalpakstan");
        assertThat(Country.UZ.regionName("00")).isEmpty();
        assertThat(Country.UZ.regionName("1")).isEmpty();
        assertThat(Country.UZ.regionName(null)).isEmpty();
        assertThat(Country.KZ.regionName("01")).contains("Astana");
        assertThat(Country.RU.regionName("77")).isEmpty();
        assertThat(Country.UNKNOWN.displayName()).isEqualTo("Unknown");
    }

    private static List<PlateFormat> formats(String normalized) {
        return PlateClassifier.classify(normalized).stream().map(PlateInterpretation::format).toList();
    }

    private static void assertRejected(String raw, Reason reason) {
        assertThatThrownBy(() -> PlateText.normalize(raw))
                .isInstanceOfSatisfying(InvalidPlateTextException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
