package dev.plateguard.anpr.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * A 2-D convolution, optionally followed by BatchNorm and ReLU: the one building block of both networks. At export
 * the BatchNorm is folded into the convolution's weights and bias, so the ONNX graph holds a single Conv (+ Relu).
 */
public final class ConvBn extends AbstractBlock {

    static final float BN_EPSILON = 1e-5f;
    static final float BN_MOMENTUM = 0.9f;

    private final int inChannels;
    private final int outChannels;
    private final int kh;
    private final int kw;
    private final int stride;
    private final int padH;
    private final int padW;
    private final int groups;
    private final boolean relu;
    private final boolean batchNorm;
    private final Conv2d conv;
    private final BatchNorm bn;
    /** BatchNorm uses its stored statistics even in training (after {@link #load}): fine-tuning with frozen BN. */
    private boolean frozenStatistics;

    private ConvBn(int in, int out, int kh, int kw, int stride, int padH, int padW, int groups, boolean bn, boolean relu) {
        this.inChannels = in;
        this.outChannels = out;
        this.kh = kh;
        this.kw = kw;
        this.stride = stride;
        this.padH = padH;
        this.padW = padW;
        this.groups = groups;
        this.relu = relu;
        this.batchNorm = bn;
        this.conv = addChildBlock("conv", Conv2d.builder().setKernelShape(new Shape(kh, kw)).setFilters(out)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padH, padW)).optGroups(groups)
                .optBias(!bn).build());
        this.bn = bn ? addChildBlock("bn", BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build())
                : null;
    }

    /** k×k convolution, "same" padding, BatchNorm, ReLU. */
    public static ConvBn cbr(int in, int out, int k, int stride) {
        return new ConvBn(in, out, k, k, stride, k / 2, k / 2, 1, true, true);
    }

    /** Depthwise k×k convolution (one filter per channel), BatchNorm, ReLU. */
    public static ConvBn depthwise(int channels, int k, int stride) {
        return new ConvBn(channels, channels, k, k, stride, k / 2, k / 2, channels, true, true);
    }

    /** 1×1 convolution with BatchNorm, with or without ReLU. */
    public static ConvBn pointwise(int in, int out, boolean relu) {
        return new ConvBn(in, out, 1, 1, 1, 0, 0, 1, true, relu);
    }

    /** Any kernel and padding, BatchNorm and ReLU. */
    public static ConvBn custom(int in, int out, int kh, int kw, int padH, int padW) {
        return new ConvBn(in, out, kh, kw, 1, padH, padW, 1, true, true);
    }

    /** Any kernel, stride and padding, BatchNorm and ReLU. */
    public static ConvBn custom(int in, int out, int kh, int kw, int stride, int padH, int padW) {
        return new ConvBn(in, out, kh, kw, stride, padH, padW, 1, true, true);
    }

    /** A plain 1×1 convolution with bias and no activation: the networks' output heads. */
    public static ConvBn head(int in, int out) {
        return new ConvBn(in, out, 1, 1, 1, 0, 0, 1, false, false);
    }

    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = conv.forward(ps, inputs, training);
        if (bn != null) {
            x = bn.forward(ps, x, training && !frozenStatistics);
        }
        if (relu) {
            x = new NDList(Activation.relu(x.singletonOrThrow()));
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        long h = (s.get(2) + 2L * padH - kh) / stride + 1;
        long w = (s.get(3) + 2L * padW - kw) / stride + 1;
        return new Shape[] {new Shape(s.get(0), outChannels, h, w)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        if (bn != null) {
            bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
        }
    }

    /** Initialises this block for the given input shape and returns its output shape. */
    public Shape init(NDManager manager, DataType dataType, Shape input) {
        if (input.get(1) != inChannels) {
            throw new IllegalStateException("expected " + inChannels + " input channels, got " + input);
        }
        initialize(manager, dataType, input);
        return getOutputShapes(new Shape[] {input})[0];
    }

    /** Sets the bias of a head convolution (used for the focal-loss prior of the heatmap). */
    public void fillBias(float value) {
        if (batchNorm) {
            throw new IllegalStateException("bias only on heads");
        }
        NDArray b = conv.getParameters().get("bias").getArray();
        b.set(b.onesLike().mul(value).toFloatArray());
    }

    public int outChannels() {
        return outChannels;
    }

    public long weightCount() {
        return (long) outChannels * (inChannels / groups) * kh * kw + outChannels;
    }

    /**
     * Loads an exported (BatchNorm-folded) convolution: weights and bias go to the convolution, the BatchNorm becomes
     * the identity plus that bias (mean 0, variance 1 − ε, γ 1, β = bias) and keeps these statistics from now on, so
     * that the network computes exactly what the ONNX file does and can be fine-tuned from it.
     */
    public void load(float[] weights, float[] bias) {
        long[] shape = conv.getParameters().get("weight").getArray().getShape().getShape();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (weights.length != n || bias.length != outChannels) {
            throw new IllegalArgumentException("layer shape differs: " + weights.length + " weights for " + n);
        }
        conv.getParameters().get("weight").getArray().set(weights);
        if (!batchNorm) {
            conv.getParameters().get("bias").getArray().set(bias);
            return;
        }
        float[] ones = new float[outChannels];
        float[] zeros = new float[outChannels];
        float[] var = new float[outChannels];
        java.util.Arrays.fill(ones, 1f);
        java.util.Arrays.fill(var, 1f - BN_EPSILON);
        bn.getParameters().get("gamma").getArray().set(ones);
        bn.getParameters().get("beta").getArray().set(bias);
        bn.getParameters().get("runningMean").getArray().set(zeros);
        bn.getParameters().get("runningVar").getArray().set(var);
        frozenStatistics = true;
    }

    /** Writes this block as an ONNX Conv (BatchNorm folded in) plus Relu, and returns the output value's name. */
    public String export(OnnxGraph g, String input) {
        float[] w = conv.getParameters().get("weight").getArray().toFloatArray();
        float[] b = new float[outChannels];
        if (!batchNorm) {
            b = conv.getParameters().get("bias").getArray().toFloatArray();
        } else {
            float[] gamma = bn.getParameters().get("gamma").getArray().toFloatArray();
            float[] beta = bn.getParameters().get("beta").getArray().toFloatArray();
            float[] mean = bn.getParameters().get("runningMean").getArray().toFloatArray();
            float[] var = bn.getParameters().get("runningVar").getArray().toFloatArray();
            int per = w.length / outChannels;
            for (int o = 0; o < outChannels; o++) {
                double scale = gamma[o] / Math.sqrt(var[o] + (double) BN_EPSILON);
                for (int i = 0; i < per; i++) {
                    w[o * per + i] = (float) (w[o * per + i] * scale);
                }
                b[o] = (float) (beta[o] - mean[o] * scale);
            }
        }
        String wn = g.floats("w", w, outChannels, inChannels / groups, kh, kw);
        String bname = g.floats("b", b, outChannels);
        g.recordConv(this, wn, bname);
        String y = g.node("Conv", List.of(OnnxGraph.ints("kernel_shape", kh, kw), OnnxGraph.ints("strides", stride, stride),
                OnnxGraph.ints("pads", padH, padW, padH, padW), OnnxGraph.integer("group", groups),
                OnnxGraph.ints("dilations", 1, 1)), input, wn, bname);
        return relu ? g.node("Relu", List.of(), y) : y;
    }
}
