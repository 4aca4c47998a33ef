package dev.plateguard.anpr.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * The loop that the reader, detector and refiner trainings share: optimiser steps on batches drawn from a stream,
 * within a wall-clock budget or a step limit, under the warm-up and cosine learning-rate schedule; validation after
 * every epoch; and the best state kept and restored at the end. Each training passes in what differs: its loss, its
 * validation and what "better" means.
 */
final class EpochLoop {

    private EpochLoop() {
    }

    /**
     * @param minutes       wall-clock budget for the loop, validation included
     * @param maxSteps      stop after this many steps even if time is left (0: no limit); the schedule then follows the
     *                      steps instead of the clock, so that a run is reproducible
     * @param epochSamples  examples per epoch; the model is validated and the best state kept after each
     * @param validateFirst validate before the first step as epoch 0, so that a fine-tune's starting point is kept
     *                      when nothing beats it
     */
    record Budget(int batch, float learningRate, double minutes, long maxSteps, long epochSamples,
                  boolean validateFirst, Checkpoints checkpoints) {

        Budget(int batch, float learningRate, double minutes, long maxSteps, long epochSamples, boolean validateFirst) {
            this(batch, learningRate, minutes, maxSteps, epochSamples, validateFirst, null);
        }
    }

    /** How far a run had got: what a checkpoint records and a resumed run starts from. */
    record Progress(long steps, long samples, double seconds, int epoch, float peakRate) {

        static Progress read(Path file) throws IOException {
            var p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            return new Progress(Long.parseLong(p.getProperty("steps")), Long.parseLong(p.getProperty("samples")),
                    Double.parseDouble(p.getProperty("seconds")), Integer.parseInt(p.getProperty("epoch")),
                    Float.parseFloat(p.getProperty("peakRate")));
        }

