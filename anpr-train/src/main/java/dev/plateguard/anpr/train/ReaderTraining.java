package dev.plateguard.anpr.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.plateguard.anpr.PlateCrop;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Trains the reader with CTC on a stream of examples within a time budget, validating after every epoch. */
public final class ReaderTraining {

    private ReaderTraining() {
    }

    /**
     * @param minutes      wall-clock budget for the training loop (validation included)
     * @param maxSteps     stop after this many steps even if time is left (0: no limit)
     * @param epochSamples examples per epoch; the model is validated and the best state kept after each
     */
    public record Settings(int batch, float learningRate, double minutes, long maxSteps, long epochSamples, long seed,
                           boolean validateFirst, PrintStream log, EpochLoop.Checkpoints checkpoints) {

        EpochLoop.Budget budget() {
            return new EpochLoop.Budget(batch, learningRate, minutes, maxSteps, epochSamples, validateFirst, checkpoints);
        }
    }

    /**
     * @param selection exact readings on the selection photographs (real plates never trained on), NaN without them
     */
    public record Validation(int samples, double exact, double characters, double selection) {

        public Validation(int samples, double exact, double characters) {
            this(samples, exact, characters, Double.NaN);
        }

        /**
         * What chooses the best epoch: the synthetic exact rate, or with selection photographs the mean of it and
         * theirs. The mean, not the photographs alone: they hold no Uzbek plate, and a few dozen plates would
         * choose by noise.
         */
        double choice() {
            return Double.isNaN(selection) ? exact : (exact + selection) / 2;
        }

        @Override
        public String toString() {
            return String.format("exact %.2f%% chars %.2f%% (%d)", 100 * exact, 100 * characters, samples)
                    + (Double.isNaN(selection) ? "" : String.format(", selection photographs exact %.2f%%", 100 * selection));
        }
    }

    public static NetTrainer newNet(long seed) {
        return new NetTrainer("reader", new ReaderNet(), ReaderNet.inputShape(2), 1e-5f, 5f, seed);
    }

    public static EpochLoop.Outcome<Validation> train(NetTrainer net, Settings s, Supplier<ReaderExample> data,
                                                      List<ReaderExample> validation) {
        return train(net, s, data, validation, List.of());
    }

    /** As above; {@code selection} (plates of real photographs never trained on) takes part in choosing the best epoch. */
    public static EpochLoop.Outcome<Validation> train(NetTrainer net, Settings s, Supplier<ReaderExample> data,
                                                      List<ReaderExample> validation, List<ReaderExample> selection) {
        int px = PlateCrop.WIDTH * PlateCrop.HEIGHT;
        Shape shape = ReaderNet.inputShape(s.batch());
        float[] x = new float[s.batch() * px];
        int[][] labels = new int[s.batch()][];
        EpochLoop.BatchLoss<ReaderExample> ctcLoss = (batch, m, gc) -> {
            for (int i = 0; i < batch.size(); i++) {
                System.arraycopy(batch.get(i).grey(), 0, x, i * px, px);
                labels[i] = Ctc.encode(batch.get(i).text());
            }
            NDList outputs = net.block().forward(new ParameterStore(m, false), new NDList(m.create(x, shape)), true);
            NDArray logp = outputs.singletonOrThrow();
            Ctc.Result ctc = Ctc.lossAndGamma(logp.toFloatArray(), s.batch(), ReaderNet.STEPS, ReaderNet.CLASSES, labels);
            NDArray gamma = m.create(ctc.gamma(), logp.getShape());
            int feasible = Math.max(1, ctc.feasible());
            gc.backward(logp.mul(gamma).sum().neg().div(feasible));
            return new double[] {ctc.meanLoss()};
        };
        Supplier<Validation> validate = () -> {
            Validation v = validate(net, validation);
            return selection.isEmpty() ? v
                    : new Validation(v.samples(), v.exact(), v.characters(), validate(net, selection).exact());
        };
        return EpochLoop.run(net, s.budget(), data, validate,
                (v, best) -> v.choice() > best.choice() || (v.choice() == best.choice() && v.characters() > best.characters()),
                ctcLoss, new EpochLoop.Log("reader", "samples", List.of("loss %.4f"), s.log()));
    }

    /** Greedy-decoded exact-match and character accuracy of the DJL network (inference mode). */
    public static Validation validate(NetTrainer net, List<ReaderExample> validation) {
        return score(validation, (batch) -> {
            try (NDManager m = net.manager().newSubManager()) {
                return net.predict(new NDList(m.create(batch, ReaderNet.inputShape(batch.length
                        / (PlateCrop.WIDTH * PlateCrop.HEIGHT))))).singletonOrThrow().toFloatArray();
            }
        });
    }

    /** The same figures for an exported ONNX model, run by ONNX Runtime. */
    public static Validation validateOnnx(byte[] onnx, List<ReaderExample> validation) {
        try (OrtModel model = new OrtModel(onnx)) {
            return score(validation, (batch) -> model.run(batch, new long[] {batch.length / (PlateCrop.WIDTH
                    * PlateCrop.HEIGHT), 1, PlateCrop.HEIGHT, PlateCrop.WIDTH}, List.of("logits")).get(0));
        }
    }

    /** The largest difference between the network and its export on 16 validation crops. */
    public static double parity(NetTrainer net, byte[] onnx, List<ReaderExample> validation) throws ai.onnxruntime.OrtException {
        return Parity.onFirst(net, onnx, "plate", validation.stream().map(ReaderExample::grey).toList(),
                ReaderNet.inputShape(16), "logits");
    }

    private static Validation score(List<ReaderExample> validation, Function<float[], float[]> run) {
        int px = PlateCrop.WIDTH * PlateCrop.HEIGHT;
        int chunk = 128;
        int exact = 0;
        long chars = 0;
        long errors = 0;
        for (int from = 0; from < validation.size(); from += chunk) {
            int n = Math.min(chunk, validation.size() - from);
            float[] x = new float[n * px];
            for (int i = 0; i < n; i++) {
                System.arraycopy(validation.get(from + i).grey(), 0, x, i * px, px);
            }
            float[] logp = run.apply(x);
            for (int i = 0; i < n; i++) {
                String truth = validation.get(from + i).text();
                String read = Ctc.greedy(logp, i, ReaderNet.STEPS, ReaderNet.CLASSES);
                if (read.equals(truth)) {
                    exact++;
                }
                chars += truth.length();
                errors += Math.min(truth.length(), editDistance(read, truth));
            }
        }
        return new Validation(validation.size(), exact / (double) Math.max(1, validation.size()),
                1 - errors / (double) Math.max(1, chars));
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
