package dev.plateguard.anpr.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The detector (docs/anpr-models.md): CenterNet-style, RGB image in, at stride 4 a plate-centre heatmap and the four
 * corners as offsets from the cell centre. A MobileNet-like backbone of depthwise-separable convolutions down to
 * stride 32, and an FPN-lite top-down path (nearest ×2 upsampling + lateral 1×1 convolutions) back to stride 4.
 *
 * <pre>
 *   image [N,3,H,W]                                                      stride
 *   stem  conv3×3/2 3→12                                                   2
 *   s4    dws3×3/2 12→24, dws3×3 24→24                        = C2 (24)    4
 *   s8    dws3×3/2 24→48, dws3×3 48→48                        = C3 (48)    8
 *   s16   dws3×3/2 48→128, dws5×5 128→128, dws5×5 128→128     = C4 (128)  16
 *   s32   dws3×3/2 128→256, dws5×5 256→256, dws5×5 256→256    = C5 (256)  32
 *   P5 = 1×1(C5)→64                                                       32
 *   P4 = dws3×3( up(P5) + 1×1(C4)→64 )                     64             16
 *   P3 = dws3×3( up(1×1(P4)→32) + 1×1(C3)→32 )             32              8
 *   P2 = dws3×3( up(1×1(P3)→24) + 1×1(C2)→24 )             24              4
 *   heatmap = sigmoid(1×1(dws3×3(P2) 24→24) → 1)
 *   corners = 1×1(dws3×3(P2) 24→32) → 8
 * </pre>
 * The stride-4 and stride-8 levels are kept thin because they dominate inference time at 960 px; the capacity sits
 * at strides 16 and 32, where it is cheap.
 * (dws = depthwise k×k conv + BN + ReLU, then pointwise 1×1 conv + BN + ReLU; all 1×1 laterals are linear + BN.)
 */
public final class DetectorNet extends AbstractBlock implements OnnxNetwork {

    public static final int STRIDE = 4;
    public static final float CORNER_SCALE = 64f;
    public static final float HEATMAP_PRIOR_BIAS = -2.19f; // sigmoid⁻¹(0.1), the CenterNet initialisation

    /** A sequence of ConvBn applied in order. */
    private final class Chain {
        final List<ConvBn> blocks = new ArrayList<>();

        Chain conv(String name, ConvBn b) {
            blocks.add(addChildBlock(name, b));
            return this;
        }

        Chain dws(String name, int in, int out, int k, int stride) {
            conv(name + "_dw", ConvBn.depthwise(in, k, stride));
            return conv(name + "_pw", ConvBn.pointwise(in, out, true));
        }

        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            for (ConvBn b : blocks) {
                x = b.apply(ps, x, training);
            }
            return x;
        }

        Shape init(NDManager m, DataType dt, Shape s) {
            for (ConvBn b : blocks) {
                s = b.init(m, dt, s);
            }
            return s;
        }

