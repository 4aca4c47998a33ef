package dev.plateguard.anpr.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.plateguard.anpr.PlateContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The corner refiner (docs/anpr-models.md): the grey 64×160 context around a detected plate ({@link PlateContext}) in,
 * the plate's four corners out, as fractions of that crop. Each corner is found as the expectation of a softmax
 * heat map over an 8×20 grid (integral regression, "soft-argmax"): translation-equivariant, so it learns from few
 * examples, and sub-cell precise.
 *
 * <pre>
 *   context [N,1,64,160]
 *   c1  conv3×3/2  1→16,  BN, ReLU                        → [N, 16, 32, 80]
 *   c2  dws3×3/2  16→32                                   → [N, 32, 16, 40]
 *   c3  dws3×3/2  32→64                                   → [N, 64,  8, 20]  = C3
 *   c4  dws3×3    64→64                                   → [N, 64,  8, 20]
 *   c5  dws3×3/2  64→128                                  → [N,128,  4, 10]
 *   c6  dws5×5   128→128                                  → [N,128,  4, 10]  = C5
 *   top = dws3×3( up(1×1(C5)→64) + c4 )  64                → [N, 64,  8, 20]
 *   hm  dws3×3 64→64, conv1×1 64→4 (bias)                 → [N,  4,  8, 20]  one heat map per corner
 *   softmax over the 160 cells, expectation of the cell centres → corners [N, 8] (x0, y0 .. x3, y3)
 * </pre>
 * (dws = depthwise k×k conv + BN + ReLU, then pointwise 1×1 conv + BN + ReLU.)
 */
public final class RefinerNet extends AbstractBlock implements OnnxNetwork {

    static final int GRID_H = 8;
    static final int GRID_W = 20;

    private final List<ConvBn> down = new ArrayList<>();
    private final List<ConvBn> deep = new ArrayList<>();
    private final ConvBn lateral;
    private final List<ConvBn> top = new ArrayList<>();
    private final List<ConvBn> head = new ArrayList<>();

    public RefinerNet() {
        add(down, "c1", ConvBn.cbr(1, 16, 3, 2));
        dws(down, "c2", 16, 32, 3, 2);
        dws(down, "c3", 32, 64, 3, 2);
        dws(down, "c4", 64, 64, 3, 1);
        dws(deep, "c5", 64, 128, 3, 2);
        dws(deep, "c6", 128, 128, 5, 1);
        lateral = addChildBlock("lat", ConvBn.pointwise(128, 64, false));
        dws(top, "top", 64, 64, 3, 1);
        dws(head, "hm", 64, 64, 3, 1);
        add(head, "hm_out", ConvBn.head(64, 4));
    }

    private void add(List<ConvBn> chain, String name, ConvBn b) {
        chain.add(addChildBlock(name, b));
    }

    private void dws(List<ConvBn> chain, String name, int in, int outChannels, int k, int stride) {
        add(chain, name + "_dw", ConvBn.depthwise(in, k, stride));
        add(chain, name + "_pw", ConvBn.pointwise(in, outChannels, true));
    }

    public static Shape inputShape(int n) {
        return new Shape(n, 1, PlateContext.HEIGHT, PlateContext.WIDTH);
    }

    /** The centres of the grid cells as (x, y) fractions of the crop, one row per cell in row-major order. */
    static float[] grid() {
        float[] g = new float[GRID_H * GRID_W * 2];
        for (int i = 0; i < GRID_H; i++) {
            for (int j = 0; j < GRID_W; j++) {
                g[2 * (i * GRID_W + j)] = (j + 0.5f) / GRID_W;
                g[2 * (i * GRID_W + j) + 1] = (i + 0.5f) / GRID_H;
            }
        }
        return g;
    }

    private static NDArray chain(List<ConvBn> c, ParameterStore ps, NDArray x, boolean training) {
        for (ConvBn b : c) {
            x = b.apply(ps, x, training);
        }
        return x;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long n = x.getShape().get(0);
        NDArray c4 = chain(down, ps, x, training);
        NDArray c6 = chain(deep, ps, c4, training);
        NDArray t = chain(top, ps, DetectorNet.up2(lateral.apply(ps, c6, training)).add(c4), training);
        NDArray logits = chain(head, ps, t, training).reshape(n, 4, GRID_H * GRID_W);
        NDArray p = logits.softmax(2);
        NDArray g = p.getManager().create(grid(), new Shape(GRID_H * GRID_W, 2));
        return new NDList(p.matMul(g).reshape(n, 8));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), 8)};
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (ConvBn b : down) {
            s = b.init(m, dt, s);
        }
        if (s.get(2) != GRID_H || s.get(3) != GRID_W) {
            throw new IllegalStateException("refiner grid should be " + GRID_H + "×" + GRID_W + ", got " + s);
        }
        Shape d = s;
        for (ConvBn b : deep) {
            d = b.init(m, dt, d);
        }
        lateral.init(m, dt, d);
        Shape t = s;
        for (ConvBn b : top) {
            t = b.init(m, dt, t);
        }
        for (ConvBn b : head) {
            t = b.init(m, dt, t);
        }
    }

    /** The network as ONNX: input {@code context} [N,1,64,160], output {@code corners} [N,8]. */
    public byte[] toOnnx(Map<String, String> metadata) {
        OnnxGraph g = new OnnxGraph("plateguard_refiner");
        export(g);
        return g.toModel("PlateGuard corner refiner: the plate's corners x0,y0..x3,y3 as fractions of the "
                + PlateContext.HEIGHT + "x" + PlateContext.WIDTH + " context crop", metadata);
    }

    /** Loads the weights of an ONNX file exported from this architecture (see {@link OnnxGraph#load}). */
    public void loadOnnx(byte[] onnx) {
        OnnxGraph.load(onnx, this::export);
    }

    private static String chain(List<ConvBn> c, OnnxGraph g, String x) {
        for (ConvBn b : c) {
            x = b.export(g, x);
        }
        return x;
    }

    void export(OnnxGraph g) {
        g.input(OnnxGraph.tensor("context", "N", 1, PlateContext.HEIGHT, PlateContext.WIDTH));
        var resize = List.of(OnnxGraph.string("mode", "nearest"),
                OnnxGraph.string("coordinate_transformation_mode", "asymmetric"),
                OnnxGraph.string("nearest_mode", "floor"));
        String c4 = chain(down, g, "context");
        String c6 = chain(deep, g, c4);
        String up = g.node("Resize", resize, lateral.export(g, c6), "", g.constFloats("scales", 1, 1, 2, 2));
        String t = chain(top, g, g.node("Add", List.of(), up, c4));
        String logits = g.node("Reshape", List.of(), chain(head, g, t), g.longs("shape", 0, 4, GRID_H * GRID_W));
        String p = g.node("Softmax", List.of(OnnxGraph.integer("axis", 2)), logits);
        String xy = g.node("MatMul", List.of(), p, g.constTensor("grid", grid(), GRID_H * GRID_W, 2));
        g.nodeNamed("corners", "Reshape", List.of(), xy, g.longs("shape", 0, 8));
        g.output(OnnxGraph.tensor("corners", "N", 8));
    }
}
