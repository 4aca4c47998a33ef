package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcDecoderTest {

    /** Log-probabilities from rows of probabilities (normalised per row). */
    static float[] lp(double[][] rows) {
        int c = rows[0].length;
        float[] out = new float[rows.length * c];
        for (int t = 0; t < rows.length; t++) {
            double sum = 0;
            for (double v : rows[t]) {
                sum += v;
            }
            for (int k = 0; k < c; k++) {
                out[t * c + k] = (float) Math.log(rows[t][k] / sum);
            }
        }
        return out;
    }

    /** Every alignment enumerated: the exact distribution over texts. */
    static Map<String, Double> bruteForce(float[] lp, int steps, int classes, String alphabet) {
        Map<String, Double> out = new HashMap<>();
        int[] path = new int[steps];
        int total = (int) Math.pow(classes, steps);
        for (int code = 0; code < total; code++) {
            int x = code;
            double logp = 0;
            for (int t = 0; t < steps; t++) {
                path[t] = x % classes;
                x /= classes;
                logp += lp[t * classes + path[t]];
            }
            StringBuilder b = new StringBuilder();
            int prev = 0;
            for (int t = 0; t < steps; t++) {
                if (path[t] != 0 && path[t] != prev) {
                    b.append(alphabet.charAt(path[t] - 1));
                }
                prev = path[t];
            }
            out.merge(b.toString(), Math.exp(logp), Double::sum);
        }
        return out;
    }

    @Test
    void greedyCollapsesRepeatsAndDropsBlanks() {
        // classes: blank, A, B
        float[] x = lp(new double[][] {
                {0.1, 0.8, 0.1}, {0.1, 0.8, 0.1}, {0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}, {0.1, 0.1, 0.8}, {0.1, 0.1, 0.8}, {0.9, 0.05, 0.05}});
        CtcDecoder.Decoded d = CtcDecoder.greedy(x, 0, 7, 3, "AB");
        assertThat(d.text()).isEqualTo("AAB");
        assertThat(d.probability()).isBetween(0.0, 1.0);
        assertThat(d.probability()).isCloseTo(bruteForce(x, 7, 3, "AB").get("AAB"), within(1e-6));
    }

    @Test
    void greedyOfAllBlanksIsEmpty() {
        float[] x = lp(new double[][] {{0.9, 0.05, 0.05}, {0.9, 0.05, 0.05}});
        assertThat(CtcDecoder.greedy(x, 0, 2, 3, "AB").text()).isEmpty();
    }

    @Test
    void forwardProbabilityEqualsTheSumOverAlignments() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int steps = 1 + random.nextInt(6);
            double[][] rows = new double[steps][4];
            for (double[] r : rows) {
                for (int c = 0; c < 4; c++) {
                    r[c] = 0.01 + random.nextDouble();
                }
            }
            float[] x = lp(rows);
            Map<String, Double> exact = bruteForce(x, steps, 4, "ABC");
            for (Map.Entry<String, Double> e : exact.entrySet()) {
                assertThat(Math.exp(CtcDecoder.logProbability(x, 0, steps, 4, "ABC", e.getKey())))
                        .as("p(%s) over %d steps", e.getKey(), steps).isCloseTo(e.getValue(), within(1e-6));
            }
            assertThat(CtcDecoder.logProbability(x, 0, steps, 4, "ABC", "AAAAAAAAAAAAA")).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(CtcDecoder.logProbability(x, 0, steps, 4, "ABC", "Z")).isEqualTo(Double.NEGATIVE_INFINITY);
        }
    }

    @Test
    void aRepeatedCharacterNeedsABlankBetween() {
        // two steps cannot spell "AA" (it needs A, blank, A)
        float[] x = lp(new double[][] {{0.2, 0.6, 0.2}, {0.2, 0.6, 0.2}});
        assertThat(CtcDecoder.logProbability(x, 0, 2, 3, "AB", "AA")).isEqualTo(Double.NEGATIVE_INFINITY);
        float[] y = lp(new double[][] {{0.2, 0.6, 0.2}, {0.6, 0.2, 0.2}, {0.2, 0.6, 0.2}});
        assertThat(Math.exp(CtcDecoder.logProbability(y, 0, 3, 3, "AB", "AA"))).isCloseTo(0.6 * 0.6 * 0.6, within(1e-6));
    }

    @Test
    void beamSearchFindsTheMostLikelyTextsInOrder() {
        Random random = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int steps = 2 + random.nextInt(5);
            double[][] rows = new double[steps][4];
            for (double[] r : rows) {
                for (int c = 0; c < 4; c++) {
                    r[c] = Math.pow(random.nextDouble(), 3) + 0.001;
                }
            }
            float[] x = lp(rows);
            Map<String, Double> exact = bruteForce(x, steps, 4, "ABC");
            List<Map.Entry<String, Double>> ranked = exact.entrySet().stream().filter(e -> !e.getKey().isEmpty())
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList();
            // a beam as wide as the number of texts keeps every prefix: the result is exact
            List<CtcDecoder.Decoded> beam = CtcDecoder.beamSearch(x, 0, steps, 4, "ABC", 200, 5);
            assertThat(beam).hasSize(Math.min(5, ranked.size()));
            for (int k = 0; k < beam.size(); k++) {
                assertThat(beam.get(k).probability()).isCloseTo(ranked.get(k).getValue(), within(1e-6));
                assertThat(exact.get(beam.get(k).text())).isCloseTo(beam.get(k).probability(), within(1e-6));
            }
            double sum = beam.stream().mapToDouble(CtcDecoder.Decoded::probability).sum();
            assertThat(sum).isLessThanOrEqualTo(1.0 + 1e-9);
        }
    }

    @Test
    void narrowBeamStillRanksByExactProbability() {
        // "AB" is likely; alternatives differ in one position
        float[] x = lp(new double[][] {{0.05, 0.7, 0.2, 0.05}, {0.8, 0.1, 0.05, 0.05}, {0.05, 0.05, 0.6, 0.3}, {0.9, 0.04, 0.03, 0.03}});
        List<CtcDecoder.Decoded> beam = CtcDecoder.beamSearch(x, 0, 4, 4, "ABC", 4, 3);
        assertThat(beam).extracting(CtcDecoder.Decoded::text).first().isEqualTo("AB");
        assertThat(beam).extracting(CtcDecoder.Decoded::text).contains("AC", "BB");
        for (int k = 1; k < beam.size(); k++) {
            assertThat(beam.get(k).probability()).isLessThanOrEqualTo(beam.get(k - 1).probability());
        }
        assertThat(beam.stream().mapToDouble(CtcDecoder.Decoded::probability).sum()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void readsAtAnOffsetInABatch() {
        float[] one = lp(new double[][] {{0.1, 0.8, 0.1}, {0.8, 0.1, 0.1}, {0.1, 0.1, 0.8}});
        float[] batch = new float[one.length * 2];
        System.arraycopy(one, 0, batch, one.length, one.length);
        assertThat(CtcDecoder.greedy(batch, one.length, 3, 3, "AB").text()).isEqualTo("AB");
        assertThat(CtcDecoder.beamSearch(batch, one.length, 3, 3, "AB", 8, 1)).extracting(CtcDecoder.Decoded::text).containsExactly("AB");
    }

    @Test
    void logSoftmaxNormalisesAndIsIdempotentOnLogProbabilities() {
        float[] raw = {1f, 2f, 3f, 0f, 0f, 0f};
        CtcDecoder.logSoftmax(raw, 0, 2, 3);
        double s0 = Math.exp(raw[0]) + Math.exp(raw[1]) + Math.exp(raw[2]);
        assertThat(s0).isCloseTo(1.0, within(1e-6));
        float[] again = raw.clone();
        CtcDecoder.logSoftmax(again, 0, 2, 3);
        for (int k = 0; k < raw.length; k++) {
            assertThat(again[k]).isCloseTo(raw[k], within(1e-6f));
        }
    }

    @Test
    void textsLongerThanAPlateAreNotFollowed() {
        // 40 steps alternating A and blank would spell 20 A's
        double[][] rows = new double[40][];
        for (int t = 0; t < 40; t++) {
            rows[t] = t % 2 == 0 ? new double[] {0.01, 0.99} : new double[] {0.99, 0.01};
        }
        List<CtcDecoder.Decoded> beam = CtcDecoder.beamSearch(lp(rows), 0, 40, 2, "A", 8, 8);
        assertThat(beam).allSatisfy(d -> assertThat(d.text().length()).isLessThanOrEqualTo(16));
    }

    @Test
    void rejectsOutputsThatDisagreeWithTheAlphabet() {
        assertThatThrownBy(() -> CtcDecoder.greedy(new float[6], 0, 2, 3, "ABC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
    }
}
