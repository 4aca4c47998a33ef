package dev.plateguard.anpr.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * One network under training: a DJL {@link Model} and {@link Trainer} (Adam, He-initialised convolutions), a
 * time-driven learning rate (linear warm-up, then cosine decay to the end of the time budget), and snapshots of the
 * parameters so that the best validated state can be restored before export.
 */
public final class NetTrainer implements AutoCloseable {

    private final Model model;
    private final Trainer trainer;
    private final Block block;
    private final ParameterStore evalStore;
    private volatile float learningRate;

    public NetTrainer(String name, Block block, Shape inputShape, float weightDecay, float clipGrad, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        this.block = block;
        this.model = Model.newInstance(name, Device.cpu(), "PyTorch");
        model.setBlock(block);
        ParameterTracker lr = (parameterId, numUpdate) -> learningRate;
        Optimizer adam = Optimizer.adam().optLearningRateTracker(lr).optWeightDecays(weightDecay)
                .optClipGrad(clipGrad).build();
        // He (Kaiming) normal initialisation for every conv weight; biases and BatchNorm keep DJL's defaults.
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                        XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT)
                .optOptimizer(adam).optDevices(new Device[] {Device.cpu()});
        this.trainer = model.newTrainer(config);
        trainer.initialize(inputShape);
        this.evalStore = new ParameterStore(trainer.getManager(), false);
    }

    public Trainer trainer() {
        return trainer;
    }

    public Block block() {
        return block;
    }

    public NDManager manager() {
        return trainer.getManager();
    }

    /** Warm-up over the first {@code warmup} fraction, then cosine from {@code peak} to {@code peak * floor}. */
    public void schedule(double progress, float peak, double warmup, float floor) {
        double p = Math.max(0, Math.min(1, progress));
        double f;
        if (p < warmup) {
            f = 0.1 + 0.9 * p / warmup;
        } else {
            double q = (p - warmup) / (1 - warmup);
            f = floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * q));
        }
        learningRate = (float) (peak * f);
    }

    public float learningRate() {
        return learningRate;
    }

    /** Inference-mode forward pass (BatchNorm running statistics). */
    public NDList predict(NDList inputs) {
        return block.forward(evalStore, inputs, false);
    }

    public long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().getType() != Parameter.Type.RUNNING_MEAN && p.getValue().getType() != Parameter.Type.RUNNING_VAR) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /** A copy of every parameter (running statistics included) on the Java heap. */
    public List<float[]> snapshot() {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    public void restore(List<float[]> snapshot) {
        int i = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().set(snapshot.get(i++));
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
