package dev.plateguard.anpr.synth;

import java.util.List;
import java.util.Random;

/** Small helpers over {@link Random}; every random choice in this package goes through a seeded instance. */
final class Rnd {

    static final String DIGITS = "0123456789";
    static final String LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** Uzbek plate letters: Latin without I (domain-uz.md §1.3). */
    static final String UZ_LETTERS = "ABCDEFGHJKLMNOPQRSTUVWXYZ";
    /** Letters shared by Latin and Cyrillic (Russian, Tajik, Ukrainian plates). */
    static final String CYR12 = "ABEKMHOPCTYX";

    private Rnd() {
    }

    static double uni(Random r, double a, double b) {
        return a + (b - a) * r.nextDouble();
    }

    /** Log-uniform in [a, b] (a, b > 0): as many small values as large ones, per octave. */
    static double logUni(Random r, double a, double b) {
        return Math.exp(uni(r, Math.log(a), Math.log(b)));
    }

    /** Uniform integer in [a, b], both inclusive. */
    static int range(Random r, int a, int b) {
        return a + r.nextInt(b - a + 1);
    }

    static boolean chance(Random r, double p) {
        return p > 0 && r.nextDouble() < p;
    }

    /** Symmetric value in [-m, m]. */
    static double sym(Random r, double m) {
        return (r.nextDouble() * 2 - 1) * m;
    }

    /** Gaussian with standard deviation {@code sigma}, clamped to ±{@code clamp}. */
    static double gauss(Random r, double sigma, double clamp) {
        double g = r.nextGaussian() * sigma;
        return Math.max(-clamp, Math.min(clamp, g));
    }

    @SafeVarargs
    static <T> T pick(Random r, T... items) {
        return items[r.nextInt(items.length)];
    }

    static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    static char pick(Random r, String alphabet) {
        return alphabet.charAt(r.nextInt(alphabet.length()));
    }

    static String chars(Random r, String alphabet, int n) {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(pick(r, alphabet));
        }
        return sb.toString();
    }

    static String digits(Random r, int n) {
        return chars(r, DIGITS, n);
    }

    /** Index drawn with probability proportional to {@code weights[i]}. */
    static int weighted(Random r, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /**
     * Expands a pattern: {@code N} digit, {@code L} letter from {@code letters}, {@code A} letter or digit; any other
     * character is kept (spaces and dashes are layout, not text).
     */
    static String pattern(Random r, String pattern, String letters) {
        var sb = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char p = pattern.charAt(i);
            switch (p) {
                case 'N' -> sb.append(pick(r, DIGITS));
                case 'L' -> sb.append(pick(r, letters));
                case 'A' -> sb.append(r.nextInt(3) == 0 ? pick(r, DIGITS) : pick(r, letters));
                default -> sb.append(p);
            }
        }
        return sb.toString();
    }

    /** Keeps only A–Z and 0–9. */
    static String norm(String s) {
        var sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A fast 64-bit generator for per-pixel noise (xorshift*), seeded from a {@link Random}. */
    static final class Fast {
        private long s;

        Fast(long seed) {
            s = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        }

        long next() {
            s ^= s >>> 12;
            s ^= s << 25;
            s ^= s >>> 27;
            return s * 0x2545F4914F6CDD1DL;
        }

        /** Uniform in [0, 1). */
        double unit() {
            return (next() >>> 11) * 0x1.0p-53;
        }

        /** Approximately standard normal (sum of four uniforms, scaled). */
        double gauss() {
            long v = next();
            int a = (int) (v & 0xFFFF);
            int b = (int) ((v >>> 16) & 0xFFFF);
            int c = (int) ((v >>> 32) & 0xFFFF);
            int d = (int) ((v >>> 48) & 0xFFFF);
            return ((a + b + c + d) / 65536.0 - 2.0) * 1.7320508;
        }
    }
}
