package dev.plateguard.anpr.cli;

import dev.plateguard.anpr.Candidate;
import dev.plateguard.anpr.AnprJson;
import dev.plateguard.anpr.ModelException;
import dev.plateguard.anpr.PlateResult;
import dev.plateguard.anpr.Recognition;
import dev.plateguard.anpr.Recogniser;
import dev.plateguard.anpr.RecogniserOptions;
import dev.plateguard.plates.Country;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code bin/anpr} command line, like OpenALPR's {@code alpr}:
 * <pre>
 * anpr recognize [--json] [-n N] [--models DIR] [--country CC] [--threshold T] [--max-side PX] [--threads K]
 *                [--no-refine] [--retry-below P] [--verify-threshold V] [--min-chars N] IMAGE|DIR
 * anpr bench [--details] [-n N] [--models DIR] [--threshold T] [--max-side PX] [--warmup K] [--no-refine]
 *            [--retry-below P] [--verify-threshold V] [--min-chars N] DIR
 * </pre>
 * Exit status: 0 success, 1 unusable input or models, 2 bad arguments.
 */
public final class AnprCli {

    static final String USAGE = """
            Usage:
              anpr recognize [--json] [-n N] [--models DIR] [--country CC] [--threshold T] [--max-side PX] [--threads K]
                             [--no-refine] [--retry-below P] [--verify-threshold V] [--min-chars N] IMAGE|DIR
              anpr bench [--details] [-n N] [--models DIR] [--threshold T] [--max-side PX] [--warmup K]
                         [--no-refine] [--retry-below P] [--verify-threshold V] [--min-chars N] DIR
              anpr help

            recognize   reads the plates in one image, or in every image of a folder (JPEG, PNG, BMP, GIF)
              --json      one JSON object per image and line instead of text
              -n N        candidates per plate (default 10)
              --country CC  ISO country (UZ, KZ, KG, TJ, TM, RU) that breaks ties; never needed
            bench       measures on a folder in the OpenALPR benchmark layout: NAME.jpg + NAME.txt
                        ('file x y width height plate' per line), one subfolder per set (eu/, us/, ...)
              --details   one line per labelled plate: truth, reading, hit or miss
              -n N        N of the top-N accuracy (default 10)
              --warmup K  the first K images run once untimed before their timed run (default 5)
            common
              --models DIR  a models directory (models.json and the ONNX files it names); default: the
                            directory in -Danpr.models or ANPR_MODELS, else the models bundled in the jar
              --threshold T detection threshold 0..1 (default 0.3)
              --verify-threshold V  weaker detections down to V are reported only when they read as
                            a plate (--min-chars or more characters, reader probability 0.5+);
                            default 0.1
              --min-chars N readings with fewer characters are reported only when the reader is
                            sure of them (probability 0.5+) (1..16; default 4; 1 = off)
              --max-side PX detector input long side (default: models.json)
              --threads K   ONNX Runtime threads per model run (recognize only; default 1, bench always 1)
              --no-refine   use the detector's corners as they are, without the corner refiner
              --retry-below P  re-read plates read with a probability below P from scaled crops
                            (0..1; default 0.3; 0 = never)
            """;

