package dev.plateguard.anpr.train;

import dev.plateguard.anpr.train.TrainingReport.ReaderFigures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The reader's recipe: CTC on synthetic plate crops, mixed with crops of the development photographs when they are
 * given; validated by exact readings (then characters right), overall, per group of plate styles and on the
 * photographs.
 */
final class ReaderRecipe extends Recipe<ReaderExample, ReaderTraining.Validation, ReaderFigures> {

    /** Plates of the development photographs to train on; null when none were given. */
    private final DevImages.ReaderCrops devTrain;

    ReaderRecipe(Context ctx) {
        super("reader", "samples", ctx, ctx.options().reader(), ctx.plan().reader(), new Parts<>(ReaderTraining::newNet,
                1_000_003L, ReaderTraining::validateOnnx, ReaderTraining::parity,
                ReaderTraining.Validation::exact));
        devTrain = ctx.dev() == null ? null : new DevImages.ReaderCrops(ctx.dev().training());
    }

    /** Plates of the selection photographs (--select-images), cut from their labelled boxes; empty without them. */
    private List<ReaderExample> selection() {
        if (ctx.options().selectHeldOut()) {
            List<ReaderExample> out = examples(new DevImages.ReaderCrops(ctx.dev().holdout()));
            ctx.log().printf("reader: %d plates of the %d held-out development photographs choose the best epoch%n",
                    out.size(), ctx.dev().holdout().size());
            return out;
        }
        Path dir = ctx.options().selectImages();
        if (dir == null) {
            return List.of();
        }
        try {
            List<DevImages.Image> chosen = DevImages.load(dir, ctx.options().selectFraction()).holdout();
            List<ReaderExample> out = examples(new DevImages.ReaderCrops(chosen));
            ctx.log().printf("reader: %d plates of %d selection photographs choose the best epoch%n", out.size(), chosen.size());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    Supplier<ReaderExample> examples(long seed, boolean validation) {
        return ctx.data().reader(seed, validation);
    }

    /** Synthetic plates, and the development photographs' plates (jittered) at their share. */
    @Override
    Supplier<ReaderExample> stream(int k) {
        Supplier<ReaderExample> stream = super.stream(k);
        if (devTrain != null && devTrain.size() > 0) {
            stream = AnprTrain.mix(stream, devTrain::example, devTrain.size(), ctx.plan().devReaderShare(), threadSeed(k) + 17);
        }
        return stream;
    }

    @Override
    EpochLoop.Outcome<ReaderTraining.Validation> train(NetTrainer net, float learningRate, boolean fineTune,
                                                       Supplier<ReaderExample> data, List<ReaderExample> validation) {
        return ReaderTraining.train(net, new ReaderTraining.Settings(sizes.batch(), learningRate, options.minutes(),
                options.steps(), sizes.epoch(), ctx.options().seed(), fineTune, ctx.log(), checkpoints), data, validation,
                selection());
    }

    @Override
    ReaderFigures figures(ReaderTraining.Validation v) {
        return ReaderFigures.of("synthetic plates, " + ctx.data().validationNote() + ", ONNX Runtime, greedy CTC", v, true);
    }

    @Override
    Map<String, ReaderFigures> validationByGroup(byte[] onnx) {
        Map<String, ReaderFigures> groups = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<ReaderExample>> g : ctx.data().readerGroups(ctx.options().seed() + 3_000_017L).entrySet()) {
            ReaderTraining.Validation gv = ReaderTraining.validateOnnx(onnx, AnprTrain.take(g.getValue(), ctx.plan().groupValidation()));
            groups.put(g.getKey(), ReaderFigures.of(null, gv, true));
            ctx.log().printf("reader: ONNX validation, %s styles: %s%n", g.getKey(), gv);
        }
        return groups.isEmpty() ? null : groups;
    }

    /** Plates cut from their labelled boxes; the figures of all of them without characters, of one set with. */
    @Override
    Scoring<ReaderExample, ReaderTraining.Validation, ReaderFigures> scoring() {
        return new Scoring<>("plates", "labelled boxes", images -> examples(new DevImages.ReaderCrops(images)),
                (what, set, v) -> set == null ? ReaderFigures.of(what, v, false) : ReaderFigures.of(null, v, true));
    }

    /** Every plate of the photographs, cut from its labelled box without jitter. */
    private static List<ReaderExample> examples(DevImages.ReaderCrops crops) {
        List<ReaderExample> out = new ArrayList<>(crops.size());
        for (int i = 0; i < crops.size(); i++) {
            out.add(crops.example(i, null));
        }
        return out;
    }
}
