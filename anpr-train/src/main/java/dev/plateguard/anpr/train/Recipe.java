package dev.plateguard.anpr.train;

import ai.onnxruntime.OrtException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * How one network is trained: what the one skeleton that trains the reader, the detector and the corner refiner
 * ({@link AnprTrain#train}) needs to know to build the model, stream its examples, validate it and check its export.
 * Everything else (fine-tuning, the render threads, the epoch loop, export, parity, the report) is the skeleton's.
 *
 * @param <E> a training example
 * @param <V> the validation result of one epoch and of the export
 * @param <F> the validation figures in models.json
 */
abstract class Recipe<E, V, F> {

    /** What every recipe reads: the command line, the run's sizes, the data and the log. */
    record Context(AnprTrain.Options options, AnprTrain.Plan plan, TrainingData data, DevImages dev, PrintStream log) {
    }

    /**
     * What the network's training class provides.
     *
     * @param newNet         the network, initialised from a seed
     * @param validationSeed the held-out examples' seed, relative to {@code --seed}
     * @param validateOnnx   an export's validation, run by ONNX Runtime
     * @param parity         the largest difference between the network and its export on a few validation examples
     * @param historyFigure  the figure of one epoch's validation that models.json's {@code history} records
     */
    record Parts<E, V>(LongFunction<NetTrainer> newNet, long validationSeed, BiFunction<byte[], List<E>, V> validateOnnx,
                       ParityCheck<E> parity, ToDoubleFunction<V> historyFigure) {
    }

    /** The export compared with the network it came from. */
    interface ParityCheck<E> {
        double of(NetTrainer net, byte[] onnx, List<E> validation) throws OrtException;
    }

    /** The network's name: its ONNX file is {@code name.onnx}, its log lines start with it. */
    final String name;
    /** What a training example is called in the log and the report: {@code "samples"} or {@code "crops"}. */
    final String unit;
    final Context ctx;
    final AnprTrain.Network options;
    final AnprTrain.Plan.Sizes sizes;
    final Parts<E, V> parts;
    /** Where the epoch loop saves its progress (set by the skeleton before {@link #train}); null: nowhere. */
    EpochLoop.Checkpoints checkpoints;
    /** Added to every stream seed, so that a resumed run does not see its first examples again. */
    long streamSalt;

    Recipe(String name, String unit, Context ctx, AnprTrain.Network options, AnprTrain.Plan.Sizes sizes, Parts<E, V> parts) {
        this.name = name;
        this.unit = unit;
        this.ctx = ctx;
        this.options = options;
        this.sizes = sizes;
        this.parts = parts;
    }

    /** The synthetic examples for this network from the training data: a deterministic stream per seed. */
    abstract Supplier<E> examples(long seed, boolean validation);

    /** The held-out examples every epoch and the export are validated on. */
    List<E> validation() {
        return AnprTrain.take(examples(ctx.options().seed() + parts.validationSeed(), true), sizes.validation());
    }

    /** What a validation example is called in the log. */
    String validationUnit() {
        return "examples";
    }

    /** The seed of render thread {@code k}'s examples. */
    long threadSeed(int k) {
        return ctx.options().seed() + 7919L * k + streamSalt;
    }

    /** The examples render thread {@code k} feeds the training. */
    Supplier<E> stream(int k) {
        return examples(threadSeed(k), false);
    }

    /** How many examples the render threads keep ready. */
    int prefetch() {
        return 4 * sizes.batch();
    }

    /** The epoch loop with this network's loss and validation. */
    abstract EpochLoop.Outcome<V> train(NetTrainer net, float learningRate, boolean fineTune, Supplier<E> data,
                                        List<E> validation);

    /** The detector's crop side; null for the others. */
    Integer crop() {
        return null;
    }

    /** The export's validation as models.json records it. */
    abstract F figures(V v);

    /** Figures per group of plate styles; null for none. */
    Map<String, F> validationByGroup(byte[] onnx) {
        return null;
    }

    /**
     * How the development photographs are scored for this network.
     *
     * @param noun      what they are called in the report and the log ("plates", "photographs")
     * @param qualifier how they are cut, for the report ("labelled boxes", "maxSide 960")
     * @param examples  the examples of some of the photographs
     * @param figures   a score as models.json records it, given its description and, for one set, the set's name
     */
    record Scoring<E, V, F>(String noun, String qualifier, Function<List<DevImages.Image>, List<E>> examples,
                            DevFigures<V, F> figures) {
    }

    /** A development score as models.json records it; {@code set} is null for all trained-on or held-out photographs. */
    interface DevFigures<V, F> {
        F of(String what, String set, V v);
    }

    /** How the development photographs are scored; null when they are not (the corner refiner). */
    Scoring<E, V, F> scoring() {
        return null;
    }

    /**
     * The export's figures on the development photographs, when they were given: those it was trained on (not a
     * held-out figure), those held out, and those held out per set.
     */
    final TrainingReport.Development<F> development(byte[] onnx) {
        Scoring<E, V, F> s = scoring();
        if (ctx.dev() == null || s == null) {
            return null;
        }
        F trainedOn = score(onnx, s, ctx.dev().training(), "development " + s.noun() + " that were TRAINED ON ("
                + s.qualifier() + "): not a held-out figure", "development " + s.noun() + " trained on (not held out)", null);
        F heldOut = score(onnx, s, ctx.dev().holdout(), "held-out development " + s.noun() + " (" + s.qualifier() + ")",
                "held-out development " + s.noun(), null);
        Map<String, F> bySet = null;
        if (heldOut != null) {
            bySet = new LinkedHashMap<>();
            for (Map.Entry<String, List<DevImages.Image>> e : AnprTrain.bySet(ctx.dev().holdout()).entrySet()) {
                bySet.put(e.getKey(), score(onnx, s, e.getValue(), null, "held-out development " + s.noun() + ", set "
                        + e.getKey(), e.getKey()));
            }
        }
        return new TrainingReport.Development<>(trainedOn, heldOut, bySet);
    }

    /** One development score, logged; null when the photographs hold no example. */
    private F score(byte[] onnx, Scoring<E, V, F> s, List<DevImages.Image> images, String what, String logAs, String set) {
        List<E> examples = s.examples().apply(images);
        if (examples.isEmpty()) {
            return null;
        }
        V v = parts.validateOnnx().apply(onnx, examples);
        ctx.log().printf("%s: %s: %s%n", name, logAs, v);
        return s.figures().of(what, set, v);
    }
}