        void write(Path file) throws IOException {
            var p = new Properties();
            p.setProperty("steps", Long.toString(steps));
            p.setProperty("samples", Long.toString(samples));
            p.setProperty("seconds", Double.toString(seconds));
            p.setProperty("epoch", Integer.toString(epoch));
            p.setProperty("peakRate", Float.toString(peakRate));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var out = Files.newOutputStream(tmp)) {
                p.store(out, "anpr-train progress; --resume continues from " + file.getFileName().toString()
                        .replace(".progress", ".last.onnx"));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Saves the network after every epoch into {@code dir}: {@code NAME.last.onnx} and {@code NAME.progress} (so that
     * a stopped run can be resumed), and {@code NAME.best.onnx} when the epoch is the best so far. A run that resumes
     * passes the progress it starts from; its clock, step count, epoch numbers and schedule go on from there.
     */
    record Checkpoints(Path dir, String name, float peakRate, Progress resumed) {

        Path last() {
            return dir.resolve(name + ".last.onnx");
        }

        Path best() {
            return dir.resolve(name + ".best.onnx");
        }

        Path progress() {
            return dir.resolve(name + ".progress");
        }

        void save(NetTrainer net, Progress p, boolean best) {
            try {
                byte[] onnx = ((OnnxNetwork) net.block()).toOnnx(Map.of("producer", "bin/anpr-train", "epoch",
                        Integer.toString(p.epoch())));
                AnprTrain.writeAtomically(last(), onnx);
                if (best) {
                    AnprTrain.writeAtomically(best(), onnx);
                }
                p.write(progress());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the checkpoint in " + dir, e);
            }
        }
    }

    /**
     * One optimiser step's loss on a batch: builds the loss in {@code m}, calls {@code gc.backward} on it and returns
     * the loss terms to log (a NaN term is left out of its epoch's mean).
     */
    interface BatchLoss<E> {
        double[] backward(List<E> batch, NDManager m, GradientCollector gc);
    }

    /**
     * How one training's lines are logged.
     *
     * @param model       "reader", "detector", ...
     * @param unit        what an example is called ("samples", "crops")
     * @param lossFormats one format per loss term, e.g. {@code "loss %.4f"}
     */
    record Log(String model, String unit, List<String> lossFormats, PrintStream out) {
    }

    record Outcome<V>(long steps, long samples, double seconds, double samplesPerSecond, V best, int bestEpoch,
                      int epochs, List<V> history, double renderWaitSeconds) {
    }

    /** Peak learning rate reached after this fraction of the run; the cosine then falls to {@link #FLOOR} of it. */
    static final double WARMUP = 0.03;
    static final float FLOOR = 0.02f;

    /**
     * Trains {@code net} on batches from {@code data} until the budget is spent, validating with {@code validate}
     * after every epoch; {@code better.test(candidate, best)} decides which state is kept.
     */
    static <E, V> Outcome<V> run(NetTrainer net, Budget b, Supplier<E> data, Supplier<V> validate,
                                 BiPredicate<V, V> better, BatchLoss<E> loss, Log log) {
        long budgetNanos = (long) (b.minutes() * 60e9);
        Progress resumed = b.checkpoints() == null ? null : b.checkpoints().resumed();
        long start = System.nanoTime() - (resumed == null ? 0 : (long) (resumed.seconds() * 1e9));
        long steps = resumed == null ? 0 : resumed.steps();
        long samples = resumed == null ? 0 : resumed.samples();
        long samplesBefore = samples;
        long trainNanos = 0;
        int terms = log.lossFormats().size();
        double[] lossSum = new double[terms];
        int[] lossCount = new int[terms];
        List<V> history = new ArrayList<>();
        V best = null;
        List<float[]> bestState = null;
        int bestEpoch = 0;
        int epoch = (resumed == null ? 0 : resumed.epoch()) - (b.validateFirst() ? 1 : 0);
        long nextEpochAt = samples + (b.validateFirst() ? 0 : b.epochSamples());
        double waitStart = data instanceof Prefetcher<?> p ? p.waitSeconds() : 0;
        List<E> batch = new ArrayList<>(b.batch());
        while (true) {
            long elapsed = System.nanoTime() - start;
            boolean out = elapsed >= budgetNanos || (b.maxSteps() > 0 && steps >= b.maxSteps());
            if (samples >= nextEpochAt || out) {
                epoch++;
                nextEpochAt += b.epochSamples();
                V v = validate.get();
                history.add(v);
                boolean improved = best == null || better.test(v, best);
                if (improved) {
                    best = v;
                    bestEpoch = epoch;
                    bestState = net.snapshot();
                }
                if (b.checkpoints() != null) {
                    b.checkpoints().save(net, new Progress(steps, samples, (System.nanoTime() - start) / 1e9, epoch,
                            b.checkpoints().peakRate()), improved);
                }
                StringBuilder losses = new StringBuilder();
                for (int t = 0; t < terms; t++) {
                    losses.append(String.format(log.lossFormats().get(t),
                            lossCount[t] == 0 ? Double.NaN : lossSum[t] / lossCount[t])).append(", ");
                }
                log.out().printf("%s epoch %d: %d steps, %d %s, %.0f s, %slr %.2e, %.1f %s/s; validation %s%s%n",
                        log.model(), epoch, steps, samples, log.unit(), elapsed / 1e9, losses, net.learningRate(),
                        trainNanos == 0 ? 0 : (samples - samplesBefore) / (trainNanos / 1e9), log.unit(), v, best == v ? " (best)" : "");
                Arrays.fill(lossSum, 0);
                Arrays.fill(lossCount, 0);
                if (out) {
                    break;
                }
            }
            long t0 = System.nanoTime();
            batch.clear();
            for (int i = 0; i < b.batch(); i++) {
                batch.add(data.get());
            }
            double progress = b.maxSteps() > 0 ? steps / (double) b.maxSteps()
                    : (double) (System.nanoTime() - start) / budgetNanos;
            net.schedule(progress, b.learningRate(), WARMUP, FLOOR);
            try (NDManager m = net.manager().newSubManager(); GradientCollector gc = net.trainer().newGradientCollector()) {
                double[] l = loss.backward(batch, m, gc);
                for (int t = 0; t < terms; t++) {
                    if (!Double.isNaN(l[t])) {
                        lossSum[t] += l[t];
                        lossCount[t]++;
                    }
                }
            }
            net.trainer().step();
            trainNanos += System.nanoTime() - t0;
            steps++;
            samples += b.batch();
        }
        net.restore(bestState);
        double seconds = (System.nanoTime() - start) / 1e9;
        double wait = data instanceof Prefetcher<?> p ? p.waitSeconds() - waitStart : 0;
        return new Outcome<>(steps, samples, seconds, (samples - samplesBefore) / (trainNanos / 1e9 + 1e-9), best, bestEpoch, epoch,
                history, wait);
    }
}
