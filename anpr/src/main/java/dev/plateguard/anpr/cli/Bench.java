package dev.plateguard.anpr.cli;

import dev.plateguard.anpr.Box;
import dev.plateguard.anpr.Candidate;
import dev.plateguard.anpr.PlateResult;
import dev.plateguard.anpr.Recognition;
import dev.plateguard.anpr.Recogniser;
import dev.plateguard.anpr.Timings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark over a folder in the OpenALPR benchmark layout. Each immediate subfolder is a set (its images found
 * recursively); images directly in the folder form a set named after the folder.
 *
 * <p>Per labelled plate: <em>detected</em> when some found plate's box overlaps the labelled box with IoU ≥ 0.4; the
 * reading scored is that of the found plate that overlaps the labelled box most (any overlap), and it is a
 * <em>top-1</em> hit when its best text equals the label, a <em>top-N</em> hit when one of its N candidates does
 * (texts compared upper case without spaces and dashes). Extra plates (unlabelled ones in the background) cost
 * nothing.
 *
 * <p>Time per image: from the encoded bytes in memory to the result, JPEG decoding included, file reading excluded,
 * on one thread. The first {@code warmUp} images are each recognised once untimed before their timed run.
 *
 * <p>Per set also ({@link BenchBreakdown}, issue 13): the labelled plates by width of their labelled box (under 80,
 * 80–119, 120 px and wider) with detected and top-1 per bin; the character confusions truth→reading of misread plates
 * read with as many characters as the truth, and how many readings lost or gained characters; the mean time per
 * image by stage.
 *
 * <p><b>Reader only</b> ({@code readerOnly}): nothing is detected. Each image's labelled boxes are given to
 * {@link Recogniser#readPlates} as axis-aligned plates, which cuts them as the pipeline does (with {@code PlateCrop}'s
 * margins), reads, re-reads and ranks them. A labelled plate counts as <em>read</em> (the detected column) when it
 * has a reading; its time is the reader's part only (crops, reader, CTC and ranking), not decoding.
 */
final class Bench {

    static final double DETECTION_IOU = 0.4;
    private static final java.util.Set<String> IMAGE_EXTENSIONS = java.util.Set.of("jpg", "jpeg", "png", "bmp", "gif");

    /** One labelled image. */
    record Item(String set, Path image, Path labels) {
    }

    private final Recogniser recogniser;
    private final int topN;
    private final int warmUp;
    private final boolean details;
    private final boolean readerOnly;
    private final PrintStream out;
    private final PrintStream err;

    Bench(Recogniser recogniser, int topN, int warmUp, boolean details, PrintStream out, PrintStream err) {
        this(recogniser, topN, warmUp, details, false, out, err);
    }

    Bench(Recogniser recogniser, int topN, int warmUp, boolean details, boolean readerOnly, PrintStream out, PrintStream err) {
        this.recogniser = recogniser;
        this.readerOnly = readerOnly;
        this.topN = topN;
        this.warmUp = warmUp;
        this.details = details;
        this.out = out;
        this.err = err;
    }

