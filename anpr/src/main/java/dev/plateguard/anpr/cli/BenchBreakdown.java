package dev.plateguard.anpr.cli;

import static dev.plateguard.anpr.AnprJson.rounded;

import dev.plateguard.anpr.Timings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark's breakdown of one set (issue 13): labelled plates by width, the character confusions of misread
 * plates, and the mean time per image by stage. Mutable while a set runs; {@link #merge} adds sets up.
 */
public final class BenchBreakdown {

    /** Upper bounds (exclusive) of the width bins, in labelled-box pixels; the last bin is open. */
    static final int[] WIDTH_LIMITS = {80, 120};
    /** Bin names, as printed and in JSON. */
    static final List<String> WIDTH_BINS = List.of("<80", "80-119", ">=120");
    /** Confusion pairs printed and written per set. */
    static final int TOP_PAIRS = 10;

    /** Plates, detected and top-1 hits of one width bin. */
    static final class Bin {
        int plates;
        int detected;
        int top1;
    }

    private final Map<String, Bin> bins = new LinkedHashMap<>();
    /** Character substitutions truth→reading of misread plates read with as many characters as the truth. */
    private final Map<String, Integer> pairs = new TreeMap<>();
    /** Misread plates (a reading, not the truth). */
    private int misread;
    /** Misread plates with a reading of the truth's length. */
    private int sameLength;
    /** Misread plates read with fewer characters than the truth. */
    private int lost;
    /** Misread plates read with more characters than the truth. */
    private int gained;
    private Timings stageSum = Timings.NONE;
    private int timedImages;

    public BenchBreakdown() {
        for (String name : WIDTH_BINS) {
            bins.put(name, new Bin());
        }
    }

    /** The bin of a labelled box {@code width} pixels wide. */
    static String widthBin(double width) {
        for (int k = 0; k < WIDTH_LIMITS.length; k++) {
            if (width < WIDTH_LIMITS[k]) {
                return WIDTH_BINS.get(k);
            }
        }
        return WIDTH_BINS.get(WIDTH_BINS.size() - 1);
    }

    /** Counts one labelled plate in its width bin. */
    public void plate(double width, boolean detected, boolean top1) {
        Bin b = bins.get(widthBin(width));
        b.plates++;
        b.detected += detected ? 1 : 0;
        b.top1 += top1 ? 1 : 0;
    }

    /**
     * Counts one reading against its truth (both normalised): nothing when equal or when there is no reading; per
     * position substitutions when the lengths agree; else a lost or gained length.
     */
    public void reading(String truth, String read) {
        if (read == null || read.equals(truth)) {
            return;
        }
        misread++;
        if (read.length() < truth.length()) {
            lost++;
        } else if (read.length() > truth.length()) {
            gained++;
        } else {
            sameLength++;
            for (int i = 0; i < truth.length(); i++) {
                if (truth.charAt(i) != read.charAt(i)) {
                    pairs.merge(truth.charAt(i) + "→" + read.charAt(i), 1, Integer::sum);
                }
            }
        }
    }

    /** Adds one image's stage times. */
    public void timings(Timings t) {
        stageSum = stageSum.plus(t);
        timedImages++;
    }

    public Bin bin(String name) {
        return bins.get(name);
    }

    public int misread() {
        return misread;
    }

    public int sameLength() {
        return sameLength;
    }

    public int lost() {
        return lost;
    }

    public int gained() {
        return gained;
    }

    public int timedImages() {
        return timedImages;
    }

    /** Mean stage times per image; {@link Timings#NONE} when nothing was timed. */
    public Timings meanTimings() {
        return timedImages == 0 ? Timings.NONE : stageSum.dividedBy(timedImages);
    }

    /** Every substitution with its count, most frequent first, then by pair. */
    public List<Map.Entry<String, Integer>> pairs() {
        List<Map.Entry<String, Integer>> list = new ArrayList<>(pairs.entrySet());
        list.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        return list;
    }

    public List<Map.Entry<String, Integer>> topPairs(int n) {
        List<Map.Entry<String, Integer>> all = pairs();
        return all.subList(0, Math.min(n, all.size()));
    }

    /** Whether nothing was counted (the summary line then keeps its old shape). */
    public boolean isEmpty() {
        return timedImages == 0 && misread == 0 && bins.values().stream().allMatch(b -> b.plates == 0);
    }

    /** Sets added up. */
    public static BenchBreakdown merge(List<BenchBreakdown> parts) {
        BenchBreakdown m = new BenchBreakdown();
        for (BenchBreakdown p : parts) {
            for (Map.Entry<String, Bin> e : p.bins.entrySet()) {
                Bin b = m.bins.get(e.getKey());
                b.plates += e.getValue().plates;
                b.detected += e.getValue().detected;
                b.top1 += e.getValue().top1;
            }
            p.pairs.forEach((k, v) -> m.pairs.merge(k, v, Integer::sum));
            m.misread += p.misread;
            m.sameLength += p.sameLength;
            m.lost += p.lost;
            m.gained += p.gained;
            m.stageSum = m.stageSum.plus(p.stageSum);
            m.timedImages += p.timedImages;
        }
        return m;
    }

    /** One text line of the width bins: {@code <80 px: 12 plates, detected 91.7%, top-1 50.0%; ...}. */
    String widthLine() {
        return widthLine("detected");
    }

    /** Like {@link #widthLine()}, with {@code detected} named {@code found} ("read" for the reader alone). */
    String widthLine(String found) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Bin> e : bins.entrySet()) {
            Bin b = e.getValue();
            if (!s.isEmpty()) {
                s.append("; ");
            }
            s.append(e.getKey()).append(" px: ").append(b.plates).append(" plates");
            if (b.plates > 0) {
                s.append(String.format(java.util.Locale.ROOT, ", %s %.1f%%, top-1 %.1f%%", found, 100.0 * b.detected / b.plates,
                        100.0 * b.top1 / b.plates));
            }
        }
        return s.toString();
    }

    /** One text line of the confusions: {@code 12 misread: 8 same length (0→D 5, 3→5 2), 3 lost, 1 gained}. */
    String confusionLine() {
        StringBuilder s = new StringBuilder();
        s.append(misread).append(" misread: ").append(sameLength).append(" same length");
        List<Map.Entry<String, Integer>> top = topPairs(TOP_PAIRS);
        if (!top.isEmpty()) {
            s.append(" (");
            for (int k = 0; k < top.size(); k++) {
                s.append(k == 0 ? "" : ", ").append(top.get(k).getKey()).append(' ').append(top.get(k).getValue());
            }
            s.append(')');
        }
        return s.append(", ").append(lost).append(" lost characters, ").append(gained).append(" gained characters").toString();
    }

    /** Adds {@code widthBins}, {@code confusions} and {@code msByStage} to a set's summary node. */
    void addTo(ObjectNode n) {
        ObjectNode w = n.putObject("widthBins");
        for (Map.Entry<String, Bin> e : bins.entrySet()) {
            Bin b = e.getValue();
            w.putObject(e.getKey()).put("plates", b.plates).put("detected", b.detected).put("top1", b.top1);
        }
        ObjectNode c = n.putObject("confusions").put("misread", misread).put("sameLength", sameLength).put("lost", lost)
                .put("gained", gained);
        ObjectNode top = c.putObject("top");
        for (Map.Entry<String, Integer> e : topPairs(TOP_PAIRS)) {
            top.put(e.getKey(), e.getValue());
        }
        if (timedImages > 0) {
            Timings m = meanTimings();
            n.putObject("msByStage").set("decode", rounded(m.decodeMs(), 2))
                    .set("detectorInput", rounded(m.detectorPrepMs(), 2))
                    .set("detector", rounded(m.detectorRunMs(), 2))
                    .set("peaks", rounded(m.detectorDecodeMs(), 2))
                    .set("refiner", rounded(m.refineMs(), 2))
                    .set("crops", rounded(m.readerPrepMs(), 2))
                    .set("reader", rounded(m.readerRunMs(), 2))
                    .set("ctcRanking", rounded(m.readerDecodeMs(), 2));
        }
    }
}
