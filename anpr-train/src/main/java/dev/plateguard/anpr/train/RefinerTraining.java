package dev.plateguard.anpr.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.plateguard.anpr.PlateContext;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Trains the corner refiner ({@link RefinerNet}) by L1 regression of the true corners, in crop pixels, within a time
 * budget, validating after every epoch and keeping the best state.
 */
public final class RefinerTraining {

    private RefinerTraining() {
    }

    /**
     * How far off a detector's corners are, in the plate's own frame (fractions of its width along it, of its height
     * across it), measured on synthetic Uzbek scenes with the 2026-11-27 detector: per corner about 7 % of the width
     * along and 21–24 % of the height across (standard deviations). The perturbation splits that into a shift, a
     * scale and per-corner noise; one example in five gets 1.8 times the error, one in seven a third of it, so that
     * the refiner also learns to leave good corners alone.
     */
    static final double SHIFT_U = 0.05;
    static final double SHIFT_V = 0.15;
    static final double SCALE_U = 0.08;
    static final double SCALE_V = 0.25;
    static final double NOISE_U = 0.04;
    static final double NOISE_V = 0.12;

    public record Settings(int batch, float learningRate, double minutes, long maxSteps, long epochSamples,
                           boolean validateFirst, PrintStream log, EpochLoop.Checkpoints checkpoints) {

        EpochLoop.Budget budget() {
            return new EpochLoop.Budget(batch, learningRate, minutes, maxSteps, epochSamples, validateFirst, checkpoints);
        }
    }

    /**
     * Figures on validation examples, corner distances in plate heights (the true plate's).
     *
     * @param before mean corner error of the quadrilaterals the crops were cut around
     * @param after  mean corner error of the refined corners
     * @param within share of plates whose worst refined corner is within 0.15 plate heights
     */
    public record Validation(int samples, double before, double after, double within) {

        @Override
        public String toString() {
            return String.format("corner error %.3f -> %.3f plate heights, %.1f%% of plates within 0.15 (%d)", before,
                    after, 100 * within, samples);
        }
    }

    public static NetTrainer newNet(long seed) {
        return new NetTrainer("refiner", new RefinerNet(), RefinerNet.inputShape(2), 1e-5f, 5f, seed);
    }

    /** The true corners moved like a detector's error ({@link #SHIFT_U} ff.), perspective kept. */
    public static double[] perturb(double[] truth, Random r) {
        double k = r.nextDouble() < 0.2 ? 1.8 : r.nextDouble() < 0.18 ? 0.33 : 1.0;
        double du = gauss(r, k * SHIFT_U);
        double dv = gauss(r, k * SHIFT_V);
        double su = Math.max(0.7, 1 + gauss(r, k * SCALE_U));
        double sv = Math.max(0.6, 1 + gauss(r, k * SCALE_V));
        double[] uv = new double[8];
        double[][] unit = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
        for (int i = 0; i < 4; i++) {
            uv[2 * i] = 0.5 + (unit[i][0] - 0.5) * su + du + gauss(r, k * NOISE_U);
            uv[2 * i + 1] = 0.5 + (unit[i][1] - 0.5) * sv + dv + gauss(r, k * NOISE_V);
        }
        // the unit square of the true plate maps to the image by its homography; (u, v) of the crop = (u, v) here
        float[] f = new float[8];
        for (int i = 0; i < 8; i += 2) {
            f[i] = (float) ((uv[i] - PlateContext.U0) / (PlateContext.U1 - PlateContext.U0));
            f[i + 1] = (float) ((uv[i + 1] - PlateContext.V0) / (PlateContext.V1 - PlateContext.V0));
        }
        return PlateContext.toImage(truth, f, 0);
    }

    private static double gauss(Random r, double sd) {
        return Math.max(-3, Math.min(3, r.nextGaussian())) * sd;
    }

    /** An example from an image and a plate's true corners in it: the crop around a perturbed copy of them. */
    public static RefinerExample example(BufferedImage image, double[] truth, Random r) {
        double[] around = perturb(truth, r);
        return new RefinerExample(PlateContext.grey(image, around), around, truth.clone());
    }

