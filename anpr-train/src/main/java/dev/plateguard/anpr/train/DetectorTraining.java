package dev.plateguard.anpr.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * Trains the detector on fixed-size crops with the CenterNet losses: penalty-reduced focal loss on the heatmap
 * (normalised by the number of plates) plus L1 on the corner offsets at and around each plate's centre cell.
 */
public final class DetectorTraining {

    public static final double THRESHOLD = 0.3;
    public static final double MATCH_IOU = 0.4;

    private DetectorTraining() {
    }

    public record Settings(int batch, int crop, float learningRate, float cornerWeight, double minutes, long maxSteps,
                           long epochSamples, long seed, boolean validateFirst, PrintStream log,
                           EpochLoop.Checkpoints checkpoints) {

        EpochLoop.Budget budget() {
            return new EpochLoop.Budget(batch, learningRate, minutes, maxSteps, epochSamples, validateFirst, checkpoints);
        }
    }

    /**
     * @param recall      plates found (box IoU ≥ 0.4 with a detection above the threshold)
     * @param precision   detections that are plates
     * @param cornerError mean distance of matched corners in input pixels, relative to the plate's height
     */
    public record Validation(int images, int plates, double recall, double precision, double cornerError,
                             double cornerPixels) {

        public double f1() {
            return recall + precision == 0 ? 0 : 2 * recall * precision / (recall + precision);
        }

        /** F2: recall counts four times as much as precision. */
        public double f2() {
            return recall + precision == 0 ? 0 : 5 * recall * precision / (4 * precision + recall);
        }

        /**
         * What "best" means: F2, then corner accuracy. A plate the detector misses is lost for good, while a false
         * detection usually reads as nothing plate-like and the corner refiner fixes rough corners; an F1 choice once
         * kept an early epoch whose recall on real photographs was ten points lower than a later one's.
         */
        public double score() {
            return f2() - 0.1 * Math.min(1, cornerError);
        }

        @Override
        public String toString() {
            return String.format("recall %.2f%% precision %.2f%% corners %.1f%% of height (%.1f px) (%d images, %d plates)",
                    100 * recall, 100 * precision, 100 * cornerError, cornerPixels, images, plates);
        }
    }

    public static NetTrainer newNet(long seed) {
        return new NetTrainer("detector", new DetectorNet(), new Shape(2, 3, 64, 64), 1e-5f, 10f, seed);
    }