        String export(OnnxGraph g, String x) {
            for (ConvBn b : blocks) {
                x = b.export(g, x);
            }
            return x;
        }
    }

    private final Chain stem = new Chain().conv("stem", ConvBn.cbr(3, 12, 3, 2));
    private final Chain s4 = new Chain().dws("s4a", 12, 24, 3, 2).dws("s4b", 24, 24, 3, 1);
    private final Chain s8 = new Chain().dws("s8a", 24, 48, 3, 2).dws("s8b", 48, 48, 3, 1);
    private final Chain s16 = new Chain().dws("s16a", 48, 128, 3, 2).dws("s16b", 128, 128, 5, 1).dws("s16c", 128, 128, 5, 1);
    private final Chain s32 = new Chain().dws("s32a", 128, 256, 3, 2).dws("s32b", 256, 256, 5, 1)
            .dws("s32c", 256, 256, 5, 1);
    private final Chain lat5 = new Chain().conv("lat5", ConvBn.pointwise(256, 64, false));
    private final Chain lat4 = new Chain().conv("lat4", ConvBn.pointwise(128, 64, false));
    private final Chain merge4 = new Chain().dws("p4", 64, 64, 3, 1);
    private final Chain red4 = new Chain().conv("red4", ConvBn.pointwise(64, 32, false));
    private final Chain lat3 = new Chain().conv("lat3", ConvBn.pointwise(48, 32, false));
    private final Chain merge3 = new Chain().dws("p3", 32, 32, 3, 1);
    private final Chain red3 = new Chain().conv("red3", ConvBn.pointwise(32, 24, false));
    private final Chain lat2 = new Chain().conv("lat2", ConvBn.pointwise(24, 24, false));
    private final Chain merge2 = new Chain().dws("p2", 24, 24, 3, 1);
    private final Chain heatHead = new Chain().dws("hm", 24, 24, 3, 1).conv("hm_out", ConvBn.head(24, 1));
    private final Chain cornerHead = new Chain().dws("cr", 24, 32, 3, 1).conv("cr_out", ConvBn.head(32, 8));

    /** Output: heatmap logits [N,1,H/4,W/4] (before the sigmoid) and corners [N,8,H/4,W/4]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray c2 = s4.apply(ps, stem.apply(ps, x, training), training);
        NDArray c3 = s8.apply(ps, c2, training);
        NDArray c4 = s16.apply(ps, c3, training);
        NDArray c5 = s32.apply(ps, c4, training);
        NDArray p5 = lat5.apply(ps, c5, training);
        NDArray p4 = merge4.apply(ps, up2(p5).add(lat4.apply(ps, c4, training)), training);
        NDArray p3 = merge3.apply(ps, up2(red4.apply(ps, p4, training)).add(lat3.apply(ps, c3, training)), training);
        NDArray p2 = merge2.apply(ps, up2(red3.apply(ps, p3, training)).add(lat2.apply(ps, c2, training)), training);
        return new NDList(heatHead.apply(ps, p2, training), cornerHead.apply(ps, p2, training));
    }

    /** Nearest-neighbour ×2 upsampling (ONNX Resize, mode nearest, asymmetric, floor). */
    static NDArray up2(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(n, c, h, 1, w, 1).broadcast(n, c, h, 2, w, 2).reshape(n, c, 2 * h, 2 * w);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        long h = s.get(2) / STRIDE;
        long w = s.get(3) / STRIDE;
        return new Shape[] {new Shape(s.get(0), 1, h, w), new Shape(s.get(0), 8, h, w)};
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... inputShapes) {
        Shape c2 = s4.init(m, dt, stem.init(m, dt, inputShapes[0]));
        Shape c3 = s8.init(m, dt, c2);
        Shape c4 = s16.init(m, dt, c3);
        Shape c5 = s32.init(m, dt, c4);
        lat5.init(m, dt, c5);
        Shape p4 = merge4.init(m, dt, lat4.init(m, dt, c4));
        Shape p3 = merge3.init(m, dt, lat3.init(m, dt, c3));
        red4.init(m, dt, p4);
        Shape p2 = merge2.init(m, dt, lat2.init(m, dt, c2));
        red3.init(m, dt, p3);
        heatHead.init(m, dt, p2);
        cornerHead.init(m, dt, p2);
        heatHead.blocks.get(heatHead.blocks.size() - 1).fillBias(HEATMAP_PRIOR_BIAS);
    }

    /** The network as ONNX: input {@code image} [N,3,H,W]; outputs {@code heatmap} (sigmoid) and {@code corners}. */
    public byte[] toOnnx(Map<String, String> metadata) {
        OnnxGraph g = new OnnxGraph("plateguard_detector");
        export(g);
        return model(g, metadata);
    }

    /** Loads the weights of an ONNX file exported from this architecture (see {@link OnnxGraph#load}). */
    public void loadOnnx(byte[] onnx) {
        OnnxGraph.load(onnx, this::export);
    }

    void export(OnnxGraph g) {
        g.input(OnnxGraph.tensor("image", "N", 3, "H", "W"));
        String scales = g.constFloats("scales", 1, 1, 2, 2);
        var resize = List.of(OnnxGraph.string("mode", "nearest"),
                OnnxGraph.string("coordinate_transformation_mode", "asymmetric"),
                OnnxGraph.string("nearest_mode", "floor"));
        String c2 = s4.export(g, stem.export(g, "image"));
        String c3 = s8.export(g, c2);
        String c4 = s16.export(g, c3);
        String c5 = s32.export(g, c4);
        String p5 = lat5.export(g, c5);
        String p4 = merge4.export(g, g.node("Add", List.of(), g.node("Resize", resize, p5, "", scales), lat4.export(g, c4)));
        String p3 = merge3.export(g, g.node("Add", List.of(),
                g.node("Resize", resize, red4.export(g, p4), "", scales), lat3.export(g, c3)));
        String p2 = merge2.export(g, g.node("Add", List.of(),
                g.node("Resize", resize, red3.export(g, p3), "", scales), lat2.export(g, c2)));
        g.nodeNamed("heatmap", "Sigmoid", List.of(), heatHead.export(g, p2));
        g.identity(cornerHead.export(g, p2), "corners");
        g.output(OnnxGraph.tensor("heatmap", "N", 1, "h", "w"));
        g.output(OnnxGraph.tensor("corners", "N", 8, "h", "w"));
    }

    private static byte[] model(OnnxGraph g, Map<String, String> metadata) {
        return g.toModel("PlateGuard plate detector: stride " + STRIDE + ", corners as (dx, dy) from the cell centre / "
                + (int) CORNER_SCALE, metadata);
    }
}
