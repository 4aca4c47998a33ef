package dev.plateguard.anpr.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DJL forward pass versus ONNX Runtime on the exported graph, freshly initialised and after a few training steps. */
class ExportParityTest {

    @BeforeAll
    static void engine() {
        Djl.engine(2);
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat();
        }
        return a;
    }

    /** A few SGD steps on an arbitrary objective, so weights and BatchNorm running statistics move off their init. */
    private static void shake(NetTrainer net, Shape shape, Random r) {
        net.schedule(0.5, 1e-2f, 0.1, 0.1f);
        for (int i = 0; i < 4; i++) {
            try (NDManager m = net.manager().newSubManager(); GradientCollector gc = net.trainer().newGradientCollector()) {
                NDArray x = m.create(random(r, (int) shape.size()), shape);
                NDList out = net.block().forward(new ParameterStore(m, false), new NDList(x), true);
                NDArray loss = out.get(0).square().mean();
                for (int k = 1; k < out.size(); k++) {
                    loss = loss.add(out.get(k).abs().mean());
                }
                gc.backward(loss);
            }
            net.trainer().step();
        }
    }

    @Test
    void readerExportMatchesDjl() throws Exception {
        Random r = new Random(7);
        try (NetTrainer net = new NetTrainer("reader", new ReaderNet(), ReaderNet.inputShape(2), 0, 5, 1)) {
            for (int round = 0; round < 2; round++) {
                byte[] onnx = ((ReaderNet) net.block()).toOnnx(Map.of());
                Shape shape = ReaderNet.inputShape(3);
                double diff = Parity.maxAbsDiff(net, onnx, "plate", random(r, (int) shape.size()), shape,
                        List.of("logits"), List.of(UnaryOperator.identity()));
                assertThat(diff).as("round %d", round).isLessThan(1e-3);
                shake(net, ReaderNet.inputShape(8), r);
            }
            assertThat(net.parameterCount()).isBetween(400_000L, 1_500_000L);
        }
    }

    @Test
    void anExportLoadsBackForFineTuning() throws Exception {
        Random r = new Random(9);
        Shape shape = ReaderNet.inputShape(4);
        float[] x = random(r, (int) shape.size());
        byte[] trained;
        try (NetTrainer a = new NetTrainer("a", new ReaderNet(), ReaderNet.inputShape(2), 0, 5, 1)) {
            shake(a, ReaderNet.inputShape(8), r);
            trained = ((ReaderNet) a.block()).toOnnx(Map.of());
        }
        try (NetTrainer b = new NetTrainer("b", new ReaderNet(), ReaderNet.inputShape(2), 0, 5, 2)) {
            ((ReaderNet) b.block()).loadOnnx(trained);
            // the loaded network computes what the file computes ...
            assertThat(Parity.maxAbsDiff(b, trained, "plate", x, shape, List.of("logits"),
                    List.of(UnaryOperator.identity()))).isLessThan(1e-4);
            // ... and keeps doing so in training mode (frozen BatchNorm statistics), then trains and exports again
            shake(b, ReaderNet.inputShape(8), r);
            byte[] again = ((ReaderNet) b.block()).toOnnx(Map.of());
            assertThat(Parity.maxAbsDiff(b, again, "plate", x, shape, List.of("logits"),
                    List.of(UnaryOperator.identity()))).isLessThan(1e-3);
            assertThat(again).isNotEqualTo(trained);
        }
        try (NetTrainer d = new NetTrainer("d", new DetectorNet(), new Shape(1, 3, 64, 64), 0, 5, 3)) {
            byte[] det = ((DetectorNet) d.block()).toOnnx(Map.of());
            try (NetTrainer e = new NetTrainer("e", new DetectorNet(), new Shape(1, 3, 64, 64), 0, 5, 4)) {
                ((DetectorNet) e.block()).loadOnnx(det);
                Shape ds = new Shape(1, 3, 64, 96);
                assertThat(Parity.maxAbsDiff(e, det, "image", random(r, (int) ds.size()), ds,
                        List.of("heatmap", "corners"), List.<UnaryOperator<NDArray>>of(ai.djl.nn.Activation::sigmoid,
                                UnaryOperator.identity()))).isLessThan(1e-4);
            }
        }
    }

    @Test
    void detectorExportMatchesDjl() throws Exception {
        Random r = new Random(8);
        try (NetTrainer net = new NetTrainer("detector", new DetectorNet(), new Shape(2, 3, 128, 128), 0, 5, 1)) {
            for (int round = 0; round < 2; round++) {
                byte[] onnx = ((DetectorNet) net.block()).toOnnx(Map.of());
                Shape shape = new Shape(1, 3, 96, 160);
                double diff = Parity.maxAbsDiff(net, onnx, "image", random(r, (int) shape.size()), shape,
                        List.of("heatmap", "corners"), List.<UnaryOperator<NDArray>>of(ai.djl.nn.Activation::sigmoid, UnaryOperator.identity()));
                assertThat(diff).as("round %d", round).isLessThan(1e-3);
                shake(net, new Shape(2, 3, 128, 128), r);
            }
            assertThat(net.parameterCount()).isBetween(150_000L, 1_000_000L);
        }
    }

    @Test
    void refinerExportMatchesDjlAndLoadsBack() throws Exception {
        Random r = new Random(10);
        byte[] onnx = null;
        try (NetTrainer net = new NetTrainer("refiner", new RefinerNet(), RefinerNet.inputShape(2), 0, 5, 1)) {
            for (int round = 0; round < 2; round++) {
                onnx = ((RefinerNet) net.block()).toOnnx(Map.of());
                Shape shape = RefinerNet.inputShape(3);
                double diff = Parity.maxAbsDiff(net, onnx, "context", random(r, (int) shape.size()), shape,
                        List.of("corners"), List.of(UnaryOperator.identity()));
                assertThat(diff).as("round %d", round).isLessThan(1e-3);
                shake(net, RefinerNet.inputShape(8), r);
            }
            assertThat(net.parameterCount()).isBetween(30_000L, 1_000_000L);
        }
        try (NetTrainer b = new NetTrainer("b", new RefinerNet(), RefinerNet.inputShape(2), 0, 5, 2)) {
            ((RefinerNet) b.block()).loadOnnx(onnx);
            Shape shape = RefinerNet.inputShape(2);
            assertThat(Parity.maxAbsDiff(b, onnx, "context", random(r, (int) shape.size()), shape, List.of("corners"),
                    List.of(UnaryOperator.identity()))).isLessThan(1e-4);
        }
    }
}