    private AnprCli() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs one command; returns the exit status. Never throws. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new UsageException("no command given");
            }
            String command = args[0];
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            return switch (command) {
                case "recognize", "recognise" -> recognize(Args.parse(rest, false), out, err);
                case "bench" -> bench(Args.parse(rest, true), out, err);
                case "help", "-h", "--help" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("anpr: " + e.getMessage());
            if (e.status() == 2) {
                err.print(USAGE);
            }
            return e.status();
        } catch (ModelException e) {
            err.println("anpr: " + e.getMessage());
            return 1;
        } catch (RuntimeException | LinkageError e) {
            err.println("anpr: unexpected error: " + e);
            if (System.getenv("ANPR_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("(set ANPR_DEBUG=1 for the stack trace)");
            }
            return 1;
        }
    }

    /** Parsed options of either command. */
    record Args(boolean json, boolean details, int topN, Path models, Country country, Double threshold,
                Integer maxSide, int threads, int warmUp, boolean refine, double retryBelow, double verifyThreshold,
                int minCharacters, Path target) {

        static Args parse(List<String> args, boolean bench) {
            boolean json = false;
            boolean details = false;
            int topN = 10;
            Path models = null;
            Country country = null;
            Double threshold = null;
            Integer maxSide = null;
            int threads = 1;
            int warmUp = 5;
            boolean refine = true;
            double retryBelow = RecogniserOptions.defaults().retryBelow();
            double verifyThreshold = RecogniserOptions.defaults().verifyThreshold();
            int minCharacters = RecogniserOptions.defaults().minCharacters();
            Path target = null;
            for (int k = 0; k < args.size(); k++) {
                String a = args.get(k);
                switch (a) {
                    case "--json" -> {
                        if (bench) {
                            throw new UsageException("--json is for recognize; bench always ends with a JSON line");
                        }
                        json = true;
                    }
                    case "--details" -> {
                        if (!bench) {
                            throw new UsageException("--details is for bench");
                        }
                        details = true;
                    }
                    case "-n", "--top" -> topN = intValue(a, value(args, ++k, a), 1, 50);
                    case "--models" -> models = Path.of(value(args, ++k, a));
                    case "--country", "-c" -> {
                        if (bench) {
                            throw new UsageException("--country is for recognize; the benchmark runs without a hint");
                        }
                        country = country(value(args, ++k, a));
                    }
                    case "--threshold" -> threshold = doubleValue(a, value(args, ++k, a), 0, 1);
                    case "--no-refine" -> refine = false;
                    case "--retry-below" -> retryBelow = doubleValue(a, value(args, ++k, a), 0, 1);
                    case "--verify-threshold" -> verifyThreshold = doubleValue(a, value(args, ++k, a), 0, 1);
                    case "--min-chars" -> minCharacters = intValue(a, value(args, ++k, a), 1, 16);
                    case "--max-side" -> maxSide = intValue(a, value(args, ++k, a), 32, 8192);
                    case "--threads" -> {
                        if (bench) {
                            throw new UsageException("--threads is for recognize; bench always runs on one thread");
                        }
                        threads = intValue(a, value(args, ++k, a), 1, 256);
                    }
                    case "--warmup" -> {
                        if (!bench) {
                            throw new UsageException("--warmup is for bench");
                        }
                        warmUp = intValue(a, value(args, ++k, a), 0, 1000);
                    }
                    default -> {
                        if (a.startsWith("-") && a.length() > 1) {
                            throw new UsageException("unknown option '" + a + "'");
                        }
                        if (target != null) {
                            throw new UsageException("one " + (bench ? "folder" : "image or folder") + " only; got '"
                                    + target + "' and '" + a + "'");
                        }
                        target = Path.of(a);
                    }
                }
            }
            if (target == null) {
                throw new UsageException(bench ? "no benchmark folder given" : "no image or folder given");
            }
            return new Args(json, details, topN, models, country, threshold, maxSide, threads, warmUp, refine, retryBelow,
                    verifyThreshold, minCharacters, target);
        }

        RecogniserOptions options() {
            RecogniserOptions o = RecogniserOptions.defaults().withTopN(topN).withCountryHint(country).withIntraOpThreads(threads)
                    .withRefineCorners(refine).withRetryBelow(retryBelow).withVerifyThreshold(verifyThreshold)
                    .withMinCharacters(minCharacters);
            if (threshold != null) {
                o = o.withDetectionThreshold(threshold);
            }
            if (maxSide != null) {
                o = o.withMaxSide(maxSide);
            }
            return o;
        }

        Recogniser open() {
            if (models != null) {
                if (!Files.isDirectory(models)) {
                    throw new UsageException("models folder not found: " + models, 1);
                }
                return Recogniser.open(models, options());
            }
            return Recogniser.openDefault(options());
        }

        private static String value(List<String> args, int k, String option) {
            if (k >= args.size()) {
                throw new UsageException(option + " needs a value");
            }
            return args.get(k);
        }

        private static int intValue(String option, String v, int min, int max) {
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    throw new UsageException(option + " must be " + min + ".." + max + ", got " + v);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException(option + " needs a whole number, got '" + v + "'");
            }
        }

        private static double doubleValue(String option, String v, double min, double max) {
            try {
                double d = Double.parseDouble(v);
                if (!(d >= min && d <= max)) {
                    throw new UsageException(option + " must be " + min + ".." + max + ", got " + v);
                }
                return d;
            } catch (NumberFormatException e) {
                throw new UsageException(option + " needs a number, got '" + v + "'");
            }
        }

        private static Country country(String v) {
            try {
                Country c = Country.valueOf(v.toUpperCase(Locale.ROOT));
                if (c != Country.UNKNOWN) {
                    return c;
                }
            } catch (IllegalArgumentException e) {
                // fall through
            }
            throw new UsageException("unknown country '" + v + "'; use one of UZ, KZ, KG, TJ, TM, RU (a hint only breaks ties)");
        }
    }

    private static int recognize(Args a, PrintStream out, PrintStream err) {
        List<Path> images = images(a.target());
        int status = 0;
        try (Recogniser recogniser = a.open()) {
            for (Path image : images) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(image);
                } catch (IOException e) {
                    err.println("anpr: cannot read " + image + ": " + e.getMessage());
                    status = 1;
                    continue;
                }
                Recognition r;
                try {
                    r = recogniser.recognise(bytes);
                } catch (IllegalArgumentException e) {
                    err.println("anpr: " + image + ": " + e.getMessage());
                    status = 1;
                    continue;
                }
                if (a.json()) {
                    ObjectNode line = AnprJson.MAPPER.createObjectNode().put("file", image.toString());
                    out.println(AnprJson.MAPPER.writeValueAsString(line.setAll(r.toJsonTree())));
                } else {
                    printText(image, r, out);
                }
            }
        }
        return status;
    }

    static void printText(Path image, Recognition r, PrintStream out) {
        out.printf(Locale.ROOT, "%s: %d x %d, %d plate%s, %d ms (models %s)%n", image, r.imageWidth(), r.imageHeight(),
                r.plates().size(), r.plates().size() == 1 ? "" : "s", r.millis(), r.modelVersion());
        if (r.plates().isEmpty()) {
            out.println("No license plates found.");
        }
        for (int p = 0; p < r.plates().size(); p++) {
            PlateResult plate = r.plates().get(p);
            String kind = plate.format() == null ? "unknown format"
                    : plate.format() + (plate.country() == null ? "" : ", " + plate.country()) + ", \"" + plate.display() + "\""
                    + (plate.region() == null ? "" : ", " + plate.region());
            out.printf(Locale.ROOT, "plate%d: %d results  box %d,%d %dx%d  detection %.2f  %s%n", p, plate.candidates().size(),
                    plate.box().x(), plate.box().y(), plate.box().width(), plate.box().height(), plate.detectionScore(), kind);
            for (Candidate c : plate.candidates()) {
                out.printf(Locale.ROOT, "    - %-12s\t confidence: %7.4f%s%n", c.text(), 100 * c.confidence(),
                        c.format() == null ? "" : "\t format: " + c.format());
            }
        }
    }

    private static List<Path> images(Path target) {
        if (Files.isDirectory(target)) {
            try (Stream<Path> s = Files.list(target)) {
                List<Path> images = s.filter(Files::isRegularFile).filter(Bench::isImage).sorted().toList();
                if (images.isEmpty()) {
                    throw new UsageException("no images (jpg, jpeg, png, bmp, gif) in " + target, 1);
                }
                return images;
            } catch (IOException e) {
                throw new UsageException("cannot list " + target + ": " + e.getMessage(), 1);
            }
        }
        if (!Files.exists(target)) {
            throw new UsageException("no such file or folder: " + target, 1);
        }
        return new ArrayList<>(List.of(target));
    }

    private static int bench(Args a, PrintStream out, PrintStream err) {
        var sets = Bench.discover(a.target(), err);
        try (Recogniser recogniser = a.open()) {
            new Bench(recogniser, a.topN(), a.warmUp(), a.details(), out, err).run(sets);
        }
        return 0;
    }
}
