package dev.plateguard.anpr.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.plateguard.anpr.PlateCrop;
import java.io.PrintStream;
import java.util.ArrayList;
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
                           boolean validateFirst, PrintStream log) {
    }

    public record Validation(int samples, double exact, double characters) {

        @Override
        public String toString() {
            return String.format("exact %.2f%% chars %.2f%% (%d)", 100 * exact, 100 * characters, samples);
        }
    }

    public record Outcome(long steps, long samples, double seconds, double samplesPerSecond, Validation best,
                          int bestEpoch, int epochs, List<Validation> history, double renderWaitSeconds) {
    }

    public static NetTrainer newNet(long seed) {
        return new NetTrainer("reader", new ReaderNet(), ReaderNet.inputShape(2), 1e-5f, 5f, seed);
    }

    public static Outcome train(NetTrainer net, Settings s, Supplier<ReaderExample> data, List<ReaderExample> validation) {
        int px = PlateCrop.WIDTH * PlateCrop.HEIGHT;
        Shape shape = ReaderNet.inputShape(s.batch());
        long budgetNanos = (long) (s.minutes() * 60e9);
        long start = System.nanoTime();
        long steps = 0;
        long samples = 0;
        double lossSum = 0;
        int lossCount = 0;
        long trainNanos = 0;
        List<Validation> history = new ArrayList<>();
        Validation best = null;
        List<float[]> bestState = null;
        int bestEpoch = 0;
        int epoch = s.validateFirst() ? -1 : 0;
        long nextEpochAt = s.validateFirst() ? 0 : s.epochSamples();
        long waitStart = data instanceof Prefetcher<?> p ? (long) (p.waitSeconds() * 1e9) : 0;
        float[] x = new float[s.batch() * px];
        int[][] labels = new int[s.batch()][];
        while (true) {
            long elapsed = System.nanoTime() - start;
            boolean out = elapsed >= budgetNanos || (s.maxSteps() > 0 && steps >= s.maxSteps());
            if (samples >= nextEpochAt || out) {
                epoch++;
                nextEpochAt += s.epochSamples();
                Validation v = validate(net, validation);
                history.add(v);
                if (best == null || v.exact() > best.exact()
                        || (v.exact() == best.exact() && v.characters() > best.characters())) {
                    best = v;
                    bestEpoch = epoch;
                    bestState = net.snapshot();
                }
                s.log().printf("reader epoch %d: %d steps, %d samples, %.0f s, loss %.4f, lr %.2e, %.1f samples/s; "
                                + "validation %s%s%n", epoch, steps, samples, elapsed / 1e9,
                        lossCount == 0 ? Double.NaN : lossSum / lossCount, net.learningRate(),
                        trainNanos == 0 ? 0 : samples / (trainNanos / 1e9), v, best == v ? " (best)" : "");
                lossSum = 0;
                lossCount = 0;
                if (out) {
                    break;
                }
            }
            long t0 = System.nanoTime();
            for (int b = 0; b < s.batch(); b++) {
                ReaderExample e = data.get();
                System.arraycopy(e.grey(), 0, x, b * px, px);
                labels[b] = Ctc.encode(e.text());
            }
            // With a step limit the schedule follows the steps (reproducible); otherwise the clock.
            double progress = s.maxSteps() > 0 ? steps / (double) s.maxSteps()
                    : (double) (System.nanoTime() - start) / budgetNanos;
            net.schedule(progress, s.learningRate(), 0.03, 0.02f);
            try (NDManager m = net.manager().newSubManager(); GradientCollector gc = net.trainer().newGradientCollector()) {
                NDList outputs = net.block().forward(new ParameterStore(m, false), new NDList(m.create(x, shape)), true);
                NDArray logp = outputs.singletonOrThrow();
                Ctc.Result ctc = Ctc.lossAndGamma(logp.toFloatArray(), s.batch(), ReaderNet.STEPS, ReaderNet.CLASSES,
                        labels);
                NDArray gamma = m.create(ctc.gamma(), logp.getShape());
                int feasible = Math.max(1, ctc.feasible());
                NDArray loss = logp.mul(gamma).sum().neg().div(feasible);
                gc.backward(loss);
                double l = ctc.meanLoss();
                if (!Double.isNaN(l)) {
                    lossSum += l;
                    lossCount++;
                }
            }
            net.trainer().step();
            trainNanos += System.nanoTime() - t0;
            steps++;
            samples += s.batch();
        }
        net.restore(bestState);
        double seconds = (System.nanoTime() - start) / 1e9;
        double wait = data instanceof Prefetcher<?> p ? p.waitSeconds() - waitStart / 1e9 : 0;
        return new Outcome(steps, samples, seconds, samples / (trainNanos / 1e9 + 1e-9), best, bestEpoch, epoch, history,
                wait);
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
