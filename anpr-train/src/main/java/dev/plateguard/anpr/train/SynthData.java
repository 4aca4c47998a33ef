package dev.plateguard.anpr.train;

import dev.plateguard.anpr.DetectorInput;
import dev.plateguard.anpr.PlateCrop;
import dev.plateguard.anpr.synth.PlacedPlate;
import dev.plateguard.anpr.synth.PlateRenderer;
import dev.plateguard.anpr.synth.ReaderSamples;
import dev.plateguard.anpr.synth.Scene;
import dev.plateguard.anpr.synth.SceneRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Training data rendered by anpr-synth: {@link ReaderSamples} for the reader (plates on cars in perspective, degraded,
 * corners jittered like a detector's), {@link SceneRenderer} scenes for the detector. Training streams use
 * {@link SceneRenderer.Settings#training()}; validation uses {@link SceneRenderer.Settings#heldOut()}, whose ranges
 * differ in every group, with other seeds.
 */
final class SynthData implements TrainingData {

    /** Scene sizes (as a camera delivers them, before DetectorInput scales to 960) and how often each is drawn. */
    static final int[][] SCENE_SIZES = {{960, 720}, {960, 540}, {720, 540}};
    static final double[] SCENE_WEIGHTS = {0.4, 0.4, 0.2};
    static final int MAX_SIDE = 960;

    private final SceneRenderer.Settings training;
    private final SceneRenderer.Settings heldOut;

    SynthData(SceneRenderer.Settings training, SceneRenderer.Settings heldOut) {
        this.training = training;
        this.heldOut = heldOut;
    }

    static TrainingData create() {
        return new SynthData(SceneRenderer.Settings.training(), SceneRenderer.Settings.heldOut());
    }

    @Override
    public String name() {
        return "anpr-synth";
    }

    /**
     * Shares of the reader's training stream: all styles at their natural weights, Uzbek styles only, and the
     * Uzbek two-row styles only. Uzbek plates are the project's first market (about half of the stream then) and
     * two-row plates (about a fifth) are the hardest to read in order.
     */
    static final double[] READER_MIX = {0.65, 0.20, 0.15};
    static final List<String> TWO_ROW_STYLES = List.of("uz-motorcycle", "uz-trailer", "uz-tractor");

    @Override
    public Supplier<ReaderExample> reader(long seed, boolean validation) {
        if (validation) {
            return reader(new ReaderSamples(seed, heldOut));
        }
        List<String> twoRow = TWO_ROW_STYLES.stream().filter(PlateRenderer.styles()::contains).toList();
        List<Supplier<ReaderExample>> parts = List.of(reader(new ReaderSamples(seed, training)),
                reader(new ReaderSamples(seed + 1, training.withStyles(PlateRenderer.styles("uz")))),
                twoRow.isEmpty() ? reader(new ReaderSamples(seed + 2, training))
                        : reader(new ReaderSamples(seed + 2, training.withStyles(twoRow))));
        Random r = new Random(seed ^ 0x2545F4914F6CDD1DL);
        return () -> parts.get(pick(r, READER_MIX)).get();
    }

    /**
     * Plate crops from a sample generator, skipping texts the reader cannot emit in 32 steps. Two-row plates are cut
     * with {@link PlateCrop#greyTwoRows}.
     */
    static Supplier<ReaderExample> reader(ReaderSamples samples) {
        return () -> {
            while (true) {
                ReaderSamples.Sample s = samples.next();
                String text = Ctc.normalise(s.text());
                if (text.isEmpty() || Ctc.minSteps(Ctc.encode(text)) > ReaderNet.STEPS) {
                    continue;
                }
                // two-row plates are read with their rows side by side, as the recogniser cuts them
                float[] crop = TWO_ROW_STYLES.contains(samples.lastStyle())
                        ? PlateCrop.greyTwoRows(s.plateInContext(), s.corners())
                        : PlateCrop.grey(s.plateInContext(), s.corners());
                return new ReaderExample(crop, text);
            }
        };
    }

    /**
     * Refiner examples: reader samples rendered with a wide margin around the plate, cut around the true corners
     * perturbed like a detector's ({@link RefinerTraining#perturb}). Training mixes in Uzbek styles as the reader does.
     */
    @Override
    public Supplier<RefinerExample> refiner(long seed, boolean validation) {
        if (validation) {
            return refiner(new ReaderSamples(seed, heldOut, true), seed);
        }
        Supplier<RefinerExample> all = refiner(new ReaderSamples(seed, training, true), seed);
        Supplier<RefinerExample> uz = refiner(new ReaderSamples(seed + 1, training.withStyles(PlateRenderer.styles("uz")),
                true), seed + 1);
        Random r = new Random(seed ^ 0x1F83D9ABFB41BD6BL);
        return () -> r.nextDouble() < 0.7 ? all.get() : uz.get();
    }

    private static Supplier<RefinerExample> refiner(ReaderSamples samples, long seed) {
        Random r = new Random(seed ^ 0x6A09E667F3BCC909L);
        return () -> {
            ReaderSamples.Sample s = samples.next();
            return RefinerTraining.example(s.plateInContext(), samples.lastTrueCorners(), r);
        };
    }

    @Override
    public java.util.Map<String, Supplier<ReaderExample>> readerGroups(long seed) {
        java.util.Map<String, Supplier<ReaderExample>> out = new java.util.LinkedHashMap<>();
        int k = 0;
        for (String group : List.of("uz", "neighbour", "eu", "us", "br", "other")) {
            List<String> styles = PlateRenderer.styles(group);
            if (!styles.isEmpty()) {
                out.put(group, reader(new ReaderSamples(seed + 101L * ++k, heldOut.withStyles(styles))));
            }
        }
        return out;
    }

    @Override
    public String validationNote() {
        return "held-out render settings (SceneRenderer.Settings.heldOut: other ranges in every group), other seeds";
    }

    @Override
    public Supplier<DetectorExample> scenes(long seed, boolean validation) {
        SceneRenderer renderer = new SceneRenderer(seed, validation ? heldOut : training);
        Random r = new Random(seed ^ 0x5DEECE66DL);
        return () -> {
            int[] size = SCENE_SIZES[pick(r, SCENE_WEIGHTS)];
            return example(renderer.render(size[0], size[1]), MAX_SIDE);
        };
    }

    /** A scene as the runtime feeds it to the detector, plates in tensor pixels. */
    static DetectorExample example(Scene scene, int maxSide) {
        DetectorInput in = DetectorInput.of(scene.image(), maxSide);
        List<double[]> plates = new ArrayList<>();
        for (PlacedPlate p : scene.plates()) {
            double[] q = p.corners().clone();
            for (int i = 0; i < 8; i++) {
                q[i] *= in.scale();
            }
            plates.add(q);
        }
        return new DetectorExample(in.chw(), in.width(), in.height(), plates);
    }

    static int pick(Random r, double[] weights) {
        double u = r.nextDouble();
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