    public static EpochLoop.Outcome<Validation> train(NetTrainer net, Settings s, Supplier<DetectorExample> data,
                                                      List<DetectorExample> validation) {
        int c = s.crop();
        int g = c / DetectorNet.STRIDE;
        int cells = g * g;
        int plane = c * c;
        int n = s.batch();
        float[] x = new float[n * 3 * plane];
        float[] heatPos = new float[n * cells];
        float[] heatNeg = new float[n * cells];
        float[] corners = new float[n * 8 * cells];
        float[] cornerW = new float[n * cells];
        EpochLoop.BatchLoss<DetectorExample> centerNetLoss = (batch, m, gc) -> {
            int positives = 0;
            for (int b = 0; b < n; b++) {
                DetectorExample e = batch.get(b);
                if (e.width() != c || e.height() != c) {
                    throw new IllegalStateException("crop " + e.width() + "x" + e.height() + ", expected " + c);
                }
                System.arraycopy(e.chw(), 0, x, b * 3 * plane, 3 * plane);
                DetectorTargets.Maps t = DetectorTargets.build(e.plates(), g, g);
                System.arraycopy(t.positive(), 0, heatPos, b * cells, cells);
                System.arraycopy(t.negativeWeight(), 0, heatNeg, b * cells, cells);
                System.arraycopy(t.corners(), 0, corners, b * 8 * cells, 8 * cells);
                System.arraycopy(t.cornerWeight(), 0, cornerW, b * cells, cells);
                positives += t.positives();
            }
            double cornerWeightSum = 0;
            for (float w : cornerW) {
                cornerWeightSum += w;
            }
            NDList o = net.block().forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(n, 3, c, c))),
                    true);
            NDArray p = Activation.sigmoid(o.get(0)).clip(1e-4f, 1 - 1e-4f);
            NDArray pos = m.create(heatPos, new Shape(n, 1, g, g));
            NDArray neg = m.create(heatNeg, new Shape(n, 1, g, g));
            NDArray oneMinus = p.neg().add(1f);
            NDArray focalPos = pos.mul(oneMinus.square()).mul(p.log()).sum();
            NDArray focalNeg = neg.mul(p.square()).mul(oneMinus.log()).sum();
            NDArray focal = focalPos.add(focalNeg).neg().div((float) Math.max(1, positives));
            NDArray target = m.create(corners, new Shape(n, 8, g, g));
            NDArray w = m.create(cornerW, new Shape(n, 1, g, g));
            NDArray l1 = o.get(1).sub(target).abs().mul(w).sum().div((float) Math.max(1.0, cornerWeightSum));
            gc.backward(focal.add(l1.mul(s.cornerWeight())));
            return new double[] {focal.getFloat(), l1.getFloat()};
        };
        return EpochLoop.run(net, s.budget(), data, () -> validate(net, validation), (v, best) -> v.score() > best.score(),
                centerNetLoss, new EpochLoop.Log("detector", "crops", List.of("focal %.4f", "corner L1 %.4f"), s.log()));
    }

    /** Runs one image (batch of 1) and returns heatmap (after sigmoid) and corners. */
    public interface Runner {
        float[][] run(DetectorExample e);
    }

    public static Validation validate(NetTrainer net, List<DetectorExample> validation) {
        return score(validation, e -> {
            try (NDManager m = net.manager().newSubManager()) {
                NDList o = net.predict(new NDList(m.create(e.chw(), new Shape(1, 3, e.height(), e.width()))));
                return new float[][] {Activation.sigmoid(o.get(0)).toFloatArray(), o.get(1).toFloatArray()};
            }
        });
    }

    public static Validation validateOnnx(byte[] onnx, List<DetectorExample> validation) {
        try (OrtModel model = new OrtModel(onnx)) {
            return score(validation, e -> {
                List<float[]> r = model.run(e.chw(), new long[] {1, 3, e.height(), e.width()},
                        List.of("heatmap", "corners"));
                return new float[][] {r.get(0), r.get(1)};
            });
        }
    }

    /** The largest difference between the network and its export on the first validation scene, both outputs. */
    public static double parity(NetTrainer net, byte[] onnx, List<DetectorExample> validation) throws ai.onnxruntime.OrtException {
        DetectorExample probe = validation.get(0);
        return Parity.maxAbsDiff(net, onnx, "image", probe.chw(), new Shape(1, 3, probe.height(), probe.width()),
                List.of("heatmap", "corners"), List.of(Activation::sigmoid, java.util.function.UnaryOperator.identity()));
    }

    public static Validation score(List<DetectorExample> validation, Runner runner) {
        int plates = 0;
        int found = 0;
        int detections = 0;
        int correct = 0;
        double cornerRel = 0;
        double cornerPx = 0;
        for (DetectorExample e : validation) {
            float[][] r = runner.run(e);
            int gw = e.width() / DetectorNet.STRIDE;
            int gh = e.height() / DetectorNet.STRIDE;
            List<DetectorTargets.Detection> dets = DetectorTargets.decode(r[0], r[1], gw, gh, THRESHOLD);
            detections += dets.size();
            plates += e.plates().size();
            boolean[] used = new boolean[dets.size()];
            for (double[] truth : e.plates()) {
                double[] tb = DetectorTargets.box(truth);
                int bestIdx = -1;
                double bestIou = MATCH_IOU;
                for (int i = 0; i < dets.size(); i++) {
                    double iou = DetectorTargets.iou(tb, DetectorTargets.box(dets.get(i).corners()));
                    if (!used[i] && iou >= bestIou) {
                        bestIou = iou;
                        bestIdx = i;
                    }
                }
                if (bestIdx >= 0) {
                    used[bestIdx] = true;
                    found++;
                    double[] q = dets.get(bestIdx).corners();
                    double d = 0;
                    for (int p = 0; p < 4; p++) {
                        d += Math.hypot(q[2 * p] - truth[2 * p], q[2 * p + 1] - truth[2 * p + 1]);
                    }
                    d /= 4;
                    cornerPx += d;
                    cornerRel += d / Math.max(1, DetectorTargets.size(truth)[1]);
                }
            }
            for (boolean u : used) {
                if (u) {
                    correct++;
                }
            }
        }
        return new Validation(validation.size(), plates, found / (double) Math.max(1, plates),
                detections == 0 ? 0 : correct / (double) detections, found == 0 ? 1 : cornerRel / found,
                found == 0 ? 0 : cornerPx / found);
    }
}
