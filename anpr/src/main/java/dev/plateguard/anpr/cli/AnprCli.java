package dev.plateguard.anpr.cli;

import dev.plateguard.anpr.AnprJson;
import dev.plateguard.anpr.Box;
import dev.plateguard.anpr.Candidate;
import dev.plateguard.anpr.ModelException;
import dev.plateguard.anpr.PlateResult;
import dev.plateguard.anpr.Recognition;
import dev.plateguard.anpr.Recogniser;
import dev.plateguard.anpr.RecogniserOptions;
import dev.plateguard.plates.Country;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code bin/anpr} command line (picocli), like OpenALPR's {@code alpr}:
 * <pre>
 * anpr recognize [--json] [--frames] [-n N] [--models DIR] [--country CC] [--threshold T] [--max-side PX] [--threads K]
 *                [--no-refine] [--retry-below P] [--verify-threshold V] [--min-chars N] IMAGE|DIR...
 * anpr bench [--details] [--reader-only | --motion-frames K] [-n N] [--models DIR] [--threshold T] [--max-side PX] [--warmup K] [--no-refine]
 *            [--retry-below P] [--verify-threshold V] [--min-chars N] DIR
 * anpr help [COMMAND]
 * </pre>
 * Options take their value as {@code --opt X} or {@code --opt=X}. Exit status: 0 success, 1 unusable input or
 * models, 2 bad arguments (with a message naming the option as typed, and the command's usage).
 */
@Command(name = "anpr", usageHelpAutoWidth = true, subcommands = {AnprCli.Recognize.class, AnprCli.BenchCommand.class,
        CommandLine.HelpCommand.class},
        description = "PlateGuard's licence-plate recogniser: reads the plates in images, or measures itself on a labelled folder.",
        footer = {"", "Options take their value as --opt X or --opt=X; 'anpr help COMMAND' or 'anpr COMMAND --help' lists a "
                + "command's options.", "Exit status: 0 success, 1 unusable input or models, 2 bad arguments. See docs/anpr.md."})
public final class AnprCli implements Callable<Integer> {

    /** Options of one command that the other one lacks: the hint given when they are used with the wrong one. */
    private static final Map<String, String> WRONG_COMMAND = Map.of(
            "--json", "--json is for recognize; bench always ends with a JSON line",
            "--country", "--country is for recognize; the benchmark runs without a hint",
            "-c", "-c is for recognize; the benchmark runs without a hint",
            "--threads", "--threads is for recognize; bench always runs on one thread",
            "--details", "--details is for bench",
            "--reader-only", "--reader-only is for bench",
            "--warmup", "--warmup is for bench",
            "--motion-frames", "--motion-frames is for bench; recognize fuses real frames with --frames",
            "--frames", "--frames is for recognize; bench simulates frames with --motion-frames K");

    private final PrintStream out;
    private final PrintStream err;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    private AnprCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given");
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
        CommandLine cli = new CommandLine(new AnprCli(out, err));
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, given) -> {
            err.println("anpr: " + message(e, Arrays.asList(given)));
            e.getCommandLine().usage(err);
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> failed(e, err));
        try {
            return cli.execute(args);
        } catch (LinkageError e) { // e.g. ONNX Runtime's native library missing
            return failed(e, err);
        }
    }

    /** What a failed command prints and returns. */
    private static int failed(Throwable e, PrintStream err) {
        if (e instanceof UsageException u) {
            err.println("anpr: " + u.getMessage());
            return u.status();
        }
        err.println("anpr: " + (e instanceof ModelException ? e.getMessage() : "unexpected error: " + e));
        if (!(e instanceof ModelException)) {
            if (System.getenv("ANPR_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("(set ANPR_DEBUG=1 for the stack trace)");
            }
        }
        return 1;
    }

    /** A parse error in the words of this command line: the option as typed, no exception class names. */
    static String message(ParameterException e, List<String> args) {
        boolean topLevel = e.getCommandLine().getParent() == null;
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            if (topLevel && !first.startsWith("-")) {
                return "unknown command '" + first + "'";
            }
            if (!topLevel && WRONG_COMMAND.containsKey(name)) {
                return WRONG_COMMAND.get(name);
            }
            if (first.startsWith("-") && first.length() > 1) {
                return "unknown option '" + name + "'";
            }
            Object target = e.getCommandLine().getCommandSpec().positionalParameters().get(0).getValue();
            return "one " + (e.getCommandLine().getCommand() instanceof BenchCommand ? "folder" : "image or folder")
                    + " only; got '" + target + "' and '" + first + "'";
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            if (m.getMissing().get(0) instanceof OptionSpec o) {
                return typed(o, args) + " needs a value";
            }
            return e.getCommandLine().getCommand() instanceof BenchCommand ? "no benchmark folder given" : "no image or folder given";
        }
        if (e.getArgSpec() instanceof OptionSpec o && e.getValue() != null && e.getCause() != null) {
            Class<?> type = o.type();
            if (type == int.class || type == Integer.class) {
                return typed(o, args) + " needs a whole number, got '" + e.getValue() + "'";
            }
            if (type == double.class || type == Double.class) {
                return typed(o, args) + " needs a number, got '" + e.getValue() + "'";
            }
            return e.getCause().getMessage();
        }
        return e.getMessage();
    }

    /** The name the option was given by, e.g. {@code -n} rather than {@code --top}. */
    static String typed(OptionSpec option, List<String> args) {
        for (int k = args.size() - 1; k >= 0; k--) {
            String a = args.get(k);
            for (String name : option.names()) {
                if (a.equals(name) || a.startsWith(name + "=") || (!name.startsWith("--") && a.startsWith(name))) {
                    return name;
                }
            }
        }
        return option.longestName();
    }

    /** Options both commands take. */
    static final class Common {
        @Option(names = "--models", paramLabel = "DIR", description = {"a models directory (models.json and the ONNX files it names); "
                + "default: the directory in -Danpr.models or ANPR_MODELS, else the models bundled in the jar"})
        Path models;

        @Option(names = "--threshold", paramLabel = "T", description = "detection threshold 0..1 (default 0.3)")
        Double threshold;

        @Option(names = "--verify-threshold", paramLabel = "V", description = "weaker detections down to V are reported only "
                + "when they read as a plate (--min-chars or more characters, reader probability at least 0.5) (0..1; default 0.1)")
        double verifyThreshold = RecogniserOptions.defaults().verifyThreshold();

        @Option(names = "--min-chars", paramLabel = "N", description = "readings with fewer characters are reported only when "
                + "the reader is sure of them (probability at least 0.5) (1..16; default 4; 1 = off)")
        int minCharacters = RecogniserOptions.defaults().minCharacters();

        @Option(names = "--max-side", paramLabel = "PX", description = "detector input long side (32..8192; default: models.json)")
        Integer maxSide;

        @Option(names = "--no-refine", description = "use the detector's corners as they are, without the corner refiner")
        boolean noRefine;

        @Option(names = "--retry-below", paramLabel = "P", description = "re-read plates read with a probability below P from "
                + "scaled crops (0..1; default 0.3; 0 = never)")
        double retryBelow = RecogniserOptions.defaults().retryBelow();

        /** The recogniser's options. */
        RecogniserOptions options(int topN, Country country, int threads) {
            RecogniserOptions o = RecogniserOptions.defaults().withTopN(topN).withCountryHint(country).withIntraOpThreads(threads)
                    .withRefineCorners(!noRefine).withRetryBelow(retryBelow).withVerifyThreshold(verifyThreshold)
                    .withMinCharacters(minCharacters);
            if (threshold != null) {
                o = o.withDetectionThreshold(threshold);
            }
            if (maxSide != null) {
                o = o.withMaxSide(maxSide);
            }
            return o;
        }

        Recogniser open(RecogniserOptions o) {
            if (models != null) {
                if (!Files.isDirectory(models)) {
                    throw new UsageException("models folder not found: " + models, 1);
                }
                return Recogniser.open(models, o);
            }
            return Recogniser.openDefault(o);
        }
    }

    /** The range of every numeric option, by its longest name. */
    private static final Map<String, double[]> RANGES = Map.of("--top", new double[] {1, 50}, "--threshold", new double[] {0, 1},
            "--verify-threshold", new double[] {0, 1}, "--min-chars", new double[] {1, 16}, "--max-side", new double[] {32, 8192},
            "--retry-below", new double[] {0, 1}, "--threads", new double[] {1, 256}, "--warmup", new double[] {0, 1000});

    /**
     * Checks the ranges of a command's numeric options once picocli has converted them; the first one out of range,
     * in declaration order, is reported with its name as typed and its value as given.
     */
    static void checkRanges(CommandSpec spec) {
        for (OptionSpec o : spec.options()) {
            double[] range = RANGES.get(o.longestName());
            if (range == null || !(o.getValue() instanceof Number n)) {
                continue;
            }
            double v = n.doubleValue();
            if (!(v >= range[0] && v <= range[1])) {
                List<String> given = o.originalStringValues();
                throw new ParameterException(spec.commandLine(), typed(o, spec.commandLine().getParseResult().originalArgs())
                        + " must be " + (long) range[0] + ".." + (long) range[1] + ", got "
                        + (given.isEmpty() ? Double.toString(v) : given.get(given.size() - 1)));
            }
        }
    }

    /** What both commands have: their output streams, --help and the common options. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        AnprCli parent;

        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
        boolean help;

        @Mixin
        Common common;

        @Option(names = {"-n", "--top"}, paramLabel = "N", description = "recognize: candidates per plate; bench: the N of "
                + "the top-N accuracy (1..50; default 10)")
        int topN = 10;

        /** This command's options for the recogniser. */
        RecogniserOptions options() {
            return common.options(topN, null, 1);
        }

        /** Finds the inputs, so that a wrong path fails before the models load, and returns the work on them. */
        abstract Function<Recogniser, Integer> prepare();

        @Override
        public final Integer call() {
            checkRanges(spec);
            RecogniserOptions options = options();
            Function<Recogniser, Integer> work = prepare();
            try (Recogniser recogniser = common.open(options)) {
                return work.apply(recogniser);
            }
        }
    }

    @Command(name = "recognize", aliases = "recognise", usageHelpAutoWidth = true,
            description = "reads the plates in one image, or in every image of a folder (JPEG, PNG, BMP, GIF)")
    static final class Recognize extends Subcommand {
        @Option(names = "--json", description = "one JSON object per image and line instead of text")
        boolean json;

        @Option(names = {"-c", "--country"}, paramLabel = "CC", converter = CountryConverter.class,
                description = "ISO country (UZ, KZ, KG, TJ, TM, RU) that breaks ties; never needed")
        Country country;

        @Option(names = "--threads", paramLabel = "K",
                description = "ONNX Runtime threads per model run (1..256; default 1; bench always runs on one)")
        int threads = 1;

        @Option(names = "--frames", description = "the images are frames of one passing vehicle (a clip, a burst; in the "
                + "order given, a folder's in name order): read each, then fuse each plate's readings character by "
                + "character, weighted by confidence")
        boolean frames;

        @Parameters(paramLabel = "IMAGE|DIR", arity = "1..*", description = "images, or folders of images")
        List<Path> targets;

        @Override
        RecogniserOptions options() {
            return common.options(topN, country, threads);
        }

        @Override
        Function<Recogniser, Integer> prepare() {
            List<Path> images = new ArrayList<>();
            targets.forEach(t -> images.addAll(images(t)));
            if (frames) {
                return recogniser -> fuseFrames(recogniser, images, json, parent.out, parent.err);
            }
            return recogniser -> recognize(recogniser, images, json, parent.out, parent.err);
        }
    }

    @Command(name = "bench", usageHelpAutoWidth = true,
            description = {"measures on a folder in the OpenALPR benchmark layout: NAME.jpg + NAME.txt ('file x y width height "
                    + "plate' per line), one subfolder per set (eu/, us/, ...); the last line is a JSON summary"})
    static final class BenchCommand extends Subcommand {
        @Option(names = "--details", description = "one line per labelled plate: truth, reading, hit or miss")
        boolean details;

        @Option(names = "--warmup", paramLabel = "K", description = "the first K images run once untimed before their timed run "
                + "(0..1000; default 5)")
        int warmUp = 5;

        @Option(names = "--reader-only", description = "skip detection: read each labelled box (cut as the pipeline cuts a "
                + "plate) with the reader and ranking only, to measure the reader apart from the detector")
        boolean readerOnly;

        @Option(names = "--motion-frames", paramLabel = "K", description = "instead: turn every image into K frames, each "
                + "with its own motion blur, and report single-frame against fused top-1 (1..16)")
        Integer motionFrames;

        @Parameters(paramLabel = "DIR", description = "the benchmark folder")
        Path target;

        @Override
        Function<Recogniser, Integer> prepare() {
            if (motionFrames != null) {
                if (!Files.isDirectory(target)) {
                    throw new UsageException("no such folder: " + target, 1);
                }
                if (motionFrames < 1 || motionFrames > 16) {
                    throw new UsageException("--motion-frames must be 1..16, got " + motionFrames, 2);
                }
                return recogniser -> {
                    new FramesBench(recogniser, motionFrames, 7).run(target, parent.out);
                    return 0;
                };
            }
            var sets = Bench.discover(target, parent.err);
            return recogniser -> {
                new Bench(recogniser, topN, warmUp, details, readerOnly, parent.out, parent.err).run(sets);
                return 0;
            };
        }
    }

    /** {@code --country}: an ISO code of a country the plate formats know. */
    static final class CountryConverter implements CommandLine.ITypeConverter<Country> {
        @Override
        public Country convert(String v) {
            try {
                Country c = Country.valueOf(v.toUpperCase(Locale.ROOT));
                if (c != Country.UNKNOWN) {
                    return c;
                }
            } catch (IllegalArgumentException e) {
                // fall through
            }
            throw new CommandLine.TypeConversionException("unknown country '" + v
                    + "'; use one of UZ, KZ, KG, TJ, TM, RU (a hint only breaks ties)");
        }
    }

    private static int recognize(Recogniser recogniser, List<Path> images, boolean json, PrintStream out, PrintStream err) {
        int status = 0;
        for (Path image : images) {
            Recognition r = recognise(recogniser, image, err);
            if (r == null) {
                status = 1;
            } else if (json) {
                ObjectNode line = AnprJson.MAPPER.createObjectNode().put("file", image.toString());
                out.println(AnprJson.MAPPER.writeValueAsString(line.setAll(r.toJsonTree())));
            } else {
                printText(image, r, out);
            }
        }
        return status;
    }

    /**
     * Frames of one vehicle: each plate is followed from frame to frame by its box (the best-overlapping plate of the
     * previous frame it appeared in; a plate overlapping none starts a new track), and each track's readings are fused.
     */
    private static int fuseFrames(Recogniser recogniser, List<Path> images, boolean json, PrintStream out, PrintStream err) {
        var tracks = new dev.plateguard.anpr.FrameTracks();
        int status = 0;
        for (Path image : images) {
            Recognition r = recognise(recogniser, image, err);
            if (r == null) {
                status = 1;
                continue;
            }
            tracks.add(r);
        }
        int t = 0;
        boolean any = false;
        for (var track : tracks.tracks()) {
            int plate = t++;
            var fused = track.fused().orElse(null);
            if (fused == null) {
                continue;
            }
            any = true;
            if (json) {
                out.println(AnprJson.MAPPER.writeValueAsString(AnprJson.MAPPER.createObjectNode().put("plate", plate)
                        .put("text", fused.text()).put("confidence", fused.confidence()).put("frames", fused.frames())
                        .put("framesAgreeing", fused.framesAgreeing()).put("framesGiven", tracks.frames())));
            } else {
                out.printf(Locale.ROOT, "plate%d: %s  confidence %.4f  read in %d of %d frames, %d of them alone agree%n",
                        plate, fused.text(), 100 * fused.confidence(), fused.frames(), tracks.frames(), fused.framesAgreeing());
            }
        }
        if (!any) {
            out.println(json ? "{\"plates\": []}" : "No license plates found.");
        }
        return status;
    }

    /** One image file's recognition, or null (said on {@code err}) when it cannot be read or is no image. */
    private static Recognition recognise(Recogniser recogniser, Path image, PrintStream err) {
        try {
            byte[] bytes = Files.readAllBytes(image);
            // a clip (MP4, H.264) is read as frames of one vehicle and fused per plate
            return image.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mp4")
                    ? recogniser.recogniseClip(bytes) : recogniser.recognise(bytes);
        } catch (IOException e) {
            err.println("anpr: cannot read " + image + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            err.println("anpr: " + image + ": " + e.getMessage());
        }
        return null;
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
}
