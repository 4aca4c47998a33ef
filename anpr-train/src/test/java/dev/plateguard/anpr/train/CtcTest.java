package dev.plateguard.anpr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcTest {

    private static float[] logSoftmax(double[] z, int steps, int classes) {
        float[] out = new float[z.length];
        for (int t = 0; t < steps; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, z[t * classes + k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(z[t * classes + k] - max);
            }
            for (int k = 0; k < classes; k++) {
                out[t * classes + k] = (float) (z[t * classes + k] - max - Math.log(sum));
            }
        }
        return out;
    }

    /** −log p by enumerating every path of length T and collapsing it. */
    private static double bruteForce(float[] lp, int steps, int classes, int[] label) {
        double p = 0;
        int[] path = new int[steps];
        int total = (int) Math.pow(classes, steps);
        for (int code = 0; code < total; code++) {
            int c = code;
            double logp = 0;
            for (int t = 0; t < steps; t++) {
                path[t] = c % classes;
                c /= classes;
                logp += lp[t * classes + path[t]];
            }
            StringBuilder sb = new StringBuilder();
            int prev = 0;
            for (int t = 0; t < steps; t++) {
                if (path[t] != 0 && path[t] != prev) {
                    sb.append((char) ('a' + path[t]));
                }
                prev = path[t];
            }
            StringBuilder want = new StringBuilder();
            for (int l : label) {
                want.append((char) ('a' + l));
            }
            if (sb.toString().equals(want.toString())) {
                p += Math.exp(logp);
            }
        }
        return -Math.log(p);
    }

    @Test
    void lossMatchesEnumerationOfAllPaths() {
        Random r = new Random(3);
        int steps = 6;
        int classes = 4;
        for (int[] label : new int[][] {{1}, {1, 2}, {2, 2}, {1, 2, 1}, {3, 3, 1}}) {
            double[] z = new double[steps * classes];
            for (int i = 0; i < z.length; i++) {
                z[i] = r.nextGaussian();
            }
            float[] lp = logSoftmax(z, steps, classes);
            Ctc.Result res = Ctc.lossAndGamma(lp, 1, steps, classes, new int[][] {label});
            assertThat(res.loss()[0]).isCloseTo(bruteForce(lp, steps, classes, label), within(1e-4));
        }
    }

    @Test
    void gradientThroughLogSoftmaxMatchesFiniteDifferences() {
        Random r = new Random(5);
        int steps = 7;
        int classes = 5;
        int[] label = {2, 2, 4};
        double[] z = new double[steps * classes];
        for (int i = 0; i < z.length; i++) {
            z[i] = r.nextGaussian();
        }
        float[] lp = logSoftmax(z, steps, classes);
        Ctc.Result res = Ctc.lossAndGamma(lp, 1, steps, classes, new int[][] {label});
        for (int i = 0; i < z.length; i++) {
            // analytic: softmax − γ
            double analytic = Math.exp(lp[i]) - res.gamma()[i];
            double h = 1e-3;
            double[] zp = z.clone();
            zp[i] += h;
            double[] zm = z.clone();
            zm[i] -= h;
            double lpP = Ctc.lossAndGamma(logSoftmax(zp, steps, classes), 1, steps, classes, new int[][] {label}).loss()[0];
            double lpM = Ctc.lossAndGamma(logSoftmax(zm, steps, classes), 1, steps, classes, new int[][] {label}).loss()[0];
            assertThat(analytic).as("dz %d", i).isCloseTo((lpP - lpM) / (2 * h), within(2e-3));
        }
    }

    @Test
    void labelsThatCannotFitAreSkipped() {
        float[] lp = logSoftmax(new double[3 * 4], 3, 4);
        Ctc.Result res = Ctc.lossAndGamma(lp, 1, 3, 4, new int[][] {{1, 1, 2}});
        assertThat(res.loss()[0]).isNaN();
        assertThat(res.feasible()).isZero();
        assertThat(Ctc.minSteps(new int[] {1, 1, 2})).isEqualTo(4);
    }

    @Test
    void greedyCollapsesRepeatsAndDropsBlanks() {
        int classes = ReaderNet.CLASSES;
        int[] path = {0, 11, 11, 0, 11, 1, 1, 0};
        float[] lp = new float[path.length * classes];
        java.util.Arrays.fill(lp, -10f);
        for (int t = 0; t < path.length; t++) {
            lp[t * classes + path[t]] = 0f;
        }
        assertThat(Ctc.greedy(lp, 0, path.length, classes)).isEqualTo("AA0");
        assertThat(Ctc.normalise("01 a-123 bc")).isEqualTo("01A123BC");
        assertThat(Ctc.encode("A0")).containsExactly(11, 1);
    }
}
