package dev.plateguard.anpr.train;

import dev.plateguard.anpr.train.TrainingReport.RefinerFigures;
import java.util.List;
import java.util.function.Supplier;

/**
 * The corner refiner's recipe: L1 regression of the true corners on views cut around synthetic plates whose corners
 * are perturbed like a detector's; validated by the mean corner error after one pass.
 */
final class RefinerRecipe extends Recipe<RefinerExample, RefinerTraining.Validation, RefinerFigures> {

    RefinerRecipe(Context ctx) {
        super("refiner", "samples", ctx, ctx.options().refiner(), ctx.plan().refiner(), new Parts<>(RefinerTraining::newNet,
                4_000_037L, RefinerTraining::validateOnnx, RefinerTraining::parity,
                RefinerTraining.Validation::after));
    }

    @Override
    Supplier<RefinerExample> examples(long seed, boolean validation) {
        return ctx.data().refiner(seed, validation);
    }

    @Override
    EpochLoop.Outcome<RefinerTraining.Validation> train(NetTrainer net, float learningRate, boolean fineTune,
                                                        Supplier<RefinerExample> data, List<RefinerExample> validation) {
        return RefinerTraining.train(net, new RefinerTraining.Settings(sizes.batch(), learningRate, options.minutes(),
                options.steps(), sizes.epoch(), fineTune, ctx.log(), checkpoints), data, validation);
    }

    @Override
    RefinerFigures figures(RefinerTraining.Validation v) {
        return RefinerFigures.of("synthetic plates, " + ctx.data().validationNote() + ", corners perturbed like a "
                + "detector's, ONNX Runtime, one pass", v);
    }
}
