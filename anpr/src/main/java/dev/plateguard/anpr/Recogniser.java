package dev.plateguard.anpr;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.plateguard.plates.Country;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PlateGuard's licence-plate recogniser: image in, plates out (box and corners, text, confidence, top-N candidates,
 * country and format). It runs the ONNX models of docs/anpr-models.md with ONNX Runtime on the CPU, as a sequence of
 * stages ({@link Stage}), each with one concern, over one {@link Call}:
 * <ol>
 *   <li>{@link DecodeStage}: the encoded image is decoded;</li>
 *   <li>{@link DetectStage}: the image is scaled to the detector input ({@link DetectorInput}), the detector runs and
 *       its heat map and corners become detections ({@link DetectionDecoder}); weaker peaks are kept for
 *       verification by their reading;</li>
 *   <li>{@link RefineStage}: the corner refiner, when the models have one, places each plate's corners more exactly
 *       ({@link PlateContext});</li>
 *   <li>{@link CutStage}: each plate is rectified to the reader input ({@link PlateCrop}) from its refined and its
 *       detected corners, and as two rows side by side when it may have two;</li>
 *   <li>{@link ReadStage}: all crops are read in batches, decoded by CTC beam search ({@link CtcDecoder}) and ranked
 *       with the plate formats of module {@code plates}; per plate the better reading wins;</li>
 *   <li>{@link RereadStage}: plates read with little certainty are read again from slightly scaled crops;</li>
 *   <li>{@link VerifyStage}: weak detections and short readings are kept only when the reader is sure of them;</li>
 *   <li>{@link RankStage}: the plates become results, with country and format from
 *       {@link dev.plateguard.plates.PlateClassifier}, most likely first.</li>
 * </ol>
 * Each stage charges its time to the call's {@link StageClock}, which yields the {@link Timings}.
 *
 * <p><b>Why this class stays whole</b> (over 300 lines): it is the module's entry point, and what is left here
 * belongs together: the factories (bundled, directory and configured models), the {@code recognise} overloads,
 * warm-up, and the resources every call borrows (the sessions, the stage list, the workspace pool) and
 * {@link #close()} frees. The recognition itself is in the stages.
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
    private final ModelSessions sessions;
    private final CropReader cropReader;
    /** The corner-refining stage, or null when the models have no refiner. */
    private final RefineStage refineStage;
    /** What a call runs, in order. */
    private final List<Stage> stages;
    /** What {@link #readPlates} runs after decoding and taking the given plates: cut, read, re-read, rank (no verification). */
    private final List<Stage> readerStages;
    private final ConcurrentLinkedDeque<Workspace> pool = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Recogniser(ModelConfig config, byte[] detectorBytes, byte[] readerBytes, byte[] refinerBytes, String source,
                       RecogniserOptions options) {
        this.config = config;
        this.options = Objects.requireNonNull(options, "options");
        this.source = source;
        this.maxSide = options.maxSide() > 0 ? options.maxSide() : config.detector().maxSide();
        OrtEnvironment env = OnnxModel.environment();
        this.sessions = ModelSessions.load(config, detectorBytes, readerBytes, refinerBytes, source, options.intraOpThreads());
        OnnxModel rd = sessions.reader();
        OnnxModel rf = sessions.refiner();
        this.cropReader = CropReader.of(env, rd, config.readerClasses(), options);
        double strong = options.detectionThreshold();
        this.refineStage = rf == null ? null : new RefineStage(env, rf, config.refiner().passes(), strong);
        List<Stage> pipeline = new ArrayList<>();
        pipeline.add(new DecodeStage(options.subsampleLargeImages() ? 2 * maxSide : 0));
        pipeline.add(new DetectStage(env, sessions.detector(), config.detector(), options, maxSide));
        if (refineStage != null && options.refineCorners()) {
            pipeline.add(refineStage);
        }
        List<Stage> reading = new ArrayList<>();
        reading.add(new CutStage(strong));
        reading.add(new ReadStage(cropReader, config.reader().alphabet(), options.formatBoost()));
        if (options.retryBelow() > 0) {
            reading.add(new RereadStage(cropReader, options.retryBelow(), strong));
        }
        pipeline.addAll(reading);
        pipeline.add(new VerifyStage(options.minCharacters(), strong));
        pipeline.add(new RankStage());
        this.stages = List.copyOf(pipeline);
        reading.add(new RankStage());
        this.readerStages = List.copyOf(reading);
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
        return run(Objects.requireNonNull(encoded, "encoded"), null, countryHint);
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
        return run(null, Objects.requireNonNull(image, "image"), countryHint);
    }

    /** Frames taken from a clip by {@link #recogniseClip}. */
    public static final int CLIP_FRAMES = 5;

    /**
     * Recognises frames of one passing vehicle (a clip, a burst) and fuses each plate's readings across them
     * ({@link FrameTracks}, {@link FrameFusion}): one plate per vehicle, read from all frames at once. The time is that
     * of all frames.
     *
     * @param countryHint breaks ties only; null for none
     */
    public Recognition recogniseFrames(List<BufferedImage> frames, Country countryHint) {
        long started = System.nanoTime();
        FrameTracks tracks = new FrameTracks();
        int width = 0;
        int height = 0;
        for (BufferedImage frame : frames) {
            Recognition r = recognise(frame, countryHint);
            tracks.add(r);
            width = Math.max(width, r.imageWidth());
            height = Math.max(height, r.imageHeight());
        }
        return tracks.toRecognition(new CandidateRanker(config.reader().alphabet(), options.formatBoost(), countryHint),
                (System.nanoTime() - started) / 1_000_000, config.version(), width, height);
    }

    /** Recognises an MP4 clip (H.264) with the configured country hint; see {@link #recogniseClip(byte[], Country)}. */
    public Recognition recogniseClip(byte[] mp4) {
        return recogniseClip(mp4, options.countryHint());
    }

    /**
     * Recognises an MP4 clip (H.264): {@value #CLIP_FRAMES} frames spread over it ({@link VideoFrames}), fused per
     * plate. The time includes decoding the clip.
     *
     * @throws IllegalArgumentException when the bytes are not a decodable clip
     */
    public Recognition recogniseClip(byte[] mp4, Country countryHint) {
        long started = System.nanoTime();
        Recognition fused = recogniseFrames(VideoFrames.decode(Objects.requireNonNull(mp4, "mp4"), CLIP_FRAMES), countryHint);
        return new Recognition(fused.plates(), (System.nanoTime() - started) / 1_000_000, fused.modelVersion(),
                fused.imageWidth(), fused.imageHeight(), Timings.NONE);
    }

    /**
     * Reads given plates without detecting any: the reader alone, as the pipeline runs it after detection (each plate
     * cut rectified with {@link PlateCrop}'s margins, read as one row and, when it may have two, as two; decoded and
     * ranked; re-read from scaled crops when unsure), for measuring the reader apart from the detector. The image is
     * decoded at full size (never subsampled), so that the corners are in its pixels; every given plate is a strong
     * detection and its reading is not verified. Results carry the box of their corners, most likely first; a plate
     * with no reading is left out.
     *
     * @param corners     per plate x0, y0, ... x3, y3 (top-left, top-right, bottom-right, bottom-left) in image pixels
     * @param countryHint breaks ties only; null for none
     * @throws IllegalArgumentException when the bytes are not a readable image or corners are not 8 numbers
     */
    public Recognition readPlates(byte[] encoded, List<double[]> corners, Country countryHint) {
        List<Stage> run = new ArrayList<>(readerStages.size() + 2);
        run.add(new DecodeStage(0));
        run.add(new GivenPlatesStage(List.copyOf(corners)));
        run.addAll(readerStages);
        return run(Objects.requireNonNull(encoded, "encoded"), null, countryHint, run);
    }

    /** The corners of an axis-aligned box, as {@link #readPlates} takes them. */
    public static double[] corners(double x, double y, double width, double height) {
        return new double[] {x, y, x + width, y, x + width, y + height, x, y + height};
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
            cropReader.warmUp(ws);
            if (refineStage != null) {
                refineStage.warmUp(ws);
            }
        } catch (OrtException e) {
            throw new ModelException("warm-up run failed: " + e.getMessage(), e);
        } finally {
            release(ws);
        }
    }

    /** One call: the stages in order, on a workspace from the pool, timed by one clock from the start. */
    private Recognition run(byte[] encoded, BufferedImage image, Country hint) {
        return run(encoded, image, hint, stages);
    }

    private Recognition run(byte[] encoded, BufferedImage image, Country hint, List<Stage> stages) {
        StageClock clock = new StageClock();
        if (closed.get()) {
            throw new IllegalStateException("the recogniser is closed");
        }
        Workspace ws = acquire();
        try {
            Call call = new Call(ws, clock, hint, encoded, image);
            for (Stage stage : stages) {
                stage.run(call);
            }
            return new Recognition(call.results, clock.elapsedMillis(), config.version(), call.width, call.height,
                    clock.timings());
        } catch (OrtException e) {
            throw new ModelException("model run failed: " + e.getMessage(), e);
        } finally {
            release(ws);
        }
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
        sessions.close();
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
}
