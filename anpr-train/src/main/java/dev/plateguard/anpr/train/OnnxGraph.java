package dev.plateguard.anpr.train;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small builder for ONNX graphs (opset 17) on top of the protobuf classes that tribuo-util-onnx ships. Only the
 * operators the two networks use are offered, so the exported graphs stay inside what every ONNX runtime supports.
 */
public final class OnnxGraph {

    public static final int OPSET = 17;
    public static final int IR_VERSION = 8;

    private final GraphProto.Builder graph;
    private int counter;
    private long parameterCount;
    private final Map<ConvBn, String[]> convs = new java.util.LinkedHashMap<>();

    public OnnxGraph(String name) {
        this.graph = GraphProto.newBuilder().setName(name);
    }

    /** Number of floats held by initializers (the exported, BatchNorm-folded parameter count). */
    public long parameterCount() {
        return parameterCount;
    }

    /** Remembers which initializers hold a block's weights and bias (for {@link #load}). */
    void recordConv(ConvBn block, String weights, String bias) {
        convs.put(block, new String[] {weights, bias});
    }

    /**
     * Loads the convolutions of an ONNX file that this code exported into a network of the same architecture: the
     * network is exported once to learn which initializer belongs to which block, then each block takes the file's
     * values of those names ({@link ConvBn#load}).
     *
     * @param export exports the network into the given graph (e.g. {@code g -> net.export(g)})
     * @throws IllegalArgumentException if the file's layers do not match the network's
     */
    public static void load(byte[] onnx, java.util.function.Consumer<OnnxGraph> export) {
        OnnxGraph probe = new OnnxGraph("probe");
        export.accept(probe);
        Map<String, float[]> values = new java.util.HashMap<>();
        try {
            for (TensorProto t : ModelProto.parseFrom(onnx).getGraph().getInitializerList()) {
                if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE && !t.getRawData().isEmpty()) {
                    java.nio.FloatBuffer fb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                            .asFloatBuffer();
                    float[] a = new float[fb.remaining()];
                    fb.get(a);
                    values.put(t.getName(), a);
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model", e);
        }
        for (Map.Entry<ConvBn, String[]> e : probe.convs.entrySet()) {
            float[] w = values.get(e.getValue()[0]);
            float[] b = values.get(e.getValue()[1]);
            if (w == null || b == null) {
                throw new IllegalArgumentException("the ONNX file has no initializer " + e.getValue()[0]
                        + ": not exported by this architecture");
            }
            e.getKey().load(w, b);
        }
    }

    public String fresh(String prefix) {
        return prefix + "_" + (counter++);
    }

    public String floats(String prefix, float[] data, long... dims) {
        String name = fresh(prefix);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        long n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("initializer " + name + ": " + data.length + " values for " + n);
        }
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            bb.putFloat(f);
        }
        t.setRawData(ByteString.copyFrom(bb.array()));
        graph.addInitializer(t);
        parameterCount += data.length;
        return name;
    }

    public String longs(String prefix, long... values) {
        String name = fresh(prefix);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** A constant float vector that is not a trained parameter (Resize scales). */
    public String constFloats(String prefix, float... values) {
        String name = fresh(prefix);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(values.length);
        for (float v : values) {
            t.addFloatData(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** A constant float tensor that is not a trained parameter (a coordinate grid). */
    public String constTensor(String prefix, float[] data, long... dims) {
        String name = fresh(prefix);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : data) {
            t.addFloatData(v);
        }
        graph.addInitializer(t);
        return name;
    }

    public String node(String op, List<AttributeProto> attributes, String... inputs) {
        String out = fresh(op.toLowerCase());
        return nodeNamed(out, op, attributes, inputs);
    }

    public String nodeNamed(String output, String op, List<AttributeProto> attributes, String... inputs) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(fresh("n_" + op)).addOutput(output);
        for (String in : inputs) {
            b.addInput(in);
        }
        b.addAllAttribute(attributes);
        graph.addNode(b);
        return output;
    }

    /** Renames the value {@code from} to the graph output name {@code to} with an Identity node. */
    public String identity(String from, String to) {
        return nodeNamed(to, "Identity", List.of(), from);
    }

    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    public static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** A float tensor value description; each dim is an Integer (fixed) or a String (symbolic, dynamic). */
    public static ValueInfoProto tensor(String name, Object... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String p) {
                s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(p));
            } else {
                s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
            }
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    public void input(ValueInfoProto v) {
        graph.addInput(v);
    }

    public void output(ValueInfoProto v) {
        graph.addOutput(v);
    }

    public byte[] toModel(String docString, Map<String, String> metadata) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("plateguard-anpr-train")
                .setProducerVersion("1").setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(graph);
        List<StringStringEntryProto> props = new ArrayList<>();
        metadata.forEach((k, v) -> props.add(StringStringEntryProto.newBuilder().setKey(k).setValue(v).build()));
        m.addAllMetadataProps(props);
        return m.build().toByteArray();
    }
}
