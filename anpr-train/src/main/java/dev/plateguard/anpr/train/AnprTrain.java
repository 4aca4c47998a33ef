package dev.plateguard.anpr.train;

import dev.plateguard.anpr.ModelConfig;
import dev.plateguard.anpr.PlateContext;
import dev.plateguard.anpr.PlateCrop;
import dev.plateguard.anpr.train.TrainingReport.ModelsFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code bin/anpr-train}: trains the recogniser's three networks, the reader, the detector and the corner refiner, from
 * synthetic data (plus, optionally, development photographs), each within a time budget; exports each as ONNX, checks
 * the export against DJL and scores it with ONNX Runtime, and writes {@code reader.onnx}, {@code detector.onnx},
 * {@code refiner.onnx} and {@code models.json}. Each network has a {@link Recipe} ({@link ReaderRecipe},
 * {@link DetectorRecipe}, {@link RefinerRecipe}) run by one skeleton, {@link #train}; models.json's figures are a typed
 * {@link TrainingReport}. See docs/anpr-training.md.
 */
public final class AnprTrain {

    /** The networks, in training order. */
    static final List<String> NETWORKS = List.of("reader", "detector", "refiner");

    /**
     * One network's part of the command line.
     *
     * @param minutes training budget in minutes
     * @param steps   stop after this many steps even if time is left (0: no limit)
     * @param init    start from this ONNX file (fine-tuning); null for a fresh network
     * @param skip    keep the network already in {@code --out} (still re-validated)
     */
    record Network(double minutes, long steps, Path init, boolean skip) {
    }

    /** The parsed command line. */
    record Options(boolean quick, Network reader, Network detector, Network refiner, Path devImages, double devHoldout,
                   Path out, Path work, long seed, int threads, int renderThreads, String data, double fineTuneRate,
                   String commandLine, boolean resume, Path selectImages, double selectFraction, boolean selectHeldOut) {

        /** @throws UsageException on bad arguments (with the message), or for --help (without one) */
        static Options parse(String[] args) {
            CommandLine cli = parser();
            ParseResult p;
            try {
                p = cli.parseArgs(args);
            } catch (ParameterException e) {
                throw new UsageException(e.getMessage());
            }
            if (cli.isUsageHelpRequested()) {
                throw new UsageException(null);
            }
            Cli c = cli.getCommand();
            if (c.devHoldout < 0 || c.devHoldout > 1) {
                throw new UsageException("--dev-holdout must be in [0, 1] (1: measure on them, train on none)");
            }
            if (!(c.selectFraction > 0 && c.selectFraction <= 1)) {
                throw new UsageException("--select-fraction must be in (0, 1]");
            }
            if (c.selectImages != null && c.selectImages.equals(c.devImages)) {
                throw new UsageException("--select-images must not be photographs trained on (--dev-images); "
                        + "to choose on the ones --dev-holdout keeps out, use --select-held-out");
            }
            if (c.selectHeldOut && (c.devImages == null || c.devHoldout <= 0)) {
                throw new UsageException("--select-held-out needs --dev-images and a --dev-holdout above 0");
            }
            if (c.selectHeldOut && c.selectImages != null) {
                throw new UsageException("--select-held-out and --select-images exclude each other");
            }
            if (!(c.fineTuneRate > 0 && c.fineTuneRate <= 1)) {
                throw new UsageException("--fine-tune-rate must be in (0, 1]");
            }
            if (!c.data.equals("synth") && !c.data.equals("standin")) {
                throw new UsageException("--data must be synth or standin");
            }
            return new Options(c.quick, network(p, "reader", c.quick), network(p, "detector", c.quick),
                    network(p, "refiner", c.quick), c.devImages, c.devHoldout, c.out, c.work, c.seed, c.threads,
                    c.renderThreads, c.data, c.fineTuneRate, ("bin/anpr-train " + String.join(" ", args)).trim(), c.resume,
                    c.selectImages, c.selectFraction, c.selectHeldOut);
        }

        private static Network network(ParseResult p, String name, boolean quick) {
            double[] minutes = DEFAULT_MINUTES.get(name);
            return new Network(p.matchedOptionValue("--minutes-" + name, quick ? minutes[1] : minutes[0]),
                    p.matchedOptionValue("--" + name + "-steps", 0L), p.matchedOptionValue("--init-" + name, null),
                    p.matchedOptionValue("--skip-" + name, false));
        }
    }

    /** Training budget in minutes per network: normal, quick. */
    private static final Map<String, double[]> DEFAULT_MINUTES = Map.of("reader", new double[] {40, 2},
            "detector", new double[] {60, 3}, "refiner", new double[] {25, 1});

    /** The options that are not per network (picocli). */
    @Command(name = "bin/anpr-train", usageHelpWidth = 110, sortOptions = false,
            description = "Trains the recogniser's reader, detector and corner refiner and writes them as ONNX with models.json.",
            footer = {"", "Options take their value as --opt X or --opt=X. See docs/anpr-training.md."})
    static final class Cli {
        @Option(names = "--quick", description = "a few minutes in all: smoke test of the whole chain")
        boolean quick;

        @Option(names = "--dev-images", paramLabel = "DIR",
                description = "add real photographs (OpenALPR layout: NAME.jpg + NAME.txt 'file x y w h TEXT')")
        Path devImages;

        @Option(names = "--dev-holdout", paramLabel = "F", description = "keep this fraction of them out of training, to "
                + "measure on (default 0; 1 = train on none, only measure)")
        double devHoldout;

        @Option(names = "--select-images", paramLabel = "DIR", description = "real photographs (same layout) that only "
                + "choose the reader's best epoch: never trained on; with --select-fraction, the rest stay a clean measure")
        Path selectImages;

        @Option(names = "--select-fraction", paramLabel = "F", description = "the fixed fraction of --select-images used "
                + "to choose (default 0.5)")
        double selectFraction = 0.5;

        @Option(names = "--select-held-out", description = "choose the reader's best epoch on the photographs "
                + "--dev-holdout keeps out of training (they are then no clean measure any more)")
        boolean selectHeldOut;

        @Option(names = "--resume", description = "continue each network from its last checkpoint in --work "
                + "(NAME.last.onnx and NAME.progress, written after every epoch), on the same clock and schedule")
        boolean resume;

        @Option(names = "--out", paramLabel = "DIR", description = "where reader.onnx, detector.onnx, refiner.onnx and "
                + "models.json go (default ${DEFAULT-VALUE})")
        Path out = Path.of("anpr/src/main/resources/dev/plateguard/anpr/models");

        @Option(names = "--work", paramLabel = "DIR", description = "checkpoints and logs of this run (default ${DEFAULT-VALUE})")
        Path work = Path.of("anpr-train/target/work");

        @Option(names = "--seed", paramLabel = "N", description = "seed of everything random (default 1)")
        long seed = 1;

        @Option(names = "--threads", paramLabel = "N", description = "PyTorch intra-op threads (default 1)")
        int threads = 1;

        @Option(names = "--render-threads", paramLabel = "N", description = "threads rendering training samples meanwhile (default 1)")
        int renderThreads = 1;

        @Option(names = "--fine-tune-rate", paramLabel = "F", description = "a fine-tune's peak learning rate as a fraction "
                + "of a fresh run's (default 0.5)")
        double fineTuneRate = 0.5;

        @Option(names = "--data", paramLabel = "synth|standin", description = "synthetic source (default synth = anpr-synth; "
                + "standin = crude test generator)")
        String data = "synth";

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
        boolean help;
    }

    /** The command line: {@link Cli}'s options, then four per network (budget, steps, starting point, skip). */
    static CommandLine parser() {
        CommandLine cli = new CommandLine(new Cli());
        for (String name : NETWORKS) {
            String net = name.equals("refiner") ? "corner refiner" : name;
            double[] minutes = DEFAULT_MINUTES.get(name);
            cli.getCommandSpec().addOption(OptionSpec.builder("--minutes-" + name).paramLabel("M").type(double.class)
                    .description(net + " training budget in minutes (default " + (int) minutes[0] + "; quick "
                            + (int) minutes[1] + ")").build());
            cli.getCommandSpec().addOption(OptionSpec.builder("--" + name + "-steps").paramLabel("N").type(long.class)
                    .description("stop the " + net + " after N steps even if time is left").build());
            cli.getCommandSpec().addOption(OptionSpec.builder("--init-" + name).paramLabel("FILE").type(Path.class)
                    .description("start the " + net + " from an ONNX file this trainer exported (fine-tuning: a lower peak "
                            + "learning rate, BatchNorm statistics frozen)").build());
            cli.getCommandSpec().addOption(OptionSpec.builder("--skip-" + name).arity("0").type(boolean.class)
                    .description("keep the " + name + ".onnx already in --out (still re-validated)").build());
        }
        return cli;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Sizes of the run. Quick runs shrink everything but keep the same code path.
     *
     * @param crop            the detector's training crop side
     * @param cropsPerScene   detector crops cut from each rendered scene
     * @param groupValidation reader validation examples per group of plate styles
     */
    record Plan(Sizes reader, Sizes detector, Sizes refiner, int crop, int cropsPerScene, int groupValidation,
                double devReaderShare, double devDetectorShare) {

        /**
         * One network's sizes.
         *
         * @param epoch      examples per epoch
         * @param validation held-out examples validated on after every epoch
         */
        record Sizes(int batch, float learningRate, long epoch, int validation) {
        }

        static Plan of(Options o) {
            return o.quick()
                    ? new Plan(new Sizes(32, 2e-3f, 2048, 256), new Sizes(8, 2e-3f, 256, 24), new Sizes(16, 2e-3f, 256, 32),
                    320, 4, 100, 0.1, 0.2)
                    : new Plan(new Sizes(64, 2e-3f, 25_600, 2000), new Sizes(8, 2e-3f, 4800, 60),
                    new Sizes(64, 2e-3f, 16_000, 1000), 320, 5, 1000, 0.15, 0.3);
        }
    }

    /** Refinement passes the runtime makes: the second starts from the first's corners, in a view centred on them. */
    static final int REFINER_PASSES = 2;

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("anpr-train: " + e.getMessage());
            }
            parser().usage(e.getMessage() == null ? System.out : System.err);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        System.exit(run(o, System.out));
    }

    static int run(Options o, PrintStream log) throws Exception {
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        Files.createDirectories(o.work());
        Files.createDirectories(o.out());
        Plan plan = Plan.of(o);
        var engine = Djl.engine(o.threads());
        log.printf("anpr-train: %s%n  engine %s %s, %d intra-op thread(s), data %s, seed %d, reader %.1f min, detector "
                        + "%.1f min, out %s%n", o.commandLine(), engine.getEngineName(), engine.getVersion(), o.threads(),
                o.data(), o.seed(), o.reader().minutes(), o.detector().minutes(), o.out().toAbsolutePath());
        log.printf("  libtorch (bundled, offline): %s%n", ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
        TrainingData data = o.data().equals("standin") ? TrainingData.standIn() : SynthData.create();

        DevImages dev = null;
        if (o.devImages() != null) {
            dev = DevImages.load(o.devImages(), o.devHoldout());
            log.printf("  development images: %d for training, %d held out (fraction %.2f, fixed split)%n",
                    dev.training().size(), dev.holdout().size(), o.devHoldout());
        }

        Recipe.Context ctx = new Recipe.Context(o, plan, data, dev, log);
        Trained<TrainingReport.ReaderFigures> reader = train(new ReaderRecipe(ctx));
        Trained<TrainingReport.DetectorFigures> detector = train(new DetectorRecipe(ctx));
        Trained<TrainingReport.RefinerFigures> refiner = train(new RefinerRecipe(ctx));

        TrainingReport training = new TrainingReport(o.commandLine(), o.seed(), o.quick(), data.name(), startedAt.toString(),
                engine.getEngineName() + " " + engine.getVersion() + " via DJL " + ai.djl.engine.Engine.getDjlVersion(),
                o.threads(), o.renderThreads(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                reader.report(), detector.report(), refiner.report(), TrainingReport.round((System.nanoTime() - started) / 60e9, 2));
        String version = DateTimeFormatter.ofPattern("yyyy-MM-dd.HHmm").withZone(ZoneOffset.UTC).format(Instant.now())
                + (o.quick() ? "-quick" : "") + (o.data().equals("standin") ? "-standin" : "");
        String json = new ModelsFile(version,
                new ModelsFile.DetectorEntry("detector.onnx", DetectorNet.STRIDE, (int) DetectorNet.CORNER_SCALE, 960),
                new ModelConfig.Reader("reader.onnx", PlateCrop.WIDTH, PlateCrop.HEIGHT, ReaderNet.ALPHABET),
                new ModelConfig.Refiner("refiner.onnx", PlateContext.WIDTH, PlateContext.HEIGHT, REFINER_PASSES), training).json();
        writeAtomically(o.out().resolve("reader.onnx"), reader.onnx());
        writeAtomically(o.out().resolve("detector.onnx"), detector.onnx());
        writeAtomically(o.out().resolve("refiner.onnx"), refiner.onnx());
        writeAtomically(o.out().resolve("models.json"), json.getBytes(StandardCharsets.UTF_8));
        Files.writeString(o.work().resolve("models.json"), json);
        log.printf("wrote %s (reader %d bytes, detector %d bytes, refiner %d bytes), version %s, in %.1f min%n",
                o.out().toAbsolutePath(), reader.onnx().length, detector.onnx().length, refiner.onnx().length, version,
                (System.nanoTime() - started) / 60e9);
        return 0;
    }

    /** One network's export and its entry in models.json. */
    record Trained<F>(byte[] onnx, TrainingReport.Network<F> report) {
    }

    /**
     * The skeleton every network is trained by: render the validation examples; then either keep the network already
     * in {@code --out} ({@code --skip-*}, with the training figures of the models.json it came with) or train it
     * (fresh, or fine-tuned from {@code --init-*} at a lower peak rate), fed by one example stream per render thread,
     * export it and check the export against DJL; finally validate the export with ONNX Runtime.
     */
    static <E, V, F> Trained<F> train(Recipe<E, V, F> r) throws Exception {
        Options o = r.ctx.options();
        PrintStream log = r.ctx.log();
        long t0 = System.nanoTime();
        List<E> validation = r.validation();
        log.printf("%s: %d validation %s rendered in %.1f s%n", r.name, validation.size(), r.validationUnit(),
                (System.nanoTime() - t0) / 1e9);
        byte[] onnx;
        long parameters;
        TrainingReport.Kept kept = null;
        TrainingReport.FileRef init = null;
        Float peakRate = null;
        TrainingReport.Run run = null;
        try (NetTrainer net = r.parts.newNet().apply(o.seed())) {
            parameters = net.parameterCount();
            if (r.options.skip()) {
                onnx = Files.readAllBytes(o.out().resolve(r.name + ".onnx"));
                kept = TrainingReport.Kept.from(o.out().resolve("models.json"), r.name, sha256(onnx));
                init = kept.initialisedFrom();
                peakRate = kept.peakLearningRate();
                run = kept.run();
            } else {
                boolean fineTune = r.options.init() != null;
                peakRate = fineTune ? (float) (r.sizes.learningRate() * o.fineTuneRate()) : r.sizes.learningRate();
                EpochLoop.Progress resumed = null;
                Path progress = o.work().resolve(r.name + ".progress");
                Path last = o.work().resolve(r.name + ".last.onnx");
                if (o.resume() && Files.exists(progress) && Files.exists(last)) {
                    // the stopped run's last epoch, its clock, steps and schedule; the optimiser's moments restart
                    resumed = EpochLoop.Progress.read(progress);
                    byte[] start = Files.readAllBytes(last);
                    ((OnnxNetwork) net.block()).loadOnnx(start);
                    init = new TrainingReport.FileRef(last.toString(), sha256(start));
                    peakRate = resumed.peakRate();
                    r.streamSalt = 104_729L * (resumed.epoch() + 1);
                    log.printf("%s: resuming from %s (epoch %d, %d steps, %.0f s)%n", r.name, last, resumed.epoch(),
                            resumed.steps(), resumed.seconds());
                } else if (fineTune) {
                    byte[] start = Files.readAllBytes(r.options.init());
                    ((OnnxNetwork) net.block()).loadOnnx(start);
                    init = new TrainingReport.FileRef(r.options.init().toString(), sha256(start));
                    log.printf("%s: starting from %s%n", r.name, r.options.init());
                }
                r.checkpoints = new EpochLoop.Checkpoints(o.work(), r.name, peakRate, resumed);
                fineTune |= resumed != null;
                List<Supplier<E>> streams = new ArrayList<>();
                for (int k = 0; k < o.renderThreads(); k++) {
                    streams.add(r.stream(k));
                }
                EpochLoop.Outcome<V> outcome;
                try (Prefetcher<E> p = new Prefetcher<>(r.name + "-samples", streams, r.prefetch())) {
                    outcome = r.train(net, peakRate, fineTune, p, validation);
                }
                onnx = ((OnnxNetwork) net.block()).toOnnx(Map.of("producer", "bin/anpr-train"));
                Files.write(o.work().resolve(r.name + ".onnx"), onnx);
                double parity = r.parts.parity().of(net, onnx, validation);
                if (parity > 1e-3) {
                    throw new IllegalStateException(r.name + " export differs from DJL by " + parity);
                }
                run = TrainingReport.Run.of(outcome, r.unit, r.crop(), r.sizes.batch(),
                        outcome.history().stream().mapToDouble(r.parts.historyFigure()).boxed().toList(), parity);
            }
        }
        V v = r.parts.validateOnnx().apply(onnx, validation);
        log.printf("%s: ONNX validation %s%n", r.name, v);
        F figures = r.figures(v);
        return new Trained<>(onnx, new TrainingReport.Network<>(parameters, kept == null ? null : TrainingReport.Kept.NOTE,
                kept == null ? null : kept.from(), init, peakRate, run, onnx.length, figures, r.validationByGroup(onnx),
                r.development(onnx), sha256(onnx)));
    }

    /** Images grouped by the name of their folder (the benchmark's sets: eu, us, ...). */
    static Map<String, List<DevImages.Image>> bySet(List<DevImages.Image> images) {
        Map<String, List<DevImages.Image>> out = new java.util.TreeMap<>();
        for (DevImages.Image im : images) {
            Path parent = im.file().getParent();
            String set = parent == null || parent.getFileName() == null ? "." : parent.getFileName().toString();
            out.computeIfAbsent(set, k -> new ArrayList<>()).add(im);
        }
        return out;
    }

    /** Each example is taken from {@code b} with probability {@code share}, else from {@code a}. */
    static <T> Supplier<T> mix(Supplier<T> a, java.util.function.BiFunction<Integer, Random, T> b, int size,
                               double share, long seed) {
        Random r = new Random(seed);
        return () -> r.nextDouble() < share ? b.apply(r.nextInt(size), r) : a.get();
    }

    /**
     * Several crops from every scene (rendering a scene costs more than training on a crop), passed through a
     * shuffle buffer so that a batch does not hold crops of only one or two scenes. Runs on the renderer's thread
     * with its own seeded Random, so the stream stays deterministic.
     */
    static Supplier<DetectorExample> cropper(Supplier<DetectorExample> scenes, int size, int perScene, long seed) {
        Random r = new Random(seed);
        int buffer = 12 * perScene;
        List<DetectorExample> pool = new ArrayList<>(buffer);
        return () -> {
            while (pool.size() < buffer) {
                DetectorExample scene = scenes.get();
                for (int i = 0; i < perScene; i++) {
                    pool.add(Crops.crop(scene, size, r, 0.75));
                }
            }
            int k = r.nextInt(pool.size());
            DetectorExample out = pool.get(k);
            pool.set(k, pool.get(pool.size() - 1));
            pool.remove(pool.size() - 1);
            return out;
        };
    }

    static <T> List<T> take(Supplier<T> s, int n) {
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(s.get());
        }
        return out;
    }

    static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    static void writeAtomically(Path target, byte[] data) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, data);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
