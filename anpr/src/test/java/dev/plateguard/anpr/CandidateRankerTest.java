package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.plateguard.plates.Country;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateRankerTest {

    static final String ALPHABET = OnnxTestModels.ALPHABET;
    static final int CLASSES = ALPHABET.length() + 1;

    /**
     * Frames spelling {@code text} (character frames separated by blank frames); at character position
     * {@code altAt} the probability is split: {@code 1 - altP} for the text's character, {@code altP} for {@code alt}.
     */
    static float[] spell(String text, int altAt, char alt, double altP) {
        int steps = 2 * text.length() + 1;
        double[][] rows = new double[steps][CLASSES];
        for (int t = 0; t < steps; t++) {
            java.util.Arrays.fill(rows[t], 1e-6);
            if (t % 2 == 1) {
                int k = t / 2;
                rows[t][ALPHABET.indexOf(text.charAt(k)) + 1] = k == altAt ? 1 - altP : 1;
                if (k == altAt) {
                    rows[t][ALPHABET.indexOf(alt) + 1] = altP;
                }
            } else {
                rows[t][0] = 1;
            }
        }
        return CtcDecoderTest.lp(rows);
    }

    static List<Candidate> rank(float[] lp, double boost, Country hint) {
        return new CandidateRanker(ALPHABET, boost, hint).rank(lp, 0, lp.length / CLASSES, CLASSES, 16, 10);
    }

    @Test
    void aKnownFormatOutranksALikelierTextThatFitsNone() {
        // the reader prefers the letter O (0.6) over the digit 0 (0.4) in the region code
        List<Candidate> c = rank(spell("O1A123BC", 0, '0', 0.4), 3, null);
        assertThat(c.get(0).text()).isEqualTo("01A123BC");
        assertThat(c.get(0).format()).isEqualTo("UZ_PRIVATE");
        assertThat(c.get(0).modelProbability()).isCloseTo(0.4, within(0.01));
        assertThat(c.get(1).text()).isEqualTo("O1A123BC");
        assertThat(c.get(1).format()).isNull();
        // confidence = p·w / Z: 0.4·3 / (0.4·3 + 0.6 + ...)
        assertThat(c.get(0).confidence()).isCloseTo(1.2 / 1.8, within(0.01));
        assertThat(c.stream().mapToDouble(Candidate::confidence).sum()).isLessThanOrEqualTo(1 + 1e-9);
    }

    @Test
    void aDigitZeroReadAsUInADigitPlaceComesBack() {
        // 01 A 1U3 BC: the reader saw U (0.7) where the private format has a digit; 0 had 0.3
        List<Candidate> c = rank(spell("01A1U3BC", 4, '0', 0.3), 3, null);
        assertThat(c.get(0).text()).isEqualTo("01A103BC");
        assertThat(c.get(0).format()).isEqualTo("UZ_PRIVATE");
    }

    @Test
    void withoutTheBoostTheModelDecides() {
        List<Candidate> c = rank(spell("O1A123BC", 0, '0', 0.4), 1, null);
        assertThat(c.get(0).text()).isEqualTo("O1A123BC");
        assertThat(c.get(0).confidence()).isCloseTo(c.get(0).modelProbability(), within(1e-12));
    }

    @Test
    void aConfidentForeignOrVanityTextStays() {
        // a European plate: nothing to boost; a look-alike variant is no format either
        List<Candidate> eu = rank(spell("M5XSX", 3, '5', 0.1), 3, null);
        assertThat(eu.get(0).text()).isEqualTo("M5XSX");
        assertThat(eu.get(0).confidence()).isCloseTo(eu.get(0).modelProbability(), within(1e-9));
        assertThat(eu.get(1).text()).isEqualTo("M5X5X");
        // the prior guides but does not force: a confident non-format text beats an unlikely format text
        List<Candidate> strong = rank(spell("O1A123BC", 0, '0', 0.05), 3, null);
        assertThat(strong.get(0).text()).isEqualTo("O1A123BC");
        assertThat(strong).extracting(Candidate::text).contains("01A123BC");
    }

    @Test
    void aPersonalisedReadingOneLookAlikeFromAStandardPlateLosesUnlessFarLikelier() {
        // 01 010 KEA (legal entity) read as 0101DKEA, which fits only the permissive personalised format
        List<Candidate> legal = rank(spell("0101DKEA", 4, '0', 0.15), 3, null);
        assertThat(legal.get(0).text()).isEqualTo("01010KEA");
        assertThat(legal.get(0).format()).isEqualTo("UZ_LEGAL_ENTITY");
        // 01 A 103 BC (private): positions 3-5 are digits, so D cannot stand there
        List<Candidate> priv = rank(spell("01A1D3BC", 4, '0', 0.15), 3, null);
        assertThat(priv.get(0).text()).isEqualTo("01A103BC");
        // ... unless the personalised reading is more than formatBoost² times likelier
        List<Candidate> sure = rank(spell("0101DKEA", 4, '0', 0.05), 3, null);
        assertThat(sure.get(0).text()).isEqualTo("0101DKEA");
        assertThat(sure).extracting(Candidate::text).contains("01010KEA");
        // a personalised text no swap makes standard keeps its weight of 1
        List<Candidate> name = rank(spell("SARVAR", -1, 'X', 0), 3, null);
        assertThat(name.get(0).text()).isEqualTo("SARVAR");
        assertThat(name.get(0).confidence()).isCloseTo(name.get(0).modelProbability(), within(1e-9));
    }

    @Test
    void lookAlikeVariantsThatFitAFormatAreAddedWithTheirExactProbability() {
        // the reader never considers the digit in the first position (1e-6), yet the variant is listed
        List<Candidate> c = rank(spell("O1A123BC", -1, 'X', 0), 3, null);
        assertThat(c.get(0).text()).isEqualTo("O1A123BC");
        assertThat(c).extracting(Candidate::text).contains("01A123BC");
        Candidate variant = c.stream().filter(x -> x.text().equals("01A123BC")).findFirst().orElseThrow();
        assertThat(variant.modelProbability()).isLessThan(1e-4).isGreaterThan(0);
        CandidateRanker ranker = new CandidateRanker(ALPHABET, 3, null);
        assertThat(ranker.formatVariants("O1A123BC")).contains("01A123BC").doesNotContain("O1A123BC");
        assertThat(ranker.formatVariants("OIAI23BC")).contains("01A123BC");
        assertThat(ranker.formatVariants("M5XSX")).isEmpty();
    }

    @Test
    void candidatesAreOrderedAndAtMostTopN() {
        float[] lp = spell("01A123BC", 4, '8', 0.3);
        List<Candidate> c = new CandidateRanker(ALPHABET, 3, null).rank(lp, 0, lp.length / CLASSES, CLASSES, 16, 3);
        assertThat(c).hasSize(3);
        for (int k = 1; k < c.size(); k++) {
            assertThat(c.get(k).confidence()).isLessThanOrEqualTo(c.get(k - 1).confidence());
        }
    }

    @Test
    void theCountryHintBreaksTiesBetweenCountries() {
        // 01123ABC is an Uzbek legal-entity plate or a Kyrgyz private one
        CandidateRanker none = new CandidateRanker(ALPHABET, 3, null);
        assertThat(none.info("01123ABC").countryCode()).isEqualTo("UZ");
        assertThat(none.info("01123ABC").formatName()).isEqualTo("UZ_LEGAL_ENTITY");
        CandidateRanker kg = new CandidateRanker(ALPHABET, 3, Country.KG);
        assertThat(kg.info("01123ABC").countryCode()).isEqualTo("KG");
        assertThat(kg.info("01123ABC").formatName()).isEqualTo("KG_PRIVATE");
        // a hint for a country the text cannot be keeps the best reading
        assertThat(new CandidateRanker(ALPHABET, 3, Country.TM).info("01A123BC").formatName()).isEqualTo("UZ_PRIVATE");
        // an unknown text has no country or format
        assertThat(none.info("ABCDEFGHJK").countryCode()).isNull();
        assertThat(none.info("ABCDEFGHJK").formatName()).isNull();
    }

    @Test
    void formatsOfOtherCountriesResolveLookAlikesAndNameTheirCountry() {
        CandidateRanker r = new CandidateRanker(ALPHABET, 4, null);
        assertThat(r.info("BRA2E19").weight()).isEqualTo(2.0); // Brazilian Mercosur: foreign, so the smaller boost
        assertThat(r.info("BRA2E19").countryCode()).isEqualTo("BR");
        assertThat(r.info("8291BDF").formatName()).isEqualTo("ES_PRIVATE");
        assertThat(r.info("34ABC123").countryCode()).isEqualTo("TR");
        // a leading O read as 0 and a 1 read as I (the Brazilian misses of issue 13) have a Brazilian variant
        assertThat(r.formatVariants("0BR1234")).contains("OBR1234");
        assertThat(r.formatVariants("BRA2EI9")).contains("BRA2E19");
        // a French/Italian text takes the hinted country
        assertThat(new CandidateRanker(ALPHABET, 4, Country.IT).info("AB123CD").formatName()).isEqualTo("IT_PRIVATE");
        assertThat(r.info("AB123CD").formatName()).isEqualTo("FR_SIV");
        // an Uzbek plate keeps the full boost and its Uzbek reading
        assertThat(r.info("01A123BC").weight()).isEqualTo(4.0);
        assertThat(r.info("10A1234").formatName()).isEqualTo("UZ_LEGACY");
    }

    @Test
    void neighbourFormatsGetASmallerBoost() {
        CandidateRanker r = new CandidateRanker(ALPHABET, 4, null);
        assertThat(r.info("01A123BC").weight()).isEqualTo(4.0);
        assertThat(r.info("123ABC02").weight()).isEqualTo(2.0); // Kazakh private
        assertThat(r.info("SARVAR").weight()).isEqualTo(1.0); // Uzbek personalised: possible, not boosted
        assertThat(r.info("ABCDEFGHJK").weight()).isEqualTo(1.0);
    }

    @Test
    void noTextMeansNoCandidates() {
        double[][] rows = new double[5][CLASSES];
        for (double[] row : rows) {
            java.util.Arrays.fill(row, 1e-9);
            row[0] = 1;
        }
        assertThat(rank(CtcDecoderTest.lp(rows), 3, null)).isEmpty();
    }
}
