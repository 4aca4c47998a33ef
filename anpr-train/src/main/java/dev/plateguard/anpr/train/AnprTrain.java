package dev.plateguard.anpr.train;

import com.google.gson.GsonBuilder;
import dev.plateguard.anpr.PlateContext;
import dev.plateguard.anpr.PlateCrop;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * {@code bin/anpr-train}: trains the reader, then the detector, from synthetic data (plus, optionally, development
 * photographs), each within a time budget; exports both as ONNX, checks the exports against DJL and scores them with
 * ONNX Runtime, and writes {@code detector.onnx}, {@code reader.onnx} and {@code models.json}. See
 * docs/anpr-training.md.
 */
public final class AnprTrain {

    static final String USAGE = """
            usage: bin/anpr-train [options]
              --quick                 a few minutes in all: smoke test of the whole chain
              --minutes-reader M      reader training budget in minutes (default 40; quick 2)
              --minutes-detector M    detector training budget in minutes (default 60; quick 3)
              --minutes-refiner M     corner refiner training budget in minutes (default 25; quick 1)
              --reader-steps N        stop the reader after N steps even if time is left
              --detector-steps N      stop the detector after N steps even if time is left
              --refiner-steps N       stop the corner refiner after N steps even if time is left
              --dev-images DIR        add real photographs (OpenALPR layout: NAME.jpg + NAME.txt 'file x y w h TEXT')
              --dev-holdout F         keep this fraction of them out of training, to measure on (default 0;
                                      1 = train on none, only measure)
              --out DIR               where detector.onnx, reader.onnx and models.json go
                                      (default anpr/src/main/resources/dev/plateguard/anpr/models)
              --work DIR              checkpoints and logs of this run (default anpr-train/target/work)
              --seed N                seed of everything random (default 1)
              --threads N             PyTorch intra-op threads (default 1)
              --render-threads N      threads rendering training samples meanwhile (default 1)
              --init-reader FILE      start the reader from an ONNX file this trainer exported (fine-tuning:
                                      a lower peak learning rate, BatchNorm statistics frozen)
              --init-detector FILE    the same for the detector
              --init-refiner FILE     the same for the corner refiner
              --fine-tune-rate F      a fine-tune's peak learning rate as a fraction of a fresh run's (default 0.5)
              --skip-reader           keep the reader.onnx already in --out (still re-validated)
              --skip-detector         keep the detector.onnx already in --out (still re-validated)
              --skip-refiner          keep the refiner.onnx already in --out (still re-validated)
              --data synth|standin    synthetic source (default synth = anpr-synth; standin = crude test generator)
            """;