    /** Labelled images per set, sets in name order; images without a label file are reported on {@code err} and skipped. */
    static Map<String, List<Item>> discover(Path dir, PrintStream err) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("not a folder: " + dir, 1);
        }
        Map<String, List<Item>> sets = new LinkedHashMap<>();
        try {
            List<Path> top;
            try (Stream<Path> s = Files.list(dir)) {
                top = s.sorted().toList();
            }
            List<Item> root = new ArrayList<>();
            for (Path p : top) {
                if (Files.isDirectory(p)) {
                    List<Item> items = new ArrayList<>();
                    try (Stream<Path> s = Files.walk(p, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
                        for (Path f : s.filter(Files::isRegularFile).filter(Bench::isImage).sorted().toList()) {
                            item(p.getFileName().toString(), f, items, err);
                        }
                    }
                    if (!items.isEmpty()) {
                        sets.put(p.getFileName().toString(), items);
                    }
                } else if (isImage(p)) {
                    String name = dir.toAbsolutePath().normalize().getFileName() == null ? "."
                            : dir.toAbsolutePath().normalize().getFileName().toString();
                    item(name, p, root, err);
                }
            }
            if (!root.isEmpty()) {
                String name = root.get(0).set();
                if (sets.containsKey(name)) {
                    name = name + "(top)";
                }
                Map<String, List<Item>> ordered = new LinkedHashMap<>();
                ordered.put(name, root);
                ordered.putAll(sets);
                sets = ordered;
            }
        } catch (IOException e) {
            throw new UsageException("cannot list " + dir + ": " + e.getMessage(), 1);
        }
        if (sets.isEmpty()) {
            throw new UsageException("no labelled images in " + dir
                    + " (expected NAME.jpg with NAME.txt beside it holding 'file x y width height plate', in one subfolder per set)", 1);
        }
        return sets;
    }

    private static void item(String set, Path image, List<Item> items, PrintStream err) {
        String name = image.getFileName().toString();
        Path labels = image.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt");
        if (Files.isRegularFile(labels)) {
            items.add(new Item(set, image, labels));
        } else {
            err.println("anpr: skipping " + image + ": no label file " + labels.getFileName());
        }
    }

    static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Runs every set and prints the report; the last line is the summary JSON. */
    void run(Map<String, List<Item>> sets) {
        // Labels are parsed before anything runs, so that a bad label file fails fast.
        Map<Item, List<BenchLabels.Label>> labels = new LinkedHashMap<>();
        for (List<Item> items : sets.values()) {
            for (Item item : items) {
                try {
                    labels.put(item, BenchLabels.read(item.labels()));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage(), 1);
                }
            }
        }
        Map<String, BenchStats> results = new LinkedHashMap<>();
        Timings sum = Timings.NONE;
        int measured = 0;
        int warmed = 0;
        for (Map.Entry<String, List<Item>> set : sets.entrySet()) {
            int plates = 0;
            int detected = 0;
            int top1 = 0;
            int topNHits = 0;
            double[] millis = new double[set.getValue().size()];
            BenchBreakdown breakdown = new BenchBreakdown();
            int k = 0;
            for (Item item : set.getValue()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(item.image());
                } catch (IOException e) {
                    throw new UsageException("cannot read " + item.image() + ": " + e.getMessage(), 1);
                }
                List<BenchLabels.Label> itemLabels = labels.get(item);
                if (warmed < warmUp) {
                    recognise(item, bytes, itemLabels);
                    warmed++;
                }
                long t0 = System.nanoTime();
                Recognition r = recognise(item, bytes, itemLabels);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (readerOnly) {
                    Timings t = r.timings();
                    ms = t.readerPrepMs() + t.readerRunMs() + t.readerDecodeMs();
                }
                millis[k++] = ms;
                sum = sum.plus(r.timings());
                breakdown.timings(r.timings());
                measured++;
                for (BenchLabels.Label label : itemLabels) {
                    plates++;
                    Score s = score(label, r.plates(), topN);
                    detected += s.detected ? 1 : 0;
                    top1 += s.top1 ? 1 : 0;
                    topNHits += s.topN ? 1 : 0;
                    breakdown.plate(label.width(), s.detected, s.top1);
                    breakdown.reading(label.normalisedPlate(), s.match() == null ? null : BenchLabels.normalise(s.match().text()));
                    if (details) {
                        out.println(detailLine(item, label, s, millis[k - 1]));
                    }
                }
            }
            results.put(set.getKey(), new BenchStats(set.getValue().size(), plates, detected, top1, topNHits, millis, breakdown));
        }
        BenchStats overall = BenchStats.merge(List.copyOf(results.values()));
        double peak = peakMemoryMb();
        printTable(results, overall, peak);
        if (measured > 0) {
            Timings m = sum.dividedBy(measured);
            out.printf(Locale.ROOT, "mean time per image by stage (ms): decode %.2f, detector input %.2f, detector %.2f, "
                            + "peaks %.2f, corner refiner %.2f, crops %.2f, reader %.2f, CTC+ranking %.2f%n",
                    m.decodeMs(), m.detectorPrepMs(), m.detectorRunMs(), m.detectorDecodeMs(), m.refineMs(), m.readerPrepMs(),
                    m.readerRunMs(), m.readerDecodeMs());
        }
        printBreakdown(results, overall);
        out.println(BenchStats.summaryLine(overall, peak, results, readerOnly ? "reader-only" : null));
    }

    /** Per set and overall: time by stage, width bins and confusions. */
    private void printBreakdown(Map<String, BenchStats> sets, BenchStats overall) {
        out.printf(Locale.ROOT, "%-12s %7s %9s %9s %7s %8s %8s %7s %8s %8s%n", "time by stage", "decode", "det input",
                "detector", "peaks", "refiner", "crops", "reader", "CTC+rank", "(mean ms per image)");
        Map<String, BenchStats> all = new LinkedHashMap<>(sets);
        all.put("overall", overall);
        for (Map.Entry<String, BenchStats> e : all.entrySet()) {
            Timings m = e.getValue().breakdown().meanTimings();
            out.printf(Locale.ROOT, "%-12s %7.2f %9.2f %9.2f %7.2f %8.2f %8.2f %7.2f %8.2f%n", e.getKey(), m.decodeMs(),
                    m.detectorPrepMs(), m.detectorRunMs(), m.detectorDecodeMs(), m.refineMs(), m.readerPrepMs(), m.readerRunMs(),
                    m.readerDecodeMs());
        }
        out.println("plate width (labelled box), " + (readerOnly ? "read" : "detected") + " and top-1 per bin:");
        for (Map.Entry<String, BenchStats> e : all.entrySet()) {
            out.printf(Locale.ROOT, "  %-12s %s%n", e.getKey(), e.getValue().breakdown().widthLine(readerOnly ? "read" : "detected"));
        }
        out.println("confusions truth→reading (top " + BenchBreakdown.TOP_PAIRS + ", misread plates read with the truth's length):");
        for (Map.Entry<String, BenchStats> e : all.entrySet()) {
            out.printf(Locale.ROOT, "  %-12s %s%n", e.getKey(), e.getValue().breakdown().confusionLine());
        }
    }

    private Recognition recognise(Item item, byte[] bytes, List<BenchLabels.Label> itemLabels) {
        try {
            if (readerOnly) {
                List<double[]> corners = new ArrayList<>(itemLabels.size());
                for (BenchLabels.Label l : itemLabels) {
                    corners.add(Recogniser.corners(l.x(), l.y(), l.width(), l.height()));
                }
                return recogniser.readPlates(bytes, corners, null);
            }
            return recogniser.recognise(bytes);
        } catch (IllegalArgumentException e) {
            throw new UsageException(item.image() + ": " + e.getMessage(), 1);
        }
    }

    /** How one labelled plate fared. */
    record Score(boolean detected, boolean top1, boolean topN, double iou, PlateResult match) {
    }

    static Score score(BenchLabels.Label label, List<PlateResult> found, int topN) {
        PlateResult best = null;
        double bestIou = 0;
        for (PlateResult p : found) {
            Box b = p.box();
            double iou = Box.iou(b.x(), b.y(), b.width(), b.height(), label.x(), label.y(), label.width(), label.height());
            if (iou > bestIou) {
                bestIou = iou;
                best = p;
            }
        }
        if (best == null) {
            return new Score(false, false, false, 0, null);
        }
        String truth = label.normalisedPlate();
        boolean top1 = BenchLabels.normalise(best.text()).equals(truth);
        boolean inTopN = false;
        List<Candidate> candidates = best.candidates();
        for (int k = 0; k < candidates.size() && k < topN; k++) {
            if (BenchLabels.normalise(candidates.get(k).text()).equals(truth)) {
                inTopN = true;
                break;
            }
        }
        return new Score(bestIou >= DETECTION_IOU, top1, inTopN, bestIou, best);
    }

    private static String detailLine(Item item, BenchLabels.Label label, Score s, double ms) {
        String read = s.match() == null ? "-" : s.match().text()
                + String.format(Locale.ROOT, " (%.1f%%)", 100 * s.match().confidence());
        String verdict = s.top1() ? "hit" : s.match() == null ? "miss: not found"
                : !s.detected() ? "miss: box IoU " + String.format(Locale.ROOT, "%.2f", s.iou())
                : s.topN() ? "miss: in top-N" : "miss";
        return String.format(Locale.ROOT, "%s/%s\ttruth %s\tread %s\tIoU %.2f\t%.1f ms\t%s",
                item.set(), item.image().getFileName(), label.normalisedPlate(), read, s.iou(), ms, verdict);
    }

    private void printTable(Map<String, BenchStats> sets, BenchStats overall, double peak) {
        if (readerOnly) {
            out.println("reader only: the labelled boxes are read without detection; 'read' is the share with a reading, "
                    + "times are the reader's part (crops, reader, CTC+ranking) per image");
        }
        out.printf(Locale.ROOT, "%-12s %7s %7s %9s %7s %7s %10s %8s %8s%n", "set", "images", "plates", readerOnly ? "read" : "detected",
                "top-1", "top-" + topN, "median ms", "mean ms", "p90 ms");
        for (Map.Entry<String, BenchStats> e : sets.entrySet()) {
            row(e.getKey(), e.getValue());
        }
        row("overall", overall);
        out.printf(Locale.ROOT, "peak memory (VmHWM, whole process): %s MB%n",
                Double.isNaN(peak) ? "unknown" : String.format(Locale.ROOT, "%.1f", peak));
        out.printf(Locale.ROOT, readerOnly ? "times: ms per image on one thread, the reader's part only (crops, reader, "
                + "CTC+ranking); the first %d image(s) ran once untimed first (warm-up)%n"
                : "times: ms per image on one thread, from the encoded image in memory to the result "
                + "(JPEG decoding included, file reading excluded); the first %d image(s) ran once untimed first (warm-up)%n", warmUp);
        out.println("models: " + recogniser.modelVersion() + " from " + recogniser.source());
    }

    private void row(String name, BenchStats s) {
        out.printf(Locale.ROOT, "%-12s %7d %7d %8.1f%% %6.1f%% %6.1f%% %10.2f %8.2f %8.2f%n", name, s.images(), s.plates(),
                100 * s.detectionRate(), 100 * s.top1Rate(), 100 * s.topNRate(), s.median(), s.mean(), s.p90());
    }

    /** Peak resident set size of this process (VmHWM in /proc/self/status), in MB; NaN where unavailable. */
    static double peakMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }
}
