package dev.plateguard.anpr.cli;

import dev.plateguard.anpr.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Benchmark figures of one set of images, and the summary JSON line.
 *
 * @param images        images measured
 * @param plates        labelled plates in them
 * @param detected      labelled plates overlapped by a found plate with IoU ≥ 0.4
 * @param top1          labelled plates whose best-overlapping found plate's best reading is exact
 * @param topN          labelled plates whose best-overlapping found plate has the exact text among its top-N readings
 * @param millis        time per image, one entry per image
 */
public record BenchStats(int images, int plates, int detected, int top1, int topN, double[] millis) {

    public BenchStats {
        millis = millis.clone();
    }

    public double detectionRate() {
        return plates == 0 ? 0 : detected / (double) plates;
    }

    public double top1Rate() {
        return plates == 0 ? 0 : top1 / (double) plates;
    }

    public double topNRate() {
        return plates == 0 ? 0 : topN / (double) plates;
    }

    public double median() {
        return median(millis);
    }

    public double mean() {
        return mean(millis);
    }

    public double p90() {
        return percentile(millis, 90);
    }

    /** The median: the middle value, or the mean of the two middle values; NaN when empty. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    public static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).sum() / values.length;
    }

    /** The nearest-rank percentile: the smallest value with at least p % of the values at or below it; NaN when empty. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    /** Sets merged: counts added, times concatenated. */
    public static BenchStats merge(List<BenchStats> sets) {
        int images = 0;
        int plates = 0;
        int detected = 0;
        int top1 = 0;
        int topN = 0;
        double[] all = new double[0];
        for (BenchStats s : sets) {
            images += s.images;
            plates += s.plates;
            detected += s.detected;
            top1 += s.top1;
            topN += s.topN;
            double[] joined = Arrays.copyOf(all, all.length + s.millis.length);
            System.arraycopy(s.millis, 0, joined, all.length, s.millis.length);
            all = joined;
        }
        return new BenchStats(images, plates, detected, top1, topN, all);
    }

    /** {@code {"images": .., "detectionRate": .., "top1": .., "topN": .., "msMedian": .., "msMean": .., "msP90": ..}}, rates as fractions. */
    public String json(Double peakMemoryMb) {
        StringBuilder b = new StringBuilder("{\"images\": ").append(images)
                .append(", \"detectionRate\": ").append(Json.number(detectionRate(), 4))
                .append(", \"top1\": ").append(Json.number(top1Rate(), 4))
                .append(", \"topN\": ").append(Json.number(topNRate(), 4))
                .append(", \"msMedian\": ").append(Json.number(median(), 2))
                .append(", \"msMean\": ").append(Json.number(mean(), 2))
                .append(", \"msP90\": ").append(Json.number(p90(), 2));
        if (peakMemoryMb != null) {
            b.append(", \"peakMemoryMb\": ").append(Json.number(peakMemoryMb, 1));
        }
        return b.append('}').toString();
    }

    /** The benchmark's last line: {@code {"overall": {...}, "sets": {"eu": {...}, ...}}}. */
    public static String summaryLine(BenchStats overall, double peakMemoryMb, Map<String, BenchStats> sets) {
        StringBuilder b = new StringBuilder("{\"overall\": ").append(overall.json(peakMemoryMb)).append(", \"sets\": {");
        boolean first = true;
        for (Map.Entry<String, BenchStats> e : sets.entrySet()) {
            b.append(first ? "" : ", ").append(Json.quote(e.getKey())).append(": ").append(e.getValue().json(null));
            first = false;
        }
        return b.append("}}").toString();
    }
}
