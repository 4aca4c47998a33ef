package dev.plateguard.anpr.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.plateguard.anpr.PlateContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The training loop the three models share, on the small refiner network with scripted validation figures. */
class EpochLoopTest {

    private static final int BATCH = 2;
    private static final int PX = PlateContext.WIDTH * PlateContext.HEIGHT;

    @Test
    void keepsAndRestoresTheBestValidatedStateAndStopsAtTheStepLimit() {
        try (NetTrainer net = RefinerTraining.newNet(1)) {
            Random random = new Random(5);
            // Epochs of 2 examples = 1 step each; 4 steps give validations after steps 1, 2, 3 and at the end.
            Iterator<Double> scores = List.of(0.4, 0.9, 0.6, 0.7).iterator();
            List<List<float[]>> stateAtValidation = new ArrayList<>();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            int[] lossCalls = {0};
            EpochLoop.Outcome<Double> r = EpochLoop.run(net, new EpochLoop.Budget(BATCH, 1e-2f, 10, 4, BATCH, false),
                    () -> randomContext(random),
                    () -> {
                        stateAtValidation.add(net.snapshot());
                        return scores.next();
                    },
                    (v, best) -> v > best,
                    (batch, m, gc) -> {
                        assertThat(batch).hasSize(BATCH);
                        double loss = squaredOutputLoss(net, batch, m, gc);
                        // the second term is NaN every other step: it is left out of its epoch's mean
                        return new double[] {loss, lossCalls[0]++ % 2 == 0 ? Double.NaN : 1.0};
                    },
                    new EpochLoop.Log("test", "things", List.of("loss %.4f", "other %.1f"), new PrintStream(log, true)));

            assertThat(r.steps()).isEqualTo(4);
            assertThat(r.samples()).isEqualTo(4 * BATCH);
            assertThat(r.epochs()).isEqualTo(4);
            assertThat(r.history()).containsExactly(0.4, 0.9, 0.6, 0.7);
            assertThat(r.best()).isEqualTo(0.9);
            assertThat(r.bestEpoch()).isEqualTo(2);
            List<float[]> restored = net.snapshot();
            List<float[]> atBest = stateAtValidation.get(1);
            List<float[]> atEnd = stateAtValidation.get(3);
            assertThat(restored).hasSameSizeAs(atBest);
            boolean trained = false;
            for (int i = 0; i < restored.size(); i++) {
                assertThat(restored.get(i)).containsExactly(atBest.get(i));
                trained |= !java.util.Arrays.equals(atBest.get(i), atEnd.get(i));
            }
            assertThat(trained).as("the steps after the best epoch changed the parameters").isTrue();
            List<String> lines = log.toString().lines().toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0)).startsWith("test epoch 1: 1 steps, 2 things, ").contains("other NaN, lr ")
                    .endsWith("validation 0.4 (best)");
            assertThat(lines.get(1)).startsWith("test epoch 2: 2 steps, 4 things, ").contains("other 1.0, lr ")
                    .endsWith("things/s; validation 0.9 (best)");
            assertThat(lines.get(2)).endsWith("validation 0.6");
        }
    }

    @Test
    void validateFirstLetsTheStartingPointWin() {
        try (NetTrainer net = RefinerTraining.newNet(2)) {
            Random random = new Random(6);
            List<float[]> start = net.snapshot();
            Iterator<Double> scores = List.of(0.8, 0.5, 0.6).iterator();
            EpochLoop.Outcome<Double> r = EpochLoop.run(net, new EpochLoop.Budget(BATCH, 1e-2f, 10, 2, BATCH, true),
                    () -> randomContext(random), scores::next, (v, best) -> v > best,
                    (batch, m, gc) -> new double[] {squaredOutputLoss(net, batch, m, gc)},
                    new EpochLoop.Log("test", "samples", List.of("loss %.4f"), new PrintStream(new ByteArrayOutputStream())));
            assertThat(r.bestEpoch()).isZero();
            assertThat(r.history()).containsExactly(0.8, 0.5, 0.6);
            List<float[]> restored = net.snapshot();
            for (int i = 0; i < restored.size(); i++) {
                assertThat(restored.get(i)).containsExactly(start.get(i));
            }
        }
    }

    @Test
    void checkpointsEveryEpochAndAResumedRunGoesOnFromTheLastOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        float[] probe = randomContext(new Random(9));
        float[][] atLastEpoch = new float[1][];
        try (NetTrainer net = RefinerTraining.newNet(3)) {
            Random random = new Random(7);
            Iterator<Double> scores = List.of(0.5, 0.3).iterator();
            var checkpoints = new EpochLoop.Checkpoints(dir, "refiner", 1e-2f, null);
            EpochLoop.run(net, new EpochLoop.Budget(BATCH, 1e-2f, 10, 2, BATCH, false, checkpoints),
                    () -> randomContext(random), () -> {
                        atLastEpoch[0] = predict(net, probe);
                        return scores.next();
                    }, (v, best) -> v > best,
                    (batch, m, gc) -> new double[] {squaredOutputLoss(net, batch, m, gc)},
                    new EpochLoop.Log("test", "samples", List.of("loss %.4f"), new PrintStream(new ByteArrayOutputStream())));
        }
        float[] afterTwo = atLastEpoch[0];
        EpochLoop.Progress p = EpochLoop.Progress.read(dir.resolve("refiner.progress"));
        assertThat(p.steps()).isEqualTo(2);
        assertThat(p.samples()).isEqualTo(2 * BATCH);
        assertThat(p.epoch()).isEqualTo(2);
        assertThat(p.peakRate()).isEqualTo(1e-2f);
        // epoch 1 was the best (0.5 > 0.3): best and last differ
        assertThat(java.nio.file.Files.readAllBytes(dir.resolve("refiner.best.onnx")))
                .isNotEqualTo(java.nio.file.Files.readAllBytes(dir.resolve("refiner.last.onnx")));

        try (NetTrainer net = RefinerTraining.newNet(4)) {
            ((OnnxNetwork) net.block()).loadOnnx(java.nio.file.Files.readAllBytes(dir.resolve("refiner.last.onnx")));
            // the export folds BatchNorm into the convolutions: the same function, not the same parameters
            float[] loaded = predict(net, probe);
            for (int i = 0; i < loaded.length; i++) {
                assertThat(loaded[i]).as("output %d", i).isCloseTo(afterTwo[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
            Random random = new Random(8);
            Iterator<Double> scores = List.of(0.4, 0.6, 0.2).iterator();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            EpochLoop.Outcome<Double> r = EpochLoop.run(net, new EpochLoop.Budget(BATCH, 1e-2f, 10, 4, BATCH, true,
                            new EpochLoop.Checkpoints(dir, "refiner", 1e-2f, p)),
                    () -> randomContext(random), scores::next, (v, best) -> v > best,
                    (batch, m, gc) -> new double[] {squaredOutputLoss(net, batch, m, gc)},
                    new EpochLoop.Log("test", "samples", List.of("loss %.4f"), new PrintStream(log, true)));
            // the step limit counts the steps before the stop: two more steps, epochs 2 (the checkpoint), 3 and 4
            assertThat(r.steps()).isEqualTo(4);
            assertThat(r.samples()).isEqualTo(4 * BATCH);
            assertThat(r.history()).containsExactly(0.4, 0.6, 0.2);
            assertThat(r.bestEpoch()).isEqualTo(3);
            assertThat(log.toString().lines().toList().get(0)).startsWith("test epoch 2: 2 steps, 4 samples, ");
            assertThat(EpochLoop.Progress.read(dir.resolve("refiner.progress")).epoch()).isEqualTo(4);
        }
    }

    private static float[] predict(NetTrainer net, float[] x) {
        try (NDManager m = net.manager().newSubManager()) {
            return net.predict(new NDList(m.create(x, RefinerNet.inputShape(1)))).singletonOrThrow().toFloatArray();
        }
    }

    /** A real training step on the refiner: the mean squared output, so that every step changes the weights. */
    private static double squaredOutputLoss(NetTrainer net, List<float[]> batch, NDManager m, GradientCollector gc) {
        float[] x = new float[batch.size() * PX];
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(batch.get(i), 0, x, i * PX, PX);
        }
        NDArray loss = net.block().forward(new ParameterStore(m, false),
                new NDList(m.create(x, RefinerNet.inputShape(batch.size()))), true).singletonOrThrow().square().mean();
        gc.backward(loss);
        return loss.getFloat();
    }

    private static float[] randomContext(Random random) {
        float[] x = new float[PX];
        for (int i = 0; i < PX; i++) {
            x[i] = random.nextFloat();
        }
        return x;
    }
}