    /** The parsed command line. */
    record Options(boolean quick, double readerMinutes, double detectorMinutes, double refinerMinutes, long readerSteps,
                   long detectorSteps, long refinerSteps, Path devImages, double devHoldout, Path out, Path work, long seed,
                   int threads, int renderThreads, String data, boolean skipReader, boolean skipDetector,
                   boolean skipRefiner, Path initReader, Path initDetector, Path initRefiner, double fineTuneRate,
                   String commandLine) {

        static Options parse(String[] args) {
            boolean quick = false;
            Double rm = null;
            Double dm = null;
            Double fm = null;
            long rs = 0;
            long ds = 0;
            long fs = 0;
            Path dev = null;
            double holdout = 0;
            Path out = Path.of("anpr/src/main/resources/dev/plateguard/anpr/models");
            Path work = Path.of("anpr-train/target/work");
            long seed = 1;
            int threads = 1;
            int renderThreads = 1;
            String data = "synth";
            boolean skipReader = false;
            boolean skipDetector = false;
            boolean skipRefiner = false;
            Path initReader = null;
            Path initDetector = null;
            Path initRefiner = null;
            double fineTuneRate = 0.5;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> quick = true;
                    case "--minutes-reader" -> rm = Double.parseDouble(value(args, ++i, a));
                    case "--minutes-detector" -> dm = Double.parseDouble(value(args, ++i, a));
                    case "--minutes-refiner" -> fm = Double.parseDouble(value(args, ++i, a));
                    case "--reader-steps" -> rs = Long.parseLong(value(args, ++i, a));
                    case "--detector-steps" -> ds = Long.parseLong(value(args, ++i, a));
                    case "--refiner-steps" -> fs = Long.parseLong(value(args, ++i, a));
                    case "--dev-images" -> dev = Path.of(value(args, ++i, a));
                    case "--dev-holdout" -> holdout = Double.parseDouble(value(args, ++i, a));
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "--work" -> work = Path.of(value(args, ++i, a));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
                    case "--render-threads" -> renderThreads = Integer.parseInt(value(args, ++i, a));
                    case "--data" -> data = value(args, ++i, a);
                    case "--init-reader" -> initReader = Path.of(value(args, ++i, a));
                    case "--init-detector" -> initDetector = Path.of(value(args, ++i, a));
                    case "--init-refiner" -> initRefiner = Path.of(value(args, ++i, a));
                    case "--fine-tune-rate" -> fineTuneRate = Double.parseDouble(value(args, ++i, a));
                    case "--skip-reader" -> skipReader = true;
                    case "--skip-detector" -> skipDetector = true;
                    case "--skip-refiner" -> skipRefiner = true;
                    case "-h", "--help" -> throw new UsageException(null);
                    default -> throw new UsageException("unknown option " + a);
                }
            }
            if (holdout < 0 || holdout > 1) {
                throw new UsageException("--dev-holdout must be in [0, 1] (1: measure on them, train on none)");
            }
            if (!(fineTuneRate > 0 && fineTuneRate <= 1)) {
                throw new UsageException("--fine-tune-rate must be in (0, 1]");
            }
            if (!data.equals("synth") && !data.equals("standin")) {
                throw new UsageException("--data must be synth or standin");
            }
            return new Options(quick, rm != null ? rm : quick ? 2 : 40, dm != null ? dm : quick ? 3 : 60,
                    fm != null ? fm : quick ? 1 : 25, rs, ds, fs, dev, holdout, out, work, seed, threads, renderThreads, data,
                    skipReader, skipDetector, skipRefiner, initReader, initDetector, initRefiner,
                    fineTuneRate, ("bin/anpr-train " + String.join(" ", args)).trim());
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new UsageException(option + " needs a value");
            }
            return args[i];
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    // Sizes of the run. Quick runs shrink everything but keep the same code path.
    record Plan(int readerBatch, float readerLr, long readerEpoch, int readerValidation, int detectorBatch, int crop,
                float detectorLr, long detectorEpoch, int detectorValidation, int cropsPerScene, int groupValidation,
                double devReaderShare, double devDetectorShare, int refinerBatch, float refinerLr, long refinerEpoch,
                int refinerValidation) {

        static Plan of(Options o) {
            return o.quick()
                    ? new Plan(32, 2e-3f, 2048, 256, 8, 320, 2e-3f, 256, 24, 4, 100, 0.1, 0.2, 16, 2e-3f, 256, 32)
                    : new Plan(64, 2e-3f, 25_600, 2000, 8, 320, 2e-3f, 4800, 60, 5, 1000, 0.15, 0.3, 64, 2e-3f, 16_000,
                    1000);
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
            System.err.print(USAGE);
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
                o.data(), o.seed(), o.readerMinutes(), o.detectorMinutes(), o.out().toAbsolutePath());
        log.printf("  libtorch (bundled, offline): %s%n", ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
        TrainingData data = o.data().equals("standin") ? TrainingData.standIn() : SynthData.create();

        DevImages dev = null;
        if (o.devImages() != null) {
            dev = DevImages.load(o.devImages(), o.devHoldout());
            log.printf("  development images: %d for training, %d held out (fraction %.2f, fixed split)%n",
                    dev.training().size(), dev.holdout().size(), o.devHoldout());
        }

        Map<String, Object> training = new LinkedHashMap<>();
        training.put("command", o.commandLine());
        training.put("seed", o.seed());
        training.put("quick", o.quick());
        training.put("data", data.name());
        training.put("startedAt", startedAt.toString());
        training.put("engine", engine.getEngineName() + " " + engine.getVersion() + " via DJL "
                + ai.djl.engine.Engine.getDjlVersion());
        training.put("threads", o.threads());
        training.put("renderThreads", o.renderThreads());
        training.put("java", System.getProperty("java.version"));
        training.put("cpus", Runtime.getRuntime().availableProcessors());

        byte[] readerOnnx = trainReader(o, plan, data, dev, training, log);
        byte[] detectorOnnx = trainDetector(o, plan, data, dev, training, log);
        byte[] refinerOnnx = trainRefiner(o, plan, data, training, log);

        training.put("totalMinutes", round((System.nanoTime() - started) / 60e9, 2));
        String version = DateTimeFormatter.ofPattern("yyyy-MM-dd.HHmm").withZone(ZoneOffset.UTC).format(Instant.now())
                + (o.quick() ? "-quick" : "") + (o.data().equals("standin") ? "-standin" : "");
        Map<String, Object> models = new LinkedHashMap<>();
        models.put("version", version);
        models.put("detector", ordered("file", "detector.onnx", "stride", DetectorNet.STRIDE, "cornerScale",
                (int) DetectorNet.CORNER_SCALE, "maxSide", 960));
        models.put("reader", ordered("file", "reader.onnx", "width", PlateCrop.WIDTH, "height", PlateCrop.HEIGHT,
                "alphabet", ReaderNet.ALPHABET));
        models.put("refiner", ordered("file", "refiner.onnx", "width", PlateContext.WIDTH, "height", PlateContext.HEIGHT,
                "passes", REFINER_PASSES));
        ((Map<String, Object>) training.get("reader")).put("sha256", sha256(readerOnnx));
        ((Map<String, Object>) training.get("detector")).put("sha256", sha256(detectorOnnx));
        ((Map<String, Object>) training.get("refiner")).put("sha256", sha256(refinerOnnx));
        models.put("training", training);
        String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(models) + "\n";
        writeAtomically(o.out().resolve("reader.onnx"), readerOnnx);
        writeAtomically(o.out().resolve("detector.onnx"), detectorOnnx);
        writeAtomically(o.out().resolve("refiner.onnx"), refinerOnnx);
        writeAtomically(o.out().resolve("models.json"), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.writeString(o.work().resolve("models.json"), json);
        log.printf("wrote %s (reader %d bytes, detector %d bytes, refiner %d bytes), version %s, in %.1f min%n",
                o.out().toAbsolutePath(), readerOnnx.length, detectorOnnx.length, refinerOnnx.length, version,
                (System.nanoTime() - started) / 60e9);
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static byte[] trainReader(Options o, Plan plan, TrainingData data, DevImages dev,
                                      Map<String, Object> training, PrintStream log) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        training.put("reader", report);
        long t0 = System.nanoTime();
        List<ReaderExample> validation = take(data.reader(o.seed() + 1_000_003L, true), plan.readerValidation());
        log.printf("reader: %d validation examples rendered in %.1f s%n", validation.size(), (System.nanoTime() - t0) / 1e9);
        DevImages.ReaderCrops devTrain = null;
        DevImages.ReaderCrops devHold = null;
        if (dev != null) {
            devTrain = new DevImages.ReaderCrops(dev.training());
            devHold = new DevImages.ReaderCrops(dev.holdout());
        }
        byte[] onnx;
        try (NetTrainer net = ReaderTraining.newNet(o.seed())) {
            report.put("parameters", net.parameterCount());
            if (o.skipReader()) {
                onnx = Files.readAllBytes(o.out().resolve("reader.onnx"));
                keep(o, "reader", report);
            } else {
                boolean init = o.initReader() != null;
                float lr = init ? (float) (plan.readerLr() * o.fineTuneRate()) : plan.readerLr();
                if (init) {
                    byte[] start = Files.readAllBytes(o.initReader());
                    ((ReaderNet) net.block()).loadOnnx(start);
                    report.put("initialisedFrom", ordered("file", o.initReader().toString(), "sha256", sha256(start)));
                    log.printf("reader: starting from %s%n", o.initReader());
                }
                report.put("peakLearningRate", lr);
                List<Supplier<ReaderExample>> streams = new ArrayList<>();
                for (int k = 0; k < o.renderThreads(); k++) {
                    long seed = o.seed() + 7919L * k;
                    Supplier<ReaderExample> stream = data.reader(seed, false);
                    if (devTrain != null && devTrain.size() > 0) {
                        stream = mix(stream, devTrain::example, devTrain.size(), plan.devReaderShare(), seed + 17);
                    }
                    streams.add(stream);
                }
                EpochLoop.Outcome<ReaderTraining.Validation> r;
                try (Prefetcher<ReaderExample> p = new Prefetcher<>("reader-samples", streams, 4 * plan.readerBatch())) {
                    r = ReaderTraining.train(net, new ReaderTraining.Settings(plan.readerBatch(), lr,
                            o.readerMinutes(), o.readerSteps(), plan.readerEpoch(), o.seed(), init, log), p, validation);
                }
                onnx = net.block() instanceof ReaderNet rn ? rn.toOnnx(Map.of("producer", "bin/anpr-train")) : null;
                Files.write(o.work().resolve("reader.onnx"), onnx);
                float[] probe = new float[16 * PlateCrop.WIDTH * PlateCrop.HEIGHT];
                for (int i = 0; i < 16; i++) {
                    System.arraycopy(validation.get(i % validation.size()).grey(), 0, probe,
                            i * PlateCrop.WIDTH * PlateCrop.HEIGHT, PlateCrop.WIDTH * PlateCrop.HEIGHT);
                }
                double parity = Parity.maxAbsDiff(net, onnx, "plate", probe, ReaderNet.inputShape(16), List.of("logits"),
                        List.of(java.util.function.UnaryOperator.identity()));
                if (parity > 1e-3) {
                    throw new IllegalStateException("reader export differs from DJL by " + parity);
                }
                putRun(report, r, "samples", plan.readerBatch(), r.history().stream().map(v -> v.exact()).toList(),
                        parity);
            }
        }
        ReaderTraining.Validation v = ReaderTraining.validateOnnx(onnx, validation);
        report.put("fileBytes", onnx.length);
        report.put("validation", ordered("what", "synthetic plates, " + data.validationNote()
                        + ", ONNX Runtime, greedy CTC", "samples", v.samples(), "exact", round(v.exact(), 4), "characters",
                round(v.characters(), 4)));
        log.printf("reader: ONNX validation %s%n", v);
        Map<String, Object> groups = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<ReaderExample>> g : data.readerGroups(o.seed() + 3_000_017L).entrySet()) {
            ReaderTraining.Validation gv = ReaderTraining.validateOnnx(onnx, take(g.getValue(), plan.groupValidation()));
            groups.put(g.getKey(), ordered("samples", gv.samples(), "exact", round(gv.exact(), 4), "characters",
                    round(gv.characters(), 4)));
            log.printf("reader: ONNX validation, %s styles: %s%n", g.getKey(), gv);
        }
        if (!groups.isEmpty()) {
            report.put("validationByGroup", groups);
        }
        if (devTrain != null) {
            List<ReaderExample> seen = new ArrayList<>();
            for (int i = 0; i < devTrain.size(); i++) {
                seen.add(devTrain.example(i, null));
            }
            List<ReaderExample> held = new ArrayList<>();
            for (int i = 0; i < devHold.size(); i++) {
                held.add(devHold.example(i, null));
            }
            Map<String, Object> d = new LinkedHashMap<>();
            if (!seen.isEmpty()) {
                ReaderTraining.Validation s = ReaderTraining.validateOnnx(onnx, seen);
                d.put("trainedOn", ordered("what", "development plates that were TRAINED ON (labelled boxes): not a "
                        + "held-out figure", "samples", s.samples(), "exact", round(s.exact(), 4)));
                log.printf("reader: development plates trained on (not held out): %s%n", s);
            }
            if (!held.isEmpty()) {
                ReaderTraining.Validation h = ReaderTraining.validateOnnx(onnx, held);
                d.put("heldOut", ordered("what", "held-out development plates (labelled boxes)", "samples", h.samples(),
                        "exact", round(h.exact(), 4)));
                log.printf("reader: held-out development plates: %s%n", h);
                Map<String, Object> sets = new LinkedHashMap<>();
                for (Map.Entry<String, List<DevImages.Image>> e : bySet(dev.holdout()).entrySet()) {
                    DevImages.ReaderCrops crops = new DevImages.ReaderCrops(e.getValue());
                    List<ReaderExample> xs = new ArrayList<>();
                    for (int i = 0; i < crops.size(); i++) {
                        xs.add(crops.example(i, null));
                    }
                    ReaderTraining.Validation sv = ReaderTraining.validateOnnx(onnx, xs);
                    sets.put(e.getKey(), ordered("samples", sv.samples(), "exact", round(sv.exact(), 4), "characters",
                            round(sv.characters(), 4)));
                    log.printf("reader: held-out development plates, set %s: %s%n", e.getKey(), sv);
                }
                d.put("heldOutBySet", sets);
            }
            report.put("development", d);
        }
        return onnx;
    }

    @SuppressWarnings("unchecked")
    private static byte[] trainDetector(Options o, Plan plan, TrainingData data, DevImages dev,
                                        Map<String, Object> training, PrintStream log) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        training.put("detector", report);
        long t0 = System.nanoTime();
        List<DetectorExample> validation = take(data.scenes(o.seed() + 2_000_003L, true), plan.detectorValidation());
        log.printf("detector: %d validation scenes rendered in %.1f s%n", validation.size(),
                (System.nanoTime() - t0) / 1e9);
        DevImages.DetectorScenes devTrain = null;
        DevImages.DetectorScenes devHold = null;
        if (dev != null) {
            devTrain = new DevImages.DetectorScenes(dev.training(), 960);
            devHold = new DevImages.DetectorScenes(dev.holdout(), 960);
        }
        byte[] onnx;
        try (NetTrainer net = DetectorTraining.newNet(o.seed())) {
            report.put("parameters", net.parameterCount());
            if (o.skipDetector()) {
                onnx = Files.readAllBytes(o.out().resolve("detector.onnx"));
                keep(o, "detector", report);
            } else {
                boolean init = o.initDetector() != null;
                float lr = init ? (float) (plan.detectorLr() * o.fineTuneRate()) : plan.detectorLr();
                if (init) {
                    byte[] start = Files.readAllBytes(o.initDetector());
                    ((DetectorNet) net.block()).loadOnnx(start);
                    report.put("initialisedFrom", ordered("file", o.initDetector().toString(), "sha256", sha256(start)));
                    log.printf("detector: starting from %s%n", o.initDetector());
                }
                report.put("peakLearningRate", lr);
                List<Supplier<DetectorExample>> streams = new ArrayList<>();
                for (int k = 0; k < o.renderThreads(); k++) {
                    long seed = o.seed() + 7919L * k;
                    Supplier<DetectorExample> scenes = data.scenes(seed, false);
                    if (devTrain != null && devTrain.size() > 0) {
                        DevImages.DetectorScenes dt = devTrain;
                        scenes = mix(scenes, (i, r) -> dt.example(i, 512 + 32 * r.nextInt(15)), dt.size(),
                                plan.devDetectorShare(), seed + 29);
                    }
                    streams.add(cropper(scenes, plan.crop(), plan.cropsPerScene(), seed + 31));
                }
                EpochLoop.Outcome<DetectorTraining.Validation> r;
                try (Prefetcher<DetectorExample> p = new Prefetcher<>("detector-samples", streams,
                        3 * plan.detectorBatch())) {
                    r = DetectorTraining.train(net, new DetectorTraining.Settings(plan.detectorBatch(), plan.crop(),
                            lr, 1f, o.detectorMinutes(), o.detectorSteps(), plan.detectorEpoch(), o.seed(), init, log),
                            p, validation);
                }
                onnx = ((DetectorNet) net.block()).toOnnx(Map.of("producer", "bin/anpr-train"));
                Files.write(o.work().resolve("detector.onnx"), onnx);
                DetectorExample probe = validation.get(0);
                double parity = Parity.maxAbsDiff(net, onnx, "image", probe.chw(),
                        new ai.djl.ndarray.types.Shape(1, 3, probe.height(), probe.width()), List.of("heatmap", "corners"),
                        List.of(ai.djl.nn.Activation::sigmoid, java.util.function.UnaryOperator.identity()));
                if (parity > 1e-3) {
                    throw new IllegalStateException("detector export differs from DJL by " + parity);
                }
                report.put("crop", plan.crop());
                putRun(report, r, "crops", plan.detectorBatch(), r.history().stream().map(v -> v.f1()).toList(),
                        parity);
            }
        }
        DetectorTraining.Validation v = DetectorTraining.validateOnnx(onnx, validation);
        report.put("fileBytes", onnx.length);
        report.put("validation", detectorFigures("synthetic scenes, " + data.validationNote() + ", ONNX Runtime, threshold "
                + DetectorTraining.THRESHOLD + ", match box IoU >= " + DetectorTraining.MATCH_IOU, v));
        log.printf("detector: ONNX validation %s%n", v);
        if (devTrain != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            if (devTrain.size() > 0) {
                DetectorTraining.Validation s = DetectorTraining.validateOnnx(onnx, all(devTrain));
                d.put("trainedOn", detectorFigures("development photographs that were TRAINED ON (maxSide 960): not a "
                        + "held-out figure", s));
                log.printf("detector: development photographs trained on (not held out): %s%n", s);
            }
            if (devHold.size() > 0) {
                DetectorTraining.Validation h = DetectorTraining.validateOnnx(onnx, all(devHold));
                d.put("heldOut", detectorFigures("held-out development photographs (maxSide 960)", h));
                log.printf("detector: held-out development photographs: %s%n", h);
                Map<String, Object> sets = new LinkedHashMap<>();
                for (Map.Entry<String, List<DevImages.Image>> e : bySet(dev.holdout()).entrySet()) {
                    DetectorTraining.Validation sv = DetectorTraining.validateOnnx(onnx,
                            all(new DevImages.DetectorScenes(e.getValue(), 960)));
                    sets.put(e.getKey(), detectorFigures("set " + e.getKey(), sv));
                    log.printf("detector: held-out development photographs, set %s: %s%n", e.getKey(), sv);
                }
                d.put("heldOutBySet", sets);
            }
            report.put("development", d);
        }
        return onnx;
    }

    @SuppressWarnings("unchecked")
    private static byte[] trainRefiner(Options o, Plan plan, TrainingData data, Map<String, Object> training,
                                       PrintStream log) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        training.put("refiner", report);
        long t0 = System.nanoTime();
        List<RefinerExample> validation = take(data.refiner(o.seed() + 4_000_037L, true), plan.refinerValidation());
        log.printf("refiner: %d validation examples rendered in %.1f s%n", validation.size(),
                (System.nanoTime() - t0) / 1e9);
        byte[] onnx;
        try (NetTrainer net = RefinerTraining.newNet(o.seed())) {
            report.put("parameters", net.parameterCount());
            if (o.skipRefiner()) {
                onnx = Files.readAllBytes(o.out().resolve("refiner.onnx"));
                keep(o, "refiner", report);
            } else {
                boolean init = o.initRefiner() != null;
                float lr = init ? (float) (plan.refinerLr() * o.fineTuneRate()) : plan.refinerLr();
                if (init) {
                    byte[] start = Files.readAllBytes(o.initRefiner());
                    ((RefinerNet) net.block()).loadOnnx(start);
                    report.put("initialisedFrom", ordered("file", o.initRefiner().toString(), "sha256", sha256(start)));
                    log.printf("refiner: starting from %s%n", o.initRefiner());
                }
                report.put("peakLearningRate", lr);
                List<Supplier<RefinerExample>> streams = new ArrayList<>();
                for (int k = 0; k < o.renderThreads(); k++) {
                    streams.add(data.refiner(o.seed() + 7919L * k, false));
                }
                EpochLoop.Outcome<RefinerTraining.Validation> r;
                try (Prefetcher<RefinerExample> p = new Prefetcher<>("refiner-samples", streams, 4 * plan.refinerBatch())) {
                    r = RefinerTraining.train(net, new RefinerTraining.Settings(plan.refinerBatch(), lr, o.refinerMinutes(),
                            o.refinerSteps(), plan.refinerEpoch(), init, log), p, validation);
                }
                onnx = ((RefinerNet) net.block()).toOnnx(Map.of("producer", "bin/anpr-train"));
                Files.write(o.work().resolve("refiner.onnx"), onnx);
                int px = PlateContext.WIDTH * PlateContext.HEIGHT;
                float[] probe = new float[8 * px];
                for (int i = 0; i < 8; i++) {
                    System.arraycopy(validation.get(i % validation.size()).grey(), 0, probe, i * px, px);
                }
                double parity = Parity.maxAbsDiff(net, onnx, "context", probe, RefinerNet.inputShape(8), List.of("corners"),
                        List.of(java.util.function.UnaryOperator.identity()));
                if (parity > 1e-3) {
                    throw new IllegalStateException("refiner export differs from DJL by " + parity);
                }
                putRun(report, r, "samples", plan.refinerBatch(), r.history().stream().map(v -> v.after()).toList(),
                        parity);
            }
        }
        RefinerTraining.Validation v = RefinerTraining.validateOnnx(onnx, validation);
        report.put("fileBytes", onnx.length);
        report.put("validation", ordered("what", "synthetic plates, " + data.validationNote() + ", corners perturbed like a "
                        + "detector's, ONNX Runtime, one pass", "samples", v.samples(), "cornerErrorBefore",
                round(v.before(), 4), "cornerErrorAfter", round(v.after(), 4), "within015", round(v.within(), 4)));
        log.printf("refiner: ONNX validation %s%n", v);
        return onnx;
    }

    /** A training run's figures in its models.json entry; {@code unit} names its examples ("samples", "crops"). */
    private static void putRun(Map<String, Object> report, EpochLoop.Outcome<?> r, String unit, int batch,
                               List<Double> history, double parity) {
        report.put("steps", r.steps());
        report.put(unit, r.samples());
        report.put("batch", batch);
        report.put("minutes", round(r.seconds() / 60, 2));
        report.put(unit + "PerSecond", round(r.samplesPerSecond(), 1));
        report.put("rendererWaitSeconds", round(r.renderWaitSeconds(), 1));
        report.put("epochs", r.epochs());
        report.put("bestEpoch", r.bestEpoch());
        report.put("history", history.stream().map(h -> round(h, 4)).toList());
        report.put("parityMaxAbsDiff", parity);
    }

    /**
     * For a model kept with --skip-*: its training figures from the models.json it came with (when that describes the
     * same file), so that the provenance survives; its validation is measured again.
     */
    @SuppressWarnings("unchecked")
    private static void keep(Options o, String model, Map<String, Object> report) throws Exception {
        report.put("kept", "trained by an earlier run; validation figures below measured again by this run");
        Path json = o.out().resolve("models.json");
        if (!Files.exists(json)) {
            return;
        }
        Map<String, Object> old = new com.google.gson.Gson().fromJson(Files.readString(json), Map.class);
        Object t = old.get("training");
        if (t instanceof Map<?, ?> tm && tm.get(model) instanceof Map<?, ?> m
                && sha256(Files.readAllBytes(o.out().resolve(model + ".onnx"))).equals(m.get("sha256"))) {
            report.put("keptFrom", ordered("version", old.get("version"), "command", tm.get("command"), "seed",
                    tm.get("seed")));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = (String) e.getKey();
                if (!k.equals("validation") && !k.equals("validationByGroup") && !k.equals("development")
                        && !k.equals("sha256") && !k.equals("fileBytes")) {
                    report.putIfAbsent(k, e.getValue());
                }
            }
        }
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

    private static List<DetectorExample> all(DevImages.DetectorScenes s) {
        List<DetectorExample> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(s.example(i, 960));
        }
        return out;
    }

    private static Map<String, Object> detectorFigures(String what, DetectorTraining.Validation v) {
        return ordered("what", what, "images", v.images(), "plates", v.plates(), "recall", round(v.recall(), 4),
                "precision", round(v.precision(), 4), "cornerErrorOfHeight", round(v.cornerError(), 4),
                "cornerErrorPixels", round(v.cornerPixels(), 2));
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

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
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
