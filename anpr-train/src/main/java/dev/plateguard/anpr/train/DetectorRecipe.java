package dev.plateguard.anpr.train;

import dev.plateguard.anpr.train.TrainingReport.DetectorFigures;
import java.util.List;
import java.util.function.Supplier;

/**
 * The detector's recipe: the CenterNet losses on fixed-size crops of synthetic scenes (several crops per scene,
 * shuffled), mixed with the development photographs at random detector input sizes when they are given; validated by
 * F2 of recall and precision, then corner accuracy, on whole scenes and on the photographs.
 */
final class DetectorRecipe extends Recipe<DetectorExample, DetectorTraining.Validation, DetectorFigures> {

    /** The photographs as the runtime's largest default detector input. */
    private static final int MAX_SIDE = 960;

    /** Development photographs to train on; null when none were given. */
    private final DevImages.DetectorScenes devTrain;

    DetectorRecipe(Context ctx) {
        super("detector", "crops", ctx, ctx.options().detector(), ctx.plan().detector(), new Parts<>(DetectorTraining::newNet,
                2_000_003L, DetectorTraining::validateOnnx, DetectorTraining::parity,
                DetectorTraining.Validation::f1));
        devTrain = ctx.dev() == null ? null : new DevImages.DetectorScenes(ctx.dev().training(), MAX_SIDE);
    }

    @Override
    Supplier<DetectorExample> examples(long seed, boolean validation) {
        return ctx.data().scenes(seed, validation);
    }

    @Override
    String validationUnit() {
        return "scenes";
    }

    /**
     * Synthetic scenes, and the development photographs at their share (at a random detector input size), cut into
     * several crops each.
     */
    @Override
    Supplier<DetectorExample> stream(int k) {
        long seed = threadSeed(k);
        Supplier<DetectorExample> scenes = super.stream(k);
        if (devTrain != null && devTrain.size() > 0) {
            DevImages.DetectorScenes dt = devTrain;
            scenes = AnprTrain.mix(scenes, (i, r) -> dt.example(i, 512 + 32 * r.nextInt(15)), dt.size(),
                    ctx.plan().devDetectorShare(), seed + 29);
        }
        return AnprTrain.cropper(scenes, ctx.plan().crop(), ctx.plan().cropsPerScene(), seed + 31);
    }

    @Override
    int prefetch() {
        return 3 * sizes.batch();
    }

    @Override
    EpochLoop.Outcome<DetectorTraining.Validation> train(NetTrainer net, float learningRate, boolean fineTune,
                                                         Supplier<DetectorExample> data, List<DetectorExample> validation) {
        return DetectorTraining.train(net, new DetectorTraining.Settings(sizes.batch(), ctx.plan().crop(), learningRate, 1f,
                options.minutes(), options.steps(), sizes.epoch(), ctx.options().seed(), fineTune, ctx.log(), checkpoints), data, validation);
    }

    @Override
    Integer crop() {
        return ctx.plan().crop();
    }

    @Override
    DetectorFigures figures(DetectorTraining.Validation v) {
        return DetectorFigures.of("synthetic scenes, " + ctx.data().validationNote() + ", ONNX Runtime, threshold "
                + DetectorTraining.THRESHOLD + ", match box IoU >= " + DetectorTraining.MATCH_IOU, v);
    }

    /** Whole photographs as the runtime would feed them at {@link #MAX_SIDE}. */
    @Override
    Scoring<DetectorExample, DetectorTraining.Validation, DetectorFigures> scoring() {
        return new Scoring<>("photographs", "maxSide " + MAX_SIDE, images -> all(new DevImages.DetectorScenes(images, MAX_SIDE)),
                (what, set, v) -> DetectorFigures.of(set == null ? what : "set " + set, v));
    }

    /** Every photograph as the runtime would feed it at {@link #MAX_SIDE}. */
    private static List<DetectorExample> all(DevImages.DetectorScenes s) {
        List<DetectorExample> out = new java.util.ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(s.example(i, MAX_SIDE));
        }
        return out;
    }
}
