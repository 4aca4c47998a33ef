package dev.plateguard.plates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The formats beyond Uzbekistan and its neighbours (issue 13): real-looking plates read as their format, near misses
 * (one character of the wrong class, wrong length, a letter the country does not issue) do not, and texts that fit
 * several countries list every one of them.
 */
class WorldFormatsTest {

    /** text; format; display. Real-looking plates, each read best as its format. */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = ';', textBlock = """
            BRA2E19  ; BR_MERCOSUR ; BRA2E19
            RIO2A18  ; BR_MERCOSUR ; RIO2A18
            QXZ7K03  ; BR_MERCOSUR ; QXZ7K03
            ABC1234  ; BR_GREY     ; ABC 1234
            KWY0925  ; BR_GREY     ; KWY 0925
            34A12345 ; TR_PRIVATE  ; 34 A 12345
            35AB123  ; TR_PRIVATE  ; 35 AB 123
            16TL0456 ; TR_PRIVATE  ; 16 TL 0456
            34TSL83  ; TR_PRIVATE  ; 34 TSL 83
            81ZYV999 ; TR_PRIVATE  ; 81 ZYV 999
            AB123CD  ; FR_SIV      ; AB 123 CD
            GQ001ZZ  ; FR_SIV      ; GQ 001 ZZ
            EZ000TB  ; IT_PRIVATE  ; EZ 000 TB
            8291BDF  ; ES_PRIVATE  ; 8291 BDF
            0000BBB  ; ES_PRIVATE  ; 0000 BBB
            4417MZW  ; ES_PRIVATE  ; 4417 MZW
            BMW1     ; DE_PRIVATE  ; B MW 1
            KA1      ; DE_PRIVATE  ; K A 1
            HHAB1234 ; DE_PRIVATE  ; HH AB 1234
            KNAB12E  ; DE_PRIVATE  ; KN AB 12 E
            BAA1234H ; DE_PRIVATE  ; B AA 1234 H
            WA12345  ; PL_PRIVATE  ; WA 12345
            KR1234A  ; PL_PRIVATE  ; KR 1234A
            PO1AC23  ; PL_PRIVATE  ; PO 1AC23
            WPIA123  ; PL_PRIVATE  ; WPI A123
            KRA12CE  ; PL_PRIVATE  ; KRA 12CE
            SK1234Y  ; PL_PRIVATE  ; SK 1234Y
            BD51SMR  ; GB_CURRENT  ; BD51 SMR
            LV24XZA  ; GB_CURRENT  ; LV24 XZA
            YP02ABZ  ; GB_CURRENT  ; YP02 ABZ
            MA76KLN  ; GB_CURRENT  ; MA76 KLN
            KA7781EP ; UA_PRIVATE  ; KA 7781 EP
            BC0001XX ; UA_PRIVATE  ; BC 0001 XX
            """)
    void readsRealLookingPlates(String text, PlateFormat format, String display) {
        assertThat(format.matches(text)).isTrue();
        PlateInterpretation best = PlateClassifier.best(text);
        assertThat(best.format()).isEqualTo(format);
        assertThat(best.country()).isEqualTo(format.country());
        assertThat(best.display()).isEqualTo(display);
    }

    /** format; text that is one character class, one length or one forbidden letter away from it. */
    @ParameterizedTest(name = "[{index}] {1} is not {0}")
    @CsvSource(delimiter = ';', textBlock = """
            BR_MERCOSUR ; BRA2119
            BR_MERCOSUR ; BRA2E1
            BR_MERCOSUR ; BRA2E193
            BR_MERCOSUR ; BR42E19
            BR_GREY     ; ABC123
            BR_GREY     ; ABC12345
            BR_GREY     ; AB01234
            TR_PRIVATE  ; 00A1234
            TR_PRIVATE  ; 82A1234
            TR_PRIVATE  ; 34A123
            TR_PRIVATE  ; 34A123456
            TR_PRIVATE  ; 34AB12
            TR_PRIVATE  ; 34AB12345
            TR_PRIVATE  ; 34ABC1
            TR_PRIVATE  ; 34ABC1234
            TR_PRIVATE  ; 34ABCD12
            TR_PRIVATE  ; 34QA123
            TR_PRIVATE  ; 34WX123
            TR_PRIVATE  ; 3AB1234
            FR_SIV      ; AB000CD
            FR_SIV      ; AI123CD
            FR_SIV      ; AB123CO
            FR_SIV      ; UB123CD
            FR_SIV      ; AB1234CD
            FR_SIV      ; AB12CD
            FR_SIV      ; A8123CD
            IT_PRIVATE  ; AQ123CD
            IT_PRIVATE  ; AB123CU
            IT_PRIVATE  ; AB12CD
            ES_PRIVATE  ; 1234ABC
            ES_PRIVATE  ; 1234BCE
            ES_PRIVATE  ; 1234BCQ
            ES_PRIVATE  ; 123BCD
            ES_PRIVATE  ; 12345BCD
            ES_PRIVATE  ; 1234BC
            DE_PRIVATE  ; HHAB0123
            DE_PRIVATE  ; HHAB12345
            DE_PRIVATE  ; HHABC1234
            DE_PRIVATE  ; 1HAB123
            DE_PRIVATE  ; H1234
            DE_PRIVATE  ; HHAB1234X
            PL_PRIVATE  ; WA1234
            PL_PRIVATE  ; WA123456
            PL_PRIVATE  ; WAB1234
            PL_PRIVATE  ; WA1234B
            PL_PRIVATE  ; WA1234O
            PL_PRIVATE  ; WAA12345
            PL_PRIVATE  ; AA12345
            PL_PRIVATE  ; WAAZ123
            GB_CURRENT  ; BD50SMR
            GB_CURRENT  ; BD77SMR
            GB_CURRENT  ; BD01SMR
            GB_CURRENT  ; BI51SMR
            GB_CURRENT  ; ID51SMR
            GB_CURRENT  ; BD51SQR
            GB_CURRENT  ; BD51SM
            GB_CURRENT  ; BD512SMR
            UA_PRIVATE  ; AD1234BB
            UA_PRIVATE  ; AA12345BB
            UA_PRIVATE  ; AA1234B
            UA_PRIVATE  ; AA1234BZ
            """)
    void rejectsNearMisses(PlateFormat format, String text) {
        assertThat(format.matches(text)).isFalse();
        assertThat(PlateClassifier.classify(text)).extracting(PlateInterpretation::format).doesNotContain(format);
    }

    @Test
    void frenchAndItalianPlatesShareALayout() {
        assertThat(formats("AB123CD")).containsExactly(
                PlateFormat.FR_SIV, PlateFormat.IT_PRIVATE, PlateFormat.GENERIC);
        assertThat(formats("WA123CE")).as("also a Polish 2-letter county plate 123AC")
                .containsExactly(PlateFormat.FR_SIV, PlateFormat.IT_PRIVATE, PlateFormat.PL_PRIVATE, PlateFormat.GENERIC);
        assertThat(formats("GQ123ZZ")).as("Q is French, never Italian")
                .containsExactly(PlateFormat.FR_SIV, PlateFormat.GENERIC);
        assertThat(formats("EZ000TB")).as("000 is Italian, never French")
                .containsExactly(PlateFormat.IT_PRIVATE, PlateFormat.GENERIC);
    }

    @Test
    void ukrainianPlatesWithATurkmenSuffixAreTurkmenFirst() {
        assertThat(formats("AA1234AK")).containsExactly(PlateFormat.TM_PRIVATE, PlateFormat.UA_PRIVATE, PlateFormat.GENERIC);
        assertThat(formats("BD51SMR")).as("a British plate fits no other country")
                .containsExactly(PlateFormat.GB_CURRENT, PlateFormat.GENERIC);
    }

    @Test
    void brazilianGreyPlatesAreAlsoGermanMarks() {
        assertThat(formats("ABC1234")).containsExactly(
                PlateFormat.BR_GREY, PlateFormat.DE_PRIVATE, PlateFormat.GENERIC);
        assertThat(formats("KRA1C23")).as("Mercosur or Polish 3-letter county 1A23")
                .containsExactly(PlateFormat.BR_MERCOSUR, PlateFormat.PL_PRIVATE, PlateFormat.GENERIC);
    }

    @Test
    void turkishPlatesWithAnUzbekRegionCodeStayUzbekFirst() {
        // 10 A 1234 is also the Uzbek 1998 layout; the Uzbek reading keeps its place.
        assertThat(formats("10A1234")).containsExactly(
                PlateFormat.UZ_LEGACY, PlateFormat.TR_PRIVATE, PlateFormat.UZ_VANITY, PlateFormat.GENERIC);
        var tr = PlateClassifier.classify("10A1234").get(1);
        assertThat(tr.regionCode()).isEqualTo("10");
        assertThat(tr.region()).isNull();
        assertThat(tr.display()).isEqualTo("10 A 1234");
        // Every Turkish NN L NNNN plate fits the Uzbek 1998 pattern, whose region codes are not checked.
        assertThat(formats("34A1234")).startsWith(PlateFormat.UZ_LEGACY, PlateFormat.TR_PRIVATE);
        assertThat(PlateClassifier.best("34A12345").format()).isEqualTo(PlateFormat.TR_PRIVATE);
        assertThat(formats("WPIA123")).as("Polish 3-letter county A123, also a German mark")
                .containsExactly(PlateFormat.PL_PRIVATE, PlateFormat.DE_PRIVATE, PlateFormat.GENERIC);
    }

    @Test
    void uzbekAndNeighbourPlatesMatchNoNewFormat() {
        for (String text : List.of("01A123BC", "01123ABC", "01H123456", "01M123456", "D001234", "CMD001", "T12345601",
                "011234AB", "123AB01", "01123AB", "123ABC02", "123AB02", "02123ABC", "B1234AB", "1234AB02", "A123BC77",
                "AB1234AG", "SARVAR")) {
            assertThat(PlateClassifier.classify(text)).extracting(i -> i.country())
                    .as(text).doesNotContain(Country.BR, Country.TR, Country.FR, Country.IT, Country.ES, Country.DE,
                            Country.PL);
        }
    }

    @Test
    void newCountriesHaveNames() {
        assertThat(Country.BR.displayName()).isEqualTo("Brazil");
        assertThat(Country.TR.displayName()).isEqualTo("Turkey");
        assertThat(Country.DE.regionName("HH")).isEmpty();
    }

    private static List<PlateFormat> formats(String normalized) {
        return PlateClassifier.classify(normalized).stream().map(PlateInterpretation::format).toList();
    }
}
