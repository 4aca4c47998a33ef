package dev.plateguard.anpr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.plateguard.plates.Country;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PlateGuard's licence-plate recogniser: image in, plates out (box and corners, text, confidence, top-N candidates,
 * country and format). It runs the ONNX models of docs/anpr-models.md with ONNX Runtime on the CPU:
 * <ol>
 *   <li>the image is scaled to the detector input ({@link DetectorInput});</li>
 *   <li>the detector's heat map and corners become plates ({@link DetectionDecoder}); weaker peaks are kept
 *       for verification by their reading;</li>
 *   <li>the corner refiner, when the models have one, places each plate's corners more exactly
 *       ({@link PlateContext});</li>
 *   <li>each plate is rectified to the reader input ({@link PlateCrop}) from its refined and its detected corners,
 *       and all crops are read in one batch; the better reading wins;</li>
 *   <li>the reader output is decoded by CTC beam search ({@link CtcDecoder}) and the readings are ranked with the
 *       plate formats of module {@code plates}; country and format come from
 *       {@link dev.plateguard.plates.PlateClassifier}.</li>
 * </ol>
 *
 * <p><b>Threads.</b> A recogniser is thread-safe: the ONNX sessions are created once and shared, and each call takes
 * its buffers from a pool (one set per concurrent caller, reused from call to call). Each call runs the models on
 * {@link RecogniserOptions#intraOpThreads()} threads (default 1). Do not call {@link #close()} while calls are in
 * flight.
 *
 * <pre>{@code
 * try (Recogniser recogniser = Recogniser.bundled()) {
 *     Recognition r = recogniser.recognise(Files.readAllBytes(Path.of("car.jpg")));
 *     for (PlateResult plate : r.plates()) {
 *         System.out.println(plate.text() + " " + plate.confidence() + " " + plate.format());
 *     }
 * }
 * }</pre>
 */
public final class Recogniser implements AutoCloseable {

    /** Classpath folder of the bundled models. */
    public static final String BUNDLED_RESOURCES = "dev/plateguard/anpr/models/";
    /** System property naming a models directory, used by {@link #openDefault(RecogniserOptions)}. */
    public static final String MODELS_PROPERTY = "anpr.models";
    /** Environment variable naming a models directory, used when the system property is not set. */
    public static final String MODELS_ENV = "ANPR_MODELS";

    private static final int CROP = PlateCrop.WIDTH * PlateCrop.HEIGHT;
    /** Scale factors (width, height) of the crops a plate read with little certainty is read again from. */
    private static final double[][] CROP_VARIANTS = {{1, 1.15}, {1, 0.87}, {1.07, 1}, {0.94, 1}};
    private static final int CONTEXT = PlateContext.WIDTH * PlateContext.HEIGHT;
    /** At most this many weak detections (below the detection threshold) are read to be verified, strongest first. */
    static final int MAX_WEAK = 4;
    /**
     * A reading the reader alone gives at least this probability is sure: a weak detection, or a reading shorter than
     * {@code minCharacters}, is reported only when it is.
     */
    static final double SURE_PROBABILITY = 0.5;

    /**
     * The order of an image's plates: by detection score times reading confidence, so that a confidently read plate
     * comes before a stronger-looking detection of something that reads as no plate (the first plate is what a
     * single-plate consumer such as the server's read record takes).
     */
    static final java.util.Comparator<PlateResult> MOST_LIKELY_FIRST = java.util.Comparator
            .comparingDouble((PlateResult p) -> p.detectionScore() * p.confidence()).reversed();

    private final ModelConfig config;
    private final RecogniserOptions options;
    private final String source;
    private final int maxSide;
    private final OnnxModel detector;
    private final OnnxModel reader;
    /** The corner refiner, or null when the models have none. */
    private final OnnxModel refiner;
    /** The reader's fixed batch size, or 0 when the batch dimension is dynamic. */
    private final int readerBatch;
    private final OrtEnvironment env;
    private final ConcurrentLinkedDeque<Workspace> pool = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Recogniser(ModelConfig config, byte[] detectorBytes, byte[] readerBytes, byte[] refinerBytes, String source,
                       RecogniserOptions options) {
        this.config = config;
        this.options = Objects.requireNonNull(options, "options");
        this.source = source;
        this.maxSide = options.maxSide() > 0 ? options.maxSide() : config.detector().maxSide();
        this.env = OnnxModel.environment();
        OnnxModel det = OnnxModel.load(detectorBytes, "detector (" + source + "/" + config.detector().file() + ")", options.intraOpThreads());
        OnnxModel rd;
        try {
            det.check(Map.of("image", new long[] {1, 3, -1, -1}),
                    Map.of("heatmap", new long[] {1, 1, -1, -1}, "corners", new long[] {1, 8, -1, -1}));
            rd = OnnxModel.load(readerBytes, "reader (" + source + "/" + config.reader().file() + ")", options.intraOpThreads());
        } catch (RuntimeException e) {
            det.close();
            throw e;
        }
        OnnxModel rf = null;
        try {
            rd.check(Map.of("plate", new long[] {-1, 1, PlateCrop.HEIGHT, PlateCrop.WIDTH}),
                    Map.of("logits", new long[] {-1, -1, config.readerClasses()}));
            if (refinerBytes != null) {
                rf = OnnxModel.load(refinerBytes, "refiner (" + source + "/" + config.refiner().file() + ")",
                        options.intraOpThreads());
                rf.check(Map.of("context", new long[] {-1, 1, PlateContext.HEIGHT, PlateContext.WIDTH}),
                        Map.of("corners", new long[] {-1, 8}));
            }
        } catch (RuntimeException e) {
            det.close();
            rd.close();
            if (rf != null) {
                rf.close();
            }
            throw e;
        }
        this.detector = det;
        this.reader = rd;
        this.refiner = rf;
        long batch = rd.inputShape("plate")[0];
        this.readerBatch = batch > 0 ? (int) batch : 0;
    }

    /** The models bundled on the classpath, default options. */
    public static Recogniser bundled() {
        return bundled(RecogniserOptions.defaults());
    }

    /**
     * The models bundled on the classpath ({@value #BUNDLED_RESOURCES}).
     *
     * @throws ModelException when no models are bundled or they break the contract
     */
    public static Recogniser bundled(RecogniserOptions options) {
        String where = "classpath:" + BUNDLED_RESOURCES.substring(0, BUNDLED_RESOURCES.length() - 1);
        byte[] json = resource("models.json");
        if (json == null) {
            throw new ModelException("No bundled recogniser models: " + where + "/models.json is not on the classpath. "
                    + "Train them with anpr-train into anpr/src/main/resources/" + BUNDLED_RESOURCES
                    + " and rebuild, or open a models directory instead (Recogniser.open(dir), bin/anpr --models DIR, "
                    + "-D" + MODELS_PROPERTY + "=DIR or " + MODELS_ENV + "=DIR).");
        }
        ModelConfig config = ModelConfig.parse(new String(json, StandardCharsets.UTF_8), where + "/models.json");
        byte[] det = resource(config.detector().file());
        byte[] rd = resource(config.reader().file());
        byte[] rf = config.refiner() == null ? null : resource(config.refiner().file());
        if (det == null || rd == null || (config.refiner() != null && rf == null)) {
            throw new ModelException(where + "/models.json names " + (det == null ? config.detector().file()
                    : rd == null ? config.reader().file() : config.refiner().file()) + ", which is not on the classpath");
        }
        return new Recogniser(config, det, rd, rf, where, options);
    }

    /** Whether models are bundled on the classpath (their {@code models.json} is there). */
    public static boolean bundledAvailable() {
        return Recogniser.class.getClassLoader().getResource(BUNDLED_RESOURCES + "models.json") != null;
    }

    /** The models in a directory, default options. */
    public static Recogniser open(Path modelsDir) {
        return open(modelsDir, RecogniserOptions.defaults());
    }

    /**
     * The models in a directory holding {@code models.json} and the files it names.
     *
     * @throws ModelException when a file is missing or breaks the contract
     */
    public static Recogniser open(Path modelsDir, RecogniserOptions options) {
        Path json = modelsDir.resolve("models.json");
        ModelConfig config = ModelConfig.parse(new String(read(json), StandardCharsets.UTF_8), json.toString());
        byte[] det = read(modelsDir.resolve(config.detector().file()));
        byte[] rd = read(modelsDir.resolve(config.reader().file()));
        byte[] rf = config.refiner() == null ? null : read(modelsDir.resolve(config.refiner().file()));
        return new Recogniser(config, det, rd, rf, modelsDir.toString(), options);
    }

    /**
     * The configured models: the directory in system property {@value #MODELS_PROPERTY}, else the one in environment
     * variable {@value #MODELS_ENV}, else the bundled models.
     */
    public static Recogniser openDefault(RecogniserOptions options) {
        String dir = System.getProperty(MODELS_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(MODELS_ENV);
        }
        return dir == null || dir.isBlank() ? bundled(options) : open(Path.of(dir), options);
    }

    /** The {@code version} from models.json, recorded with every recognition. */
    public String modelVersion() {
        return config.version();
    }

    public ModelConfig models() {
        return config;
    }

    public RecogniserOptions options() {
        return options;
    }

    /** Where the models came from: a directory, or {@code classpath:...}. */
    public String source() {
        return source;
    }

    /** The detector input's longest side in use (the option, or models.json). */
    public int maxSide() {
        return maxSide;
    }

    /** Recognises an encoded image (JPEG, PNG, BMP, GIF) with the configured country hint. */
    public Recognition recognise(byte[] encoded) {
        return recognise(encoded, options.countryHint());
    }

    /**
     * Recognises an encoded image (JPEG, PNG, BMP, GIF). The time includes decoding.
     *
     * @param countryHint breaks ties only; null for none
     * @throws IllegalArgumentException when the bytes are not a readable image
     */
    public Recognition recognise(byte[] encoded, Country countryHint) {
        long start = System.nanoTime();
        BufferedImage image = ImageDecoder.decode(encoded, options.subsampleLargeImages() ? 2 * maxSide : 0);
        double decodeMs = (System.nanoTime() - start) / 1e6;
        return run(image, countryHint, start, decodeMs);
    }

    /** Recognises a decoded image with the configured country hint. */
    public Recognition recognise(BufferedImage image) {
        return recognise(image, options.countryHint());
    }

    /**
     * Recognises a decoded image.
     *
     * @param countryHint breaks ties only; null for none
     */
    public Recognition recognise(BufferedImage image, Country countryHint) {
        return run(image, countryHint, System.nanoTime(), 0);
    }

    /**
     * Runs every model once on blank input so that one-time costs (memory planning, first allocations, JIT of the
     * decoding code) do not fall on the first real image.
     */
    public void warmUp() {
        BufferedImage blank = new BufferedImage(Math.min(maxSide, 640), Math.min(maxSide, 480), BufferedImage.TYPE_3BYTE_BGR);
        recognise(blank, null);
        Workspace ws = acquire();
        try {
            ws.crops(1);
            java.util.Arrays.fill(ws.crops, 0, CROP, 0.5f);
            readBatch(ws, 0, 1);
            if (refiner != null) {
                float[] grey = new float[CONTEXT];
                java.util.Arrays.fill(grey, 0.5f);
                try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(grey),
                        new long[] {1, 1, PlateContext.HEIGHT, PlateContext.WIDTH});
                     OrtSession.Result ignored = refiner.session().run(Map.of("context", input), Set.of("corners"))) {
                    // only the run matters
                }
            }
        } catch (OrtException e) {
            throw new ModelException("warm-up run failed: " + e.getMessage(), e);
        } finally {
            release(ws);
        }
    }

    private Recognition run(BufferedImage image, Country hint, long start, double decodeMs) {
        if (closed.get()) {
            throw new IllegalStateException("the recogniser is closed");
        }
        Workspace ws = acquire();
        try {
            return recognise(ws, image, hint, start, decodeMs);
        } catch (OrtException e) {
            throw new ModelException("model run failed: " + e.getMessage(), e);
        } finally {
            release(ws);
        }
    }

    private Recognition recognise(Workspace ws, BufferedImage image, Country hint, long start, double decodeMs)
            throws OrtException {
        int w = image.getWidth();
        int h = image.getHeight();
        long t0 = System.nanoTime();
        int[] rgb = DetectorInput.Pixels.rgb(image, ws.rgb);
        if (rgb != ws.rgb && !(image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt)) {
            ws.rgb = rgb; // a fresh conversion buffer: keep it for the next image (never keep an image's own pixels)
        }
        DetectorInput.Layout layout = DetectorInput.layout(w, h, maxSide);
        DetectorInput.fill(rgb, w, h, maxSide, ws.detectorInput(layout.size()));
        int stride = config.detector().stride();
        int gridH = layout.height() / stride;
        int gridW = layout.width() / stride;
        long t1 = System.nanoTime();
        try (OnnxTensor input = OnnxTensor.createTensor(env, ws.detIn.slice(0, layout.size()),
                new long[] {1, 3, layout.height(), layout.width()})) {
            ws.pinDetectorOutputs(env, gridH, gridW);
            try (OrtSession.Result ignored = detector.session().run(Map.of("image", input),
                    Map.of("heatmap", ws.heatT, "corners", ws.cornT))) {
                // the outputs were written into the pinned buffers
            } catch (OrtException e) {
                throw new ModelException(detector.what() + ": run failed for input [1, 3, " + layout.height() + ", "
                        + layout.width() + "] (expected outputs heatmap [1, 1, " + gridH + ", " + gridW + "] and corners [1, 8, "
                        + gridH + ", " + gridW + "] for stride " + stride + "): " + e.getMessage(), e);
            }
        }
        long t2 = System.nanoTime();
        // Candidates down to the verification threshold; those below the detection threshold (at most MAX_WEAK)
        // become plates only if their reading verifies them.
        double strong = options.detectionThreshold();
        List<DetectionDecoder.Detection> detections = DetectionDecoder.decode(ws.heat, ws.corn, gridH, gridW,
                new DetectionDecoder.Params(stride, config.detector().cornerScale(), layout.scale(), w, h,
                        Math.min(strong, options.verifyThreshold()), options.nmsIou(), options.maxPlates()));
        int weakSeen = 0;
        for (int i = 0; i < detections.size(); i++) {
            if (detections.get(i).score() < strong && ++weakSeen > MAX_WEAK) {
                detections = detections.subList(0, i); // strongest first: everything after is weaker still
                break;
            }
        }
        long t25 = System.nanoTime(); // the refiner runs from here to t3
        boolean refining = refiner != null && options.refineCorners() && !detections.isEmpty();
        List<DetectionDecoder.Detection> refined = refining ? refine(ws, rgb, w, h, detections, strong) : detections;
        long t3 = refining ? System.nanoTime() : t25;

        // Each plate is cut from its refined corners and, when they differ, from the detector's own: on real
        // photographs unlike its training data the refiner can be wrong, and the reader arbitrates. A plate that
        // may have two rows is also cut with its rows side by side. The best-scoring reading wins, and its corners
        // are the plate's.
        List<DetectionDecoder.Detection> plates = new ArrayList<>(detections.size());
        List<Integer> cropPlate = new ArrayList<>(detections.size());
        List<double[]> cropCorners = new ArrayList<>(detections.size());
        java.util.BitSet twoRowCrop = new java.util.BitSet();
        ws.crops(4 * detections.size());
        for (int i = 0; i < detections.size(); i++) {
            DetectionDecoder.Detection d = detections.get(i);
            // a weak detection is cut once, from its best corners: it is only read to be verified
            double[][] cuts = refined.get(i) == d ? new double[][] {d.corners()}
                    : d.score() < strong ? new double[][] {refined.get(i).corners()}
                    : new double[][] {refined.get(i).corners(), d.corners()};
            int before = cropPlate.size();
            for (double[] c : cuts) {
                try {
                    PlateCrop.grey(rgb, w, h, c, ws.crops, cropPlate.size() * CROP);
                    cropPlate.add(plates.size());
                    cropCorners.add(c);
                    if (PlateCrop.mayHaveTwoRows(c)) {
                        PlateCrop.greyTwoRows(rgb, w, h, c, ws.crops, cropPlate.size() * CROP);
                        twoRowCrop.set(cropPlate.size());
                        cropPlate.add(plates.size());
                        cropCorners.add(c);
                    }
                } catch (IllegalArgumentException degenerate) {
                    // corners that span no area cannot be a plate (the first cut throws before anything is added)
                }
            }
            if (cropPlate.size() > before) {
                plates.add(d);
            }
        }
        long t4 = System.nanoTime();
        double readRunNs = 0;
        List<PlateResult> results = new ArrayList<>(plates.size());
        if (!plates.isEmpty()) {
            CandidateRanker ranker = new CandidateRanker(config.reader().alphabet(), options.formatBoost(), hint);
            double decodeNs = 0;
            List<List<Candidate>> readings = new ArrayList<>(java.util.Collections.nCopies(plates.size(), List.of()));
            double[][] chosen = new double[plates.size()][];
            for (int k = cropPlate.size() - 1; k >= 0; k--) {
                chosen[cropPlate.get(k)] = cropCorners.get(k); // the first cut, until a reading wins
            }
            double[] ns = readCrops(ws, cropPlate, cropCorners, twoRowCrop, ranker, readings, chosen);
            readRunNs += ns[0];
            decodeNs += ns[1];
            // A plate read with little certainty is read again from crops a little taller, shorter, wider and
            // narrower than its best cut: corners are the pipeline's largest error, and the best-scoring reading wins.
            List<Integer> retryPlate = new ArrayList<>();
            for (int i = 0; i < plates.size(); i++) {
                List<Candidate> c = readings.get(i);
                if (options.retryBelow() > 0 && plates.get(i).score() >= strong
                        && (c.isEmpty() || c.get(0).modelProbability() < options.retryBelow())) {
                    for (int v = 0; v < CROP_VARIANTS.length; v++) {
                        retryPlate.add(i);
                    }
                }
            }
            ws.crops(retryPlate.size());
            // A scaled crop is only a way of reading: if it wins, the plate keeps the corners it was scaled from.
            List<double[]> retryCorners = new ArrayList<>(retryPlate.size());
            double[][] base = chosen.clone();
            for (int k = 0; k < retryPlate.size(); k++) {
                double[] v = CROP_VARIANTS[k % CROP_VARIANTS.length];
                double[] from = base[retryPlate.get(k)];
                try {
                    PlateCrop.grey(rgb, w, h, PlateCrop.scaled(from, v[0], v[1]), ws.crops, k * CROP);
                } catch (IllegalArgumentException degenerate) {
                    PlateCrop.grey(rgb, w, h, from, ws.crops, k * CROP); // the unscaled cut worked before
                }
                retryCorners.add(from);
            }
            if (!retryPlate.isEmpty()) {
                ns = readCrops(ws, retryPlate, retryCorners, new java.util.BitSet(), ranker, readings, chosen);
                readRunNs += ns[0];
                decodeNs += ns[1];
            }
            for (int i = 0; i < plates.size(); i++) {
                List<Candidate> candidates = readings.get(i);
                if (candidates.isEmpty()) {
                    continue;
                }
                DetectionDecoder.Detection d = plates.get(i);
                Candidate best = candidates.get(0);
                // A short reading is usually lettering, a badge or a fragment, but short plates exist (Uzbek
                // personalised plates have 1 to 6 characters): it must be sure. A weak detection must be both.
                boolean shortText = best.text().length() < options.minCharacters();
                boolean sure = best.modelProbability() >= SURE_PROBABILITY;
                if (d.score() < strong ? shortText || !sure : shortText && !sure) {
                    continue;
                }
                Box box = chosen[i] == d.corners() ? d.box() : Box.around(chosen[i], w, h);
                CandidateRanker.Info info = ranker.info(best.text());
                results.add(new PlateResult(box, chosen[i], best.text(), best.confidence(), candidates,
                        info.countryCode(), info.formatName(), info.interpretation().display(),
                        info.interpretation().region(), d.score()));
            }
            results.sort(MOST_LIKELY_FIRST);
            long t5 = System.nanoTime();
            Timings timings = new Timings(decodeMs, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t25 - t2) / 1e6, (t3 - t25) / 1e6,
                    (t4 - t3) / 1e6,
                    readRunNs / 1e6, decodeNs / 1e6);
            return new Recognition(results, Math.round((t5 - start) / 1e6), config.version(), w, h, timings);
        }
        Timings timings = new Timings(decodeMs, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t25 - t2) / 1e6, (t3 - t25) / 1e6,
                    (t4 - t3) / 1e6, 0, 0);
        return new Recognition(results, Math.round((System.nanoTime() - start) / 1e6), config.version(), w, h, timings);
    }

    /**
     * Moves each detection's corners to where the refiner finds the plate's, {@code passes} times, each pass in a view
     * cut around the last pass's corners. A refined quadrilateral that is degenerate, or whose area is less than half
     * or more than twice the detector's, is not trusted: that detection keeps its corners.
     */
    private List<DetectionDecoder.Detection> refine(Workspace ws, int[] rgb, int w, int h,
                                                    List<DetectionDecoder.Detection> detections, double strong)
            throws OrtException {
        int n = detections.size();
        int strongCount = 0; // detections come strongest first: the strong ones are a prefix
        while (strongCount < n && detections.get(strongCount).score() >= strong) {
            strongCount++;
        }
        double[][] corners = new double[n][];
        for (int i = 0; i < n; i++) {
            corners[i] = detections.get(i).corners();
        }
        for (int pass = 0; pass < config.refiner().passes(); pass++) {
            // weak detections, read only to be verified, get one pass
            int m = pass == 0 ? n : strongCount;
            if (m == 0) {
                break;
            }
            FloatBuffer in = ws.refinerInput(m * CONTEXT);
            if (ws.context == null || ws.context.length < m * CONTEXT) {
                ws.context = new float[m * CONTEXT];
            }
            boolean[] usable = new boolean[m];
            for (int i = 0; i < m; i++) {
                try {
                    PlateContext.grey(rgb, w, h, corners[i], ws.context, i * CONTEXT);
                    usable[i] = true;
                } catch (IllegalArgumentException degenerate) {
                    java.util.Arrays.fill(ws.context, i * CONTEXT, (i + 1) * CONTEXT, 0f);
                }
            }
            in.put(0, ws.context, 0, m * CONTEXT);
            float[] out = new float[8 * m];
            try (OnnxTensor input = OnnxTensor.createTensor(env, in.slice(0, m * CONTEXT),
                    new long[] {m, 1, PlateContext.HEIGHT, PlateContext.WIDTH});
                 OrtSession.Result result = refiner.session().run(Map.of("context", input), Set.of("corners"))) {
                OnnxTensor t = (OnnxTensor) result.get("corners").orElseThrow();
                long[] shape = t.getInfo().getShape();
                if (shape.length != 2 || shape[0] != m || shape[1] != 8) {
                    throw new ModelException(refiner.what() + ": corners have shape " + java.util.Arrays.toString(shape)
                            + ", expected [" + m + ", 8]");
                }
                t.getFloatBuffer().get(out);
            } catch (OrtException e) {
                throw new ModelException(refiner.what() + ": run failed for input [" + m + ", 1, " + PlateContext.HEIGHT
                        + ", " + PlateContext.WIDTH + "]: " + e.getMessage(), e);
            }
            for (int i = 0; i < m; i++) {
                if (usable[i]) {
                    double[] refined = PlateContext.toImage(corners[i], out, 8 * i);
                    double ratio = area(refined) / Math.max(1e-9, area(detections.get(i).corners()));
                    if (ratio >= 0.5 && ratio <= 2 && finite(refined)) {
                        corners[i] = refined;
                    }
                }
            }
        }
        List<DetectionDecoder.Detection> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            DetectionDecoder.Detection d = detections.get(i);
            out.add(corners[i] == d.corners() ? d
                    : new DetectionDecoder.Detection(d.score(), corners[i], Box.around(corners[i], w, h)));
        }
        return out;
    }

    /** The area of a quadrilateral (shoelace formula); negative or zero when it folds over. */
    static double area(double[] q) {
        double a = 0;
        for (int i = 0; i < 4; i++) {
            int j = (i + 1) % 4;
            a += q[2 * i] * q[2 * j + 1] - q[2 * j] * q[2 * i + 1];
        }
        return a / 2;
    }

    private static boolean finite(double[] q) {
        for (double v : q) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the reader on crops {@code first .. first + n} of the workspace (zero-padded to a fixed batch size if the
     * model has one) and leaves {@code n × steps × classes} log-probabilities in {@code ws.logits}.
     *
     * @return the number of time steps
     */
    private int readBatch(Workspace ws, int first, int n) throws OrtException {
        int batch = readerBatch > 0 ? readerBatch : n;
        FloatBuffer in = ws.readerInput(batch * CROP);
        in.put(0, ws.crops, first * CROP, n * CROP);
        if (batch > n) {
            for (int k = n * CROP; k < batch * CROP; k++) {
                in.put(k, 0f);
            }
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, in.slice(0, batch * CROP),
                new long[] {batch, 1, PlateCrop.HEIGHT, PlateCrop.WIDTH});
             OrtSession.Result result = reader.session().run(Map.of("plate", input), Set.of("logits"))) {
            OnnxTensor logits = (OnnxTensor) result.get("logits").orElseThrow();
            long[] shape = logits.getInfo().getShape();
            if (shape.length != 3 || shape[0] != batch || shape[2] != config.readerClasses()) {
                throw new ModelException(reader.what() + ": logits have shape " + java.util.Arrays.toString(shape)
                        + ", expected [" + batch + ", T, " + config.readerClasses() + "]");
            }
            int steps = (int) shape[1];
            int size = n * steps * config.readerClasses();
            if (ws.logits == null || ws.logits.length < size) {
                ws.logits = new float[size];
            }
            logits.getFloatBuffer().get(ws.logits, 0, size);
            return steps;
        } catch (OrtException e) {
            throw new ModelException(reader.what() + ": run failed for input [" + batch + ", 1, " + PlateCrop.HEIGHT + ", "
                    + PlateCrop.WIDTH + "]: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the workspace's crops (crop k belongs to plate {@code cropPlate[k]} and was cut from
     * {@code cropCorners[k]}; {@code twoRowCrop} marks two-row cuts) and keeps, per plate, the best-scoring reading
     * in {@code readings} and the corners it was read from in {@code chosen}.
     *
     * @return nanoseconds spent running the reader and decoding
     */
    private double[] readCrops(Workspace ws, List<Integer> cropPlate, List<double[]> cropCorners,
                               java.util.BitSet twoRowCrop, CandidateRanker ranker, List<List<Candidate>> readings,
                               double[][] chosen) throws OrtException {
        int classes = config.readerClasses();
        int crops = cropPlate.size();
        int batch = readerBatch > 0 ? readerBatch : crops;
        double runNs = 0;
        double decodeNs = 0;
        for (int first = 0; first < crops; first += batch) {
            int n = Math.min(batch, crops - first);
            long r0 = System.nanoTime();
            int steps = readBatch(ws, first, n);
            long r1 = System.nanoTime();
            runNs += r1 - r0;
            for (int k = 0; k < n; k++) {
                int offset = k * steps * classes;
                CtcDecoder.logSoftmax(ws.logits, offset, steps, classes);
                List<Candidate> candidates = ranker.rank(ws.logits, offset, steps, classes, options.beamWidth(), options.topN());
                int plate = cropPlate.get(first + k);
                if (readingScore(ranker, candidates, twoRowCrop.get(first + k)) > readingScore(ranker, readings.get(plate), false)) {
                    readings.set(plate, candidates);
                    chosen[plate] = cropCorners.get(first + k);
                }
            }
            decodeNs += System.nanoTime() - r1;
        }
        return new double[] {runNs, decodeNs};
    }

    /**
     * How good one reading of a plate is, to choose between reading it as one row or as two: the model's probability
     * of the best text times its format weight (a text that fits a known plate format counts more). A two-row
     * reading counts only when its text fits a format: cutting a tall one-row plate (US) in halves yields fragments.
     */
    private static double readingScore(CandidateRanker ranker, List<Candidate> candidates, boolean twoRows) {
        if (candidates.isEmpty()) {
            return -1;
        }
        Candidate best = candidates.get(0);
        double weight = ranker.info(best.text()).weight();
        if (twoRows && weight <= 1) {
            return -1;
        }
        return best.modelProbability() * weight;
    }

    private Workspace acquire() {
        Workspace ws = pool.pollFirst();
        return ws != null ? ws : new Workspace();
    }

    private void release(Workspace ws) {
        if (closed.get()) {
            ws.close();
        } else {
            pool.offerFirst(ws);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Workspace ws;
        while ((ws = pool.pollFirst()) != null) {
            ws.close();
        }
        try {
            detector.close();
        } finally {
            try {
                reader.close();
            } finally {
                if (refiner != null) {
                    refiner.close();
                }
            }
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = Recogniser.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCES + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelException("model file " + file + " does not exist");
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Buffers one call needs, reused from call to call; direct buffers are handed to ONNX Runtime without copying. */
    private static final class Workspace implements AutoCloseable {
        int[] rgb;
        FloatBuffer detIn;
        int gridH = -1;
        int gridW = -1;
        FloatBuffer heat;
        FloatBuffer corn;
        OnnxTensor heatT;
        OnnxTensor cornT;
        FloatBuffer readIn;
        FloatBuffer refineIn;
        float[] context;
        float[] crops;
        float[] logits;

        FloatBuffer detectorInput(int floats) {
            if (detIn == null || detIn.capacity() < floats) {
                detIn = direct(floats);
            }
            return detIn;
        }

        FloatBuffer refinerInput(int floats) {
            if (refineIn == null || refineIn.capacity() < floats) {
                refineIn = direct(floats);
            }
            return refineIn;
        }

        FloatBuffer readerInput(int floats) {
            if (readIn == null || readIn.capacity() < floats) {
                readIn = direct(floats);
            }
            return readIn;
        }

        void crops(int plates) {
            int size = Math.max(1, plates) * CROP;
            if (crops == null || crops.length < size) {
                crops = new float[size];
            }
        }

        void pinDetectorOutputs(OrtEnvironment env, int gh, int gw) throws OrtException {
            if (gh == gridH && gw == gridW) {
                return;
            }
            closeOutputs();
            heat = direct(gh * gw);
            corn = direct(8 * gh * gw);
            heatT = OnnxTensor.createTensor(env, heat, new long[] {1, 1, gh, gw});
            cornT = OnnxTensor.createTensor(env, corn, new long[] {1, 8, gh, gw});
            gridH = gh;
            gridW = gw;
        }

        private void closeOutputs() {
            if (heatT != null) {
                heatT.close();
                cornT.close();
                heatT = null;
                cornT = null;
            }
            gridH = -1;
            gridW = -1;
        }

        private static FloatBuffer direct(int floats) {
            return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        @Override
        public void close() {
            closeOutputs();
        }
    }
}