    public static EpochLoop.Outcome<Validation> train(NetTrainer net, Settings s, Supplier<RefinerExample> data,
                                                      List<RefinerExample> validation) {
        int px = PlateContext.WIDTH * PlateContext.HEIGHT;
        Shape shape = RefinerNet.inputShape(s.batch());
        float[] x = new float[s.batch() * px];
        float[] y = new float[s.batch() * 8];
        // L1 in crop pixels: x fractions count WIDTH pixels, y fractions HEIGHT pixels
        float[] pixels = new float[8];
        for (int i = 0; i < 8; i += 2) {
            pixels[i] = PlateContext.WIDTH;
            pixels[i + 1] = PlateContext.HEIGHT;
        }
        EpochLoop.BatchLoss<RefinerExample> l1 = (batch, m, gc) -> {
            for (int i = 0; i < batch.size(); i++) {
                System.arraycopy(batch.get(i).grey(), 0, x, i * px, px);
                System.arraycopy(batch.get(i).target(), 0, y, i * 8, 8);
            }
            NDArray pred = net.block().forward(new ParameterStore(m, false), new NDList(m.create(x, shape)), true)
                    .singletonOrThrow();
            NDArray loss = pred.sub(m.create(y, new Shape(s.batch(), 8))).abs().mul(m.create(pixels, new Shape(1, 8)))
                    .mean();
            gc.backward(loss);
            return new double[] {loss.getFloat()};
        };
        return EpochLoop.run(net, s.budget(), data, () -> validate(net, validation),
                (v, best) -> v.after() < best.after(), l1, new EpochLoop.Log("refiner", "samples", List.of("loss %.4f px"), s.log()));
    }

    /** Corner errors of the DJL network (inference mode). */
    public static Validation validate(NetTrainer net, List<RefinerExample> validation) {
        return score(validation, batch -> {
            try (NDManager m = net.manager().newSubManager()) {
                return net.predict(new NDList(m.create(batch, RefinerNet.inputShape(batch.length
                        / (PlateContext.WIDTH * PlateContext.HEIGHT))))).singletonOrThrow().toFloatArray();
            }
        });
    }

    /** The same figures for an exported ONNX model, run by ONNX Runtime. */
    public static Validation validateOnnx(byte[] onnx, List<RefinerExample> validation) {
        try (OrtModel model = new OrtModel(onnx)) {
            return score(validation, batch -> model.run(batch, new long[] {batch.length / (PlateContext.WIDTH
                    * PlateContext.HEIGHT), 1, PlateContext.HEIGHT, PlateContext.WIDTH}, List.of("corners")).get(0));
        }
    }

    /** The largest difference between the network and its export on 8 validation views. */
    public static double parity(NetTrainer net, byte[] onnx, List<RefinerExample> validation) throws ai.onnxruntime.OrtException {
        return Parity.onFirst(net, onnx, "context", validation.stream().map(RefinerExample::grey).toList(),
                RefinerNet.inputShape(8), "corners");
    }

    private static Validation score(List<RefinerExample> validation, Function<float[], float[]> run) {
        int px = PlateContext.WIDTH * PlateContext.HEIGHT;
        int chunk = 128;
        double before = 0;
        double after = 0;
        int within = 0;
        for (int from = 0; from < validation.size(); from += chunk) {
            int n = Math.min(chunk, validation.size() - from);
            float[] x = new float[n * px];
            for (int i = 0; i < n; i++) {
                System.arraycopy(validation.get(from + i).grey(), 0, x, i * px, px);
            }
            float[] out = run.apply(x);
            for (int i = 0; i < n; i++) {
                RefinerExample e = validation.get(from + i);
                double[] refined = PlateContext.toImage(e.around(), out, 8 * i);
                double h = DetectorTargets.size(e.truth())[1];
                before += meanDistance(e.around(), e.truth()) / h;
                after += meanDistance(refined, e.truth()) / h;
                if (maxDistance(refined, e.truth()) / h <= 0.15) {
                    within++;
                }
            }
        }
        int n = Math.max(1, validation.size());
        return new Validation(validation.size(), before / n, after / n, within / (double) n);
    }

    static double meanDistance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += Math.hypot(a[2 * i] - b[2 * i], a[2 * i + 1] - b[2 * i + 1]);
        }
        return sum / 4;
    }

    static double maxDistance(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < 4; i++) {
            max = Math.max(max, Math.hypot(a[2 * i] - b[2 * i], a[2 * i + 1] - b[2 * i + 1]));
        }
        return max;
    }
}
