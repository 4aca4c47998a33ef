package dev.plateguard.anpr.train;

/**
 * Connectionist temporal classification in plain Java (DJL 0.36 has no CTC loss). The forward-backward pass runs on
 * the reader's log-probabilities copied to the heap (a batch is only N × 32 × 37 floats) and yields the loss and,
 * for each step and class, the posterior occupancy γ. Since d(−log p)/d(log y_tk) = −γ_tk, the trainer back-propagates
 * the surrogate {@code −Σ γ·logits} (γ held constant), whose gradient equals the CTC gradient exactly.
 */
public final class Ctc {

    public static final int BLANK = 0;

    private Ctc() {
    }

    /**
     * @param loss  −log p(label) per sample; {@code NaN} where the label cannot fit into T steps (gamma left zero)
     * @param gamma posteriors, same layout as the log-probabilities [N, T, C]
     */
    public record Result(double[] loss, float[] gamma) {

        public double meanLoss() {
            double s = 0;
            int n = 0;
            for (double l : loss) {
                if (!Double.isNaN(l)) {
                    s += l;
                    n++;
                }
            }
            return n == 0 ? Double.NaN : s / n;
        }

        public int feasible() {
            int n = 0;
            for (double l : loss) {
                if (!Double.isNaN(l)) {
                    n++;
                }
            }
            return n;
        }
    }

    /** Class indices (1..C-1) of a text over {@link ReaderNet#ALPHABET}; characters outside it are an error. */
    public static int[] encode(String text) {
        int[] out = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            int k = ReaderNet.ALPHABET.indexOf(text.charAt(i));
            if (k < 0) {
                throw new IllegalArgumentException("character outside the alphabet: '" + text.charAt(i) + "' in " + text);
            }
            out[i] = k + 1;
        }
        return out;
    }

    /** The label text with everything outside the alphabet (spaces, dashes, dots) removed, upper-cased. */
    public static String normalise(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            if (ReaderNet.ALPHABET.indexOf(c) >= 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Steps needed to emit a label: its length plus one blank between each pair of equal neighbours. */
    public static int minSteps(int[] label) {
        int n = label.length;
        for (int i = 1; i < label.length; i++) {
            if (label[i] == label[i - 1]) {
                n++;
            }
        }
        return n;
    }

    public static Result lossAndGamma(float[] logp, int batch, int steps, int classes, int[][] labels) {
        double[] loss = new double[batch];
        float[] gamma = new float[logp.length];
        for (int n = 0; n < batch; n++) {
            loss[n] = one(logp, n * steps * classes, steps, classes, labels[n], gamma);
        }
        return new Result(loss, gamma);
    }

    private static double one(float[] lp, int base, int steps, int classes, int[] label, float[] gamma) {
        if (label.length == 0 || minSteps(label) > steps) {
            return Double.NaN;
        }
        int s = 2 * label.length + 1;
        int[] ext = new int[s];
        for (int i = 0; i < label.length; i++) {
            ext[2 * i + 1] = label[i];
        }
        double[][] alpha = new double[steps][s];
        double[][] beta = new double[steps][s];
        for (double[] row : alpha) {
            java.util.Arrays.fill(row, Double.NEGATIVE_INFINITY);
        }
        for (double[] row : beta) {
            java.util.Arrays.fill(row, Double.NEGATIVE_INFINITY);
        }
        alpha[0][0] = lp[base + ext[0]];
        alpha[0][1] = lp[base + ext[1]];
        for (int t = 1; t < steps; t++) {
            int row = base + t * classes;
            for (int i = 0; i < s; i++) {
                double a = alpha[t - 1][i];
                if (i >= 1) {
                    a = logAdd(a, alpha[t - 1][i - 1]);
                }
                if (i >= 2 && ext[i] != BLANK && ext[i] != ext[i - 2]) {
                    a = logAdd(a, alpha[t - 1][i - 2]);
                }
                alpha[t][i] = a == Double.NEGATIVE_INFINITY ? a : a + lp[row + ext[i]];
            }
        }
        int last = base + (steps - 1) * classes;
        beta[steps - 1][s - 1] = lp[last + ext[s - 1]];
        beta[steps - 1][s - 2] = lp[last + ext[s - 2]];
        for (int t = steps - 2; t >= 0; t--) {
            int row = base + t * classes;
            for (int i = s - 1; i >= 0; i--) {
                double b = beta[t + 1][i];
                if (i + 1 < s) {
                    b = logAdd(b, beta[t + 1][i + 1]);
                }
                if (i + 2 < s && ext[i] != BLANK && ext[i] != ext[i + 2]) {
                    b = logAdd(b, beta[t + 1][i + 2]);
                }
                beta[t][i] = b == Double.NEGATIVE_INFINITY ? b : b + lp[row + ext[i]];
            }
        }
        double logP = logAdd(alpha[steps - 1][s - 1], alpha[steps - 1][s - 2]);
        if (logP == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        for (int t = 0; t < steps; t++) {
            int row = base + t * classes;
            for (int i = 0; i < s; i++) {
                double v = alpha[t][i] + beta[t][i];
                if (v != Double.NEGATIVE_INFINITY) {
                    int k = ext[i];
                    gamma[row + k] += (float) Math.exp(v - lp[row + k] - logP);
                }
            }
        }
        return -logP;
    }

    static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    /** Best path: arg-max per step, repeats collapsed, blanks dropped. */
    public static String greedy(float[] logp, int n, int steps, int classes) {
        StringBuilder sb = new StringBuilder();
        int prev = BLANK;
        for (int t = 0; t < steps; t++) {
            int row = (n * steps + t) * classes;
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (logp[row + k] > logp[row + best]) {
                    best = k;
                }
            }
            if (best != BLANK && best != prev) {
                sb.append(ReaderNet.ALPHABET.charAt(best - 1));
            }
            prev = best;
        }
        return sb.toString();
    }
}
