package dev.plateguard.anpr.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.plateguard.anpr.PlateCrop;
import java.util.List;
import java.util.Map;

/**
 * The reader (docs/anpr-models.md): a grey 32×128 plate crop in, per-time-step log-probabilities over the CTC
 * blank and 36 characters out.
 *
 * <pre>
 *   plate [N,1,32,128]
 *   c1  conv3×3   1→32,  BN, ReLU, maxpool 2×2        → [N, 32, 16, 64]
 *   c2  conv3×3  32→64,  BN, ReLU, maxpool 2×2        → [N, 64,  8, 32]
 *   c3  conv3×3  64→96,  BN, ReLU
 *   c4  conv3×3  96→96,  BN, ReLU, maxpool 2×1        → [N, 96,  4, 32]
 *   c5  conv3×3  96→160, BN, ReLU                     → [N,160,  4, 32]
 *   one-line view:  c6  conv4×1 160→192 (valid: height 4→1)                → [N,192, 1, 32]
 *   two-line view:  c6b conv2×2/2 160→96 (top and bottom halves, 16 steps) → [N, 96, 2, 16]
 *                   reshape → [N, 96, 1, 32]: top row's 16 steps, then the bottom row's
 *   fuse conv1×1 (192+96)→192, BN, ReLU over the concatenation
 *   t1  conv1×3 192→192, BN, ReLU, + residual           (sequence context over time)
 *   t2  conv1×3 192→192, BN, ReLU, + residual
 *   out conv1×1 192→37 (bias)                          → [N, 37, 1, 32]
 *   reshape [N,37,32], transpose [N,32,37], log-softmax over classes → logits [N, 32, 37]
 * </pre>
 * The two-line view lets two-row plates (Uzbek motorcycle, trailer and tractor plates, whose text reads top row
 * then bottom row) come out in reading order although CTC emits left to right: the network learns from the
 * content which of the two views to read.
 */
public final class ReaderNet extends AbstractBlock implements OnnxNetwork {

    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public static final int CLASSES = ALPHABET.length() + 1;
    public static final int STEPS = 32;

    private final ConvBn c1 = addChildBlock("c1", ConvBn.cbr(1, 32, 3, 1));
    private final ConvBn c2 = addChildBlock("c2", ConvBn.cbr(32, 64, 3, 1));
    private final ConvBn c3 = addChildBlock("c3", ConvBn.cbr(64, 96, 3, 1));
    private final ConvBn c4 = addChildBlock("c4", ConvBn.cbr(96, 96, 3, 1));
    private final ConvBn c5 = addChildBlock("c5", ConvBn.cbr(96, 160, 3, 1));
    private final ConvBn c6 = addChildBlock("c6", ConvBn.custom(160, 192, 4, 1, 0, 0));
    private final ConvBn c6b = addChildBlock("c6b", ConvBn.custom(160, 96, 2, 2, 2, 0, 0));
    private final ConvBn fuse = addChildBlock("fuse", ConvBn.pointwise(192 + 96, 192, true));
    private final ConvBn t1 = addChildBlock("t1", ConvBn.custom(192, 192, 1, 3, 0, 1));
    private final ConvBn t2 = addChildBlock("t2", ConvBn.custom(192, 192, 1, 3, 0, 1));
    private final ConvBn out = addChildBlock("out", ConvBn.head(192, CLASSES));

    private static final Shape P22 = new Shape(2, 2);
    private static final Shape P21 = new Shape(2, 1);
    private static final Shape NO_PAD = new Shape(0, 0);

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long n = x.getShape().get(0);
        x = Pool.maxPool2d(c1.apply(ps, x, training), P22, P22, NO_PAD, false);
        x = Pool.maxPool2d(c2.apply(ps, x, training), P22, P22, NO_PAD, false);
        x = c3.apply(ps, x, training);
        x = Pool.maxPool2d(c4.apply(ps, x, training), P21, P21, NO_PAD, false);
        x = c5.apply(ps, x, training);
        NDArray one = c6.apply(ps, x, training);
        NDArray two = c6b.apply(ps, x, training).reshape(n, 96, 1, STEPS);
        x = fuse.apply(ps, one.concat(two, 1), training);
        x = x.add(t1.apply(ps, x, training));
        x = x.add(t2.apply(ps, x, training));
        x = out.apply(ps, x, training);
        return new NDList(x.reshape(n, CLASSES, STEPS).transpose(0, 2, 1).logSoftmax(2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), STEPS, CLASSES)};
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... inputShapes) {
        Shape s = c1.init(m, dt, inputShapes[0]);
        s = c2.init(m, dt, pool(s, 2, 2));
        s = c3.init(m, dt, pool(s, 2, 2));
        s = c4.init(m, dt, s);
        s = c5.init(m, dt, pool(s, 2, 1));
        Shape two = c6b.init(m, dt, s);
        s = c6.init(m, dt, s);
        s = fuse.init(m, dt, new Shape(s.get(0), s.get(1) + two.get(1), 1, s.get(3)));
        t1.init(m, dt, s);
        t2.init(m, dt, s);
        out.init(m, dt, s);
    }

    static Shape pool(Shape s, int ph, int pw) {
        return new Shape(s.get(0), s.get(1), s.get(2) / ph, s.get(3) / pw);
    }

    public static Shape inputShape(int n) {
        return new Shape(n, 1, PlateCrop.HEIGHT, PlateCrop.WIDTH);
    }

    /** The network as an ONNX model with input {@code plate} [N,1,32,128] and output {@code logits} [N,32,37]. */
    public byte[] toOnnx(Map<String, String> metadata) {
        OnnxGraph g = new OnnxGraph("plateguard_reader");
        export(g);
        return model(g, metadata);
    }

    /** Loads the weights of an ONNX file exported from this architecture (see {@link OnnxGraph#load}). */
    public void loadOnnx(byte[] onnx) {
        OnnxGraph.load(onnx, this::export);
    }

    void export(OnnxGraph g) {
        g.input(OnnxGraph.tensor("plate", "N", 1, PlateCrop.HEIGHT, PlateCrop.WIDTH));
        var p22 = List.of(OnnxGraph.ints("kernel_shape", 2, 2), OnnxGraph.ints("strides", 2, 2));
        var p21 = List.of(OnnxGraph.ints("kernel_shape", 2, 1), OnnxGraph.ints("strides", 2, 1));
        String x = g.node("MaxPool", p22, c1.export(g, "plate"));
        x = g.node("MaxPool", p22, c2.export(g, x));
        x = c3.export(g, x);
        x = g.node("MaxPool", p21, c4.export(g, x));
        x = c5.export(g, x);
        String one = c6.export(g, x);
        String two = g.node("Reshape", List.of(), c6b.export(g, x), g.longs("shape", 0, 96, 1, STEPS));
        x = fuse.export(g, g.node("Concat", List.of(OnnxGraph.integer("axis", 1)), one, two));
        x = g.node("Add", List.of(), x, t1.export(g, x));
        x = g.node("Add", List.of(), x, t2.export(g, x));
        x = out.export(g, x);
        x = g.node("Reshape", List.of(), x, g.longs("shape", 0, CLASSES, STEPS));
        x = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 2, 1)), x);
        g.nodeNamed("logits", "LogSoftmax", List.of(OnnxGraph.integer("axis", 2)), x);
        g.output(OnnxGraph.tensor("logits", "N", STEPS, CLASSES));
    }

    private static byte[] model(OnnxGraph g, Map<String, String> metadata) {
        return g.toModel("PlateGuard plate reader: CTC over " + STEPS + " steps, class 0 = blank, then " + ALPHABET,
                metadata);
    }
}
