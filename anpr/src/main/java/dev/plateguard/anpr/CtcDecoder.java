package dev.plateguard.anpr;

import dev.plateguard.plates.PlateText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * CTC decoding of the reader's output (docs/anpr-models.md): {@code steps × classes} log-probabilities per plate,
 * class 0 the blank, class i {@code alphabet.charAt(i - 1)}. Text is the label sequence with repeats collapsed and
 * blanks dropped. Training (anpr-train) can decode its validation outputs with this same class.
 *
 * <p>All methods read one plate's output from {@code logProbs[offset .. offset + steps × classes)}, time step by
 * time step.
 */
public final class CtcDecoder {

    /** Characters whose probability at a step is below this are not tried there as extensions in the beam search. */
    private static final double EXTEND = 1e-4;

    /**
     * A decoded text.
     *
     * @param text        the text (may be empty for the greedy path)
     * @param probability p(text | image): the reader's probability summed over every alignment of the text
     */
    public record Decoded(String text, double probability) {
    }

    private CtcDecoder() {
    }

    /**
     * Normalises each time step to log-probabilities in place. The reader already outputs log-probabilities, and for
     * those this changes nothing but rounding; it makes decoding robust to a model that outputs raw scores.
     */
    public static void logSoftmax(float[] x, int offset, int steps, int classes) {
        for (int t = 0; t < steps; t++) {
            int o = offset + t * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, x[o + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(x[o + c] - max);
            }
            float log = (float) (max + Math.log(sum));
            for (int c = 0; c < classes; c++) {
                x[o + c] -= log;
            }
        }
    }

