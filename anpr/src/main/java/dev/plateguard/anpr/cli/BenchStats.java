package dev.plateguard.anpr.cli;

import static dev.plateguard.anpr.AnprJson.rounded;

import dev.plateguard.anpr.AnprJson;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.MinimalPrettyPrinter;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ObjectNode;

/**
 * Benchmark figures of one set of images, and the summary JSON line.
 *
 * @param images        images measured
 * @param plates        labelled plates in them
 * @param detected      labelled plates overlapped by a found plate with IoU ≥ 0.4
 * @param top1          labelled plates whose best-overlapping found plate's best reading is exact
 * @param topN          labelled plates whose best-overlapping found plate has the exact text among its top-N readings
 * @param millis        time per image, one entry per image
 * @param breakdown     width bins, confusions and time by stage (issue 13); empty when not counted
 */
public record BenchStats(int images, int plates, int detected, int top1, int topN, double[] millis, BenchBreakdown breakdown) {

    public BenchStats {
        millis = millis.clone();
        breakdown = breakdown == null ? new BenchBreakdown() : breakdown;
    }

    /** Without a breakdown. */
    public BenchStats(int images, int plates, int detected, int top1, int topN, double[] millis) {
        this(images, plates, detected, top1, topN, millis, null);
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

    /** Sets merged: counts added, times concatenated, breakdowns added up. */
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
        return new BenchStats(images, plates, detected, top1, topN, all,
                BenchBreakdown.merge(sets.stream().map(BenchStats::breakdown).toList()));
    }

    /** {@code {"images": .., "detectionRate": .., "top1": .., "topN": .., "msMedian": .., "msMean": .., "msP90": ..}}, rates as fractions. */
    public String json(Double peakMemoryMb) {
        return SPACED.writeValueAsString(node(peakMemoryMb));
    }

    private ObjectNode node(Double peakMemoryMb) {
        ObjectNode n = AnprJson.MAPPER.createObjectNode().put("images", images)
                .set("detectionRate", rounded(detectionRate(), 4))
                .set("top1", rounded(top1Rate(), 4))
                .set("topN", rounded(topNRate(), 4))
                .set("msMedian", rounded(median(), 2))
                .set("msMean", rounded(mean(), 2))
                .set("msP90", rounded(p90(), 2));
        if (peakMemoryMb != null) {
            n.set("peakMemoryMb", rounded(peakMemoryMb, 1));
        }
        if (!breakdown.isEmpty()) {
            breakdown.addTo(n);
        }
        return n;
    }

    /** The benchmark's last line: {@code {"overall": {...}, "sets": {"eu": {...}, ...}}}. */
    public static String summaryLine(BenchStats overall, double peakMemoryMb, Map<String, BenchStats> sets) {
        return summaryLine(overall, peakMemoryMb, sets, null);
    }

    /**
     * The benchmark's last line, with {@code "mode": mode} after {@code "sets"} when a mode is given
     * ({@code "reader-only"}).
     */
    public static String summaryLine(BenchStats overall, double peakMemoryMb, Map<String, BenchStats> sets, String mode) {
        ObjectNode root = AnprJson.MAPPER.createObjectNode().set("overall", overall.node(peakMemoryMb));
        ObjectNode bySet = root.putObject("sets");
        for (Map.Entry<String, BenchStats> e : sets.entrySet()) {
            bySet.set(e.getKey(), e.getValue().node(null));
        }
        if (mode != null) {
            root.put("mode", mode);
        }
        return SPACED.writeValueAsString(root);
    }

    /** One line with a space after every colon and comma, as the benchmark's summary line has always been written. */
    private static final ObjectWriter SPACED = AnprJson.MAPPER.writer().with(new MinimalPrettyPrinter() {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectNameValueSeparator(JsonGenerator g) {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) {
            g.writeRaw(", ");
        }
    });
}