    /** Best path decoding: the most likely class at each step, repeats collapsed, blanks dropped. */
    public static Decoded greedy(float[] logProbs, int offset, int steps, int classes, String alphabet) {
        checkShape(classes, alphabet);
        StringBuilder b = new StringBuilder();
        int prev = 0;
        for (int t = 0; t < steps; t++) {
            int o = offset + t * classes;
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logProbs[o + c] > logProbs[o + best]) {
                    best = c;
                }
            }
            if (best != 0 && best != prev) {
                b.append(alphabet.charAt(best - 1));
            }
            prev = best;
        }
        String text = b.toString();
        return new Decoded(text, Math.exp(logProbability(logProbs, offset, steps, classes, alphabet, text)));
    }

    /**
     * Prefix beam search. Keeps the {@code beamWidth} most likely prefixes at each step (a prefix's probability summed
     * over the alignments that end in a blank and those that end in its last character), then scores each surviving
     * text exactly with {@link #logProbability}. Characters below probability 1e-4 at a step are not tried as
     * extensions there; texts longer than {@link PlateText#MAX_LENGTH} are not followed.
     *
     * @return up to {@code topN} distinct non-empty texts, most likely first; their probabilities sum to at most 1
     */
    public static List<Decoded> beamSearch(float[] logProbs, int offset, int steps, int classes, String alphabet,
                                           int beamWidth, int topN) {
        return beamSearch(new Frames(logProbs, offset, steps, classes, alphabet), beamWidth, topN);
    }

    static List<Decoded> beamSearch(Frames f, int beamWidth, int topN) {
        int steps = f.steps;
        int classes = f.classes;
        double[] p = f.p;
        Trie trie = new Trie(classes);
        int[] beam = new int[beamWidth];
        int beamSize = 1;
        beam[0] = 0; // the root: the empty prefix
        trie.blank[0] = 1;
        trie.nonBlank[0] = 0;
        int[] candidates = new int[classes];
        int[] touched = new int[16];
        for (int t = 0; t < steps; t++) {
            int o = t * classes;
            int nc = 0;
            for (int c = 1; c < classes; c++) {
                if (p[o + c] >= EXTEND) {
                    candidates[nc++] = c;
                }
            }
            int stamp = t + 1;
            int nt = 0;
            double blank = p[o];
            for (int b = 0; b < beamSize; b++) {
                int n = beam[b];
                double pb = trie.blank[n];
                double pnb = trie.nonBlank[n];
                double total = pb + pnb;
                if (trie.stamp[n] != stamp) {
                    trie.reset(n, stamp);
                    touched = add(touched, nt++, n);
                }
                trie.nextBlank[n] += total * blank;
                int last = trie.cls[n];
                if (last != 0) {
                    // the last character repeated without a blank in between collapses into the same text
                    trie.nextNonBlank[n] += pnb * p[o + last];
                }
                if (trie.length[n] >= PlateText.MAX_LENGTH) {
                    continue;
                }
                for (int k = 0; k < nc; k++) {
                    int c = candidates[k];
                    int m = trie.child(n, c);
                    if (trie.stamp[m] != stamp) {
                        trie.reset(m, stamp);
                        touched = add(touched, nt++, m);
                    }
                    // after the same character, a new one needs a blank in between
                    trie.nextNonBlank[m] += (c == last ? pb : total) * p[o + c];
                }
            }
            // keep the beamWidth best of the touched prefixes (ties: the older prefix), rescaled so the best is 1
            beamSize = 0;
            for (int k = 0; k < nt; k++) {
                int n = touched[k];
                double score = trie.nextBlank[n] + trie.nextNonBlank[n];
                if (beamSize < beamWidth) {
                    int at = beamSize++;
                    while (at > 0 && better(trie, n, score, beam[at - 1])) {
                        beam[at] = beam[at - 1];
                        at--;
                    }
                    beam[at] = n;
                } else if (better(trie, n, score, beam[beamSize - 1])) {
                    int at = beamSize - 1;
                    while (at > 0 && better(trie, n, score, beam[at - 1])) {
                        beam[at] = beam[at - 1];
                        at--;
                    }
                    beam[at] = n;
                }
            }
            double top = beamSize == 0 ? 0 : trie.nextBlank[beam[0]] + trie.nextNonBlank[beam[0]];
            if (!(top > 0)) {
                return List.of(); // every path has probability zero
            }
            for (int b = 0; b < beamSize; b++) {
                int n = beam[b];
                trie.blank[n] = trie.nextBlank[n] / top;
                trie.nonBlank[n] = trie.nextNonBlank[n] / top;
            }
        }
        List<Decoded> out = new ArrayList<>(beamSize);
        for (int b = 0; b < beamSize; b++) {
            if (beam[b] != 0) {
                String text = trie.text(beam[b], f.alphabet);
                out.add(new Decoded(text, Math.exp(logProbability(f, text))));
            }
        }
        out.sort(Comparator.comparingDouble((Decoded d) -> -d.probability()).thenComparing(Decoded::text));
        return out.size() > topN ? List.copyOf(out.subList(0, topN)) : out;
    }

    private static boolean better(Trie trie, int n, double score, int other) {
        double o = trie.nextBlank[other] + trie.nextNonBlank[other];
        return score > o || (score == o && n < other);
    }

    private static int[] add(int[] a, int at, int v) {
        if (at == a.length) {
            a = java.util.Arrays.copyOf(a, a.length * 2);
        }
        a[at] = v;
        return a;
    }

    /**
     * The exact log-probability of {@code text} under the CTC model (forward algorithm over all alignments).
     *
     * @return negative infinity when the text cannot be aligned (too long for the steps, or a character outside the
     *         alphabet)
     */
    public static double logProbability(float[] logProbs, int offset, int steps, int classes, String alphabet, String text) {
        return logProbability(new Frames(logProbs, offset, steps, classes, alphabet), text);
    }

    /** The forward algorithm in probability space, rescaled at every step (the scales are summed as logarithms). */
    static double logProbability(Frames f, String text) {
        int n = text.length();
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            int idx = f.alphabet.indexOf(text.charAt(k));
            if (idx < 0) {
                return Double.NEGATIVE_INFINITY;
            }
            labels[k] = idx + 1;
        }
        int steps = f.steps;
        int classes = f.classes;
        double[] p = f.p;
        if (steps == 0) {
            return n == 0 ? 0 : Double.NEGATIVE_INFINITY;
        }
        int states = 2 * n + 1;
        double[] alpha = new double[states];
        double[] prev = new double[states];
        alpha[0] = p[0];
        if (n > 0) {
            alpha[1] = p[labels[0]];
        }
        double logScale = 0;
        for (int t = 1; t < steps; t++) {
            double sum = 0;
            for (int s = 0; s < states; s++) {
                sum += alpha[s];
            }
            if (!(sum > 0)) {
                return Double.NEGATIVE_INFINITY;
            }
            logScale += Math.log(sum);
            double[] tmp = prev;
            prev = alpha;
            alpha = tmp;
            int o = t * classes;
            // states that cannot reach the end in the remaining steps, or be reached yet, stay zero
            for (int s = 0; s < states; s++) {
                int label = (s & 1) == 0 ? 0 : labels[s >> 1];
                double a = prev[s];
                if (s > 0) {
                    a += prev[s - 1];
                }
                if (s > 1 && label != 0 && label != labels[(s >> 1) - 1]) {
                    a += prev[s - 2];
                }
                alpha[s] = a / sum * p[o + label];
            }
        }
        double end = n == 0 ? alpha[0] : alpha[states - 1] + alpha[states - 2];
        return end > 0 ? Math.log(end) + logScale : Double.NEGATIVE_INFINITY;
    }

    /** One plate's reader output as probabilities, computed once and shared by the beam search and the scoring. */
    static final class Frames {
        final double[] p;
        final int steps;
        final int classes;
        final String alphabet;

        Frames(float[] logProbs, int offset, int steps, int classes, String alphabet) {
            checkShape(classes, alphabet);
            this.steps = steps;
            this.classes = classes;
            this.alphabet = alphabet;
            this.p = new double[steps * classes];
            for (int k = 0; k < p.length; k++) {
                p[k] = Math.exp(logProbs[offset + k]);
            }
        }
    }

    /** Prefixes as a trie: node 0 is the empty prefix; each node is its parent plus one class. */
    private static final class Trie {
        private final int classes;
        int[] parent = new int[64];
        int[] cls = new int[64];
        int[] length = new int[64];
        int[] stamp = new int[64];
        double[] blank = new double[64];
        double[] nonBlank = new double[64];
        double[] nextBlank = new double[64];
        double[] nextNonBlank = new double[64];
        int size = 1;
        /** (parent × classes + class) → child + 1, open addressing. */
        private long[] keys = new long[256];
        private int[] values = new int[256];
        private int entries;

        Trie(int classes) {
            this.classes = classes;
        }

        int child(int node, int c) {
            long key = (long) node * classes + c + 1;
            int mask = keys.length - 1;
            int h = (int) (mix(key) & mask);
            while (keys[h] != 0) {
                if (keys[h] == key) {
                    return values[h];
                }
                h = (h + 1) & mask;
            }
            int id = size++;
            if (id == parent.length) {
                grow();
            }
            parent[id] = node;
            cls[id] = c;
            length[id] = length[node] + 1;
            stamp[id] = 0;
            keys[h] = key;
            values[h] = id;
            if (++entries * 2 > keys.length) {
                rehash();
            }
            return id;
        }

        void reset(int n, int s) {
            stamp[n] = s;
            nextBlank[n] = 0;
            nextNonBlank[n] = 0;
        }

        String text(int node, String alphabet) {
            char[] out = new char[length[node]];
            for (int n = node, k = out.length - 1; n != 0; n = parent[n], k--) {
                out[k] = alphabet.charAt(cls[n] - 1);
            }
            return new String(out);
        }

        private static long mix(long k) {
            k ^= k >>> 33;
            k *= 0xff51afd7ed558ccdL;
            k ^= k >>> 33;
            return k;
        }

        private void grow() {
            int n = parent.length * 2;
            parent = java.util.Arrays.copyOf(parent, n);
            cls = java.util.Arrays.copyOf(cls, n);
            length = java.util.Arrays.copyOf(length, n);
            stamp = java.util.Arrays.copyOf(stamp, n);
            blank = java.util.Arrays.copyOf(blank, n);
            nonBlank = java.util.Arrays.copyOf(nonBlank, n);
            nextBlank = java.util.Arrays.copyOf(nextBlank, n);
            nextNonBlank = java.util.Arrays.copyOf(nextNonBlank, n);
        }

        private void rehash() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int k = 0; k < oldKeys.length; k++) {
                if (oldKeys[k] != 0) {
                    int h = (int) (mix(oldKeys[k]) & mask);
                    while (keys[h] != 0) {
                        h = (h + 1) & mask;
                    }
                    keys[h] = oldKeys[k];
                    values[h] = oldValues[k];
                }
            }
        }
    }

    private static void checkShape(int classes, String alphabet) {
        if (classes != alphabet.length() + 1) {
            throw new IllegalArgumentException("reader output has " + classes + " classes, the alphabet needs "
                    + (alphabet.length() + 1) + " (blank + " + alphabet.length() + " characters)");
        }
    }
}
