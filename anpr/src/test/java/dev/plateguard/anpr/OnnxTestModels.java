package dev.plateguard.anpr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tiny but valid ONNX models written by hand as protobuf bytes (no ONNX library needed), standing in for the real
 * detector and reader so that the ONNX Runtime wrapper and the whole pipeline run end to end in tests.
 *
 * <p><b>Fake detector</b> for plates of one known size {@code plateW × plateH} (input pixels): the heat map is
 * {@code sigmoid(40 · (avgpool(grey) − 0.9))} with a pooling window of the plate's size centred on each cell, so it
 * peaks at the cell whose centre is the centre of a white {@code plateW × plateH} rectangle on black; the corners
 * output is constant: the rectangle's corners relative to the cell centre.
 *
 * <p><b>Fake reader</b>: constant log-probabilities (given as an initializer) broadcast over the batch.
 */
public final class OnnxTestModels {

    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final int STRIDE = 4;
    static final double CORNER_SCALE = 64;

    private OnnxTestModels() {
    }

    /** Writes models.json, detector.onnx and reader.onnx into {@code dir}. */
    public static void write(Path dir, int maxSide, int plateW, int plateH, float[][] readerLogProbs, String version) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("detector.onnx"), detector(plateW, plateH));
            Files.write(dir.resolve("reader.onnx"), reader(readerLogProbs));
            Files.writeString(dir.resolve("models.json"), """
                    {"version": "%s",
                     "detector": {"file": "detector.onnx", "stride": %d, "cornerScale": %s, "maxSide": %d},
                     "reader": {"file": "reader.onnx", "width": 128, "height": 32, "alphabet": "%s"},
                     "training": {"command": "OnnxTestModels", "seed": 1}}
                    """.formatted(version, STRIDE, CORNER_SCALE, maxSide, ALPHABET));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds a fake corner refiner to the models in {@code dir} (written by {@link #write}): it answers the same
     * {@code fractions} (x0, y0 .. x3, y3 of the context crop) for every input, and models.json names it with
     * {@code passes}.
     */
    public static void writeRefiner(Path dir, float[] fractions, int passes) {
        try {
            Files.write(dir.resolve("refiner.onnx"), refiner(fractions));
            String json = Files.readString(dir.resolve("models.json"));
            Files.writeString(dir.resolve("models.json"), json.replace("\"training\":",
                    "\"refiner\": {\"file\": \"refiner.onnx\", \"width\": 160, \"height\": 64, \"passes\": " + passes
                            + "},\n \"training\":"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the reader in {@code dir} with one whose log-probabilities are {@code logProbs} times the crop's mean
     * grey value: the brighter the crop (a white plate on black), the surer the reading, so that of two cuts of the
     * same plate the one that holds more plate and less background wins.
     */
    public static void writeBrightnessReader(Path dir, float[][] logProbs) {
        try {
            Files.write(dir.resolve("reader.onnx"), reader(logProbs, true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The refiner fractions of the quadrilateral, moved down by {@code dv} of its height. */
    public static float[] moved(double dv) {
        float[] f = unchanged(1, 1);
        for (int i = 1; i < 8; i += 2) {
            f[i] += (float) (dv / (PlateContext.V1 - PlateContext.V0));
        }
        return f;
    }

    /** The refiner fractions of the quadrilateral that the crop was cut around, scaled about its centre. */
    public static float[] unchanged(double sx, double sy) {
        double[] unit = {0, 0, 1, 0, 1, 1, 0, 1};
        return PlateContext.toFractions(unit, PlateCrop.scaled(unit, sx, sy));
    }

    static byte[] refiner(float[] fractions) {
        List<byte[]> nodes = List.of(
                node("ReduceMean", List.of("context"), List.of("mean"), attrInts("axes", 1, 2, 3), attrInt("keepdims", 1)),
                node("Reshape", List.of("mean", "shape"), List.of("mean2")),
                node("Mul", List.of("mean2", "zero"), List.of("nothing")),
                node("Add", List.of("nothing", "table"), List.of("corners")));
        List<byte[]> init = List.of(
                longTensor("shape", new long[] {2}, new long[] {-1, 1}),
                floatTensor("zero", new long[] {}, new float[] {0f}),
                floatTensor("table", new long[] {1, 8}, fractions));
        byte[] graph = graph("fake-refiner", nodes, init,
                List.of(valueInfo("context", "N", 1, 64, 160)),
                List.of(valueInfo("corners", "N", 8)));
        return model(graph);
    }

    /** Log-probabilities that spell {@code text} with probability {@code p} per character frame, blanks between. */
    public static float[][] spelling(String text, double p) {
        int steps = 2 * text.length() + 2;
        int classes = ALPHABET.length() + 1;
        float[][] lp = new float[steps][classes];
        for (int t = 0; t < steps; t++) {
            int target = (t % 2 == 1 && t / 2 < text.length()) ? ALPHABET.indexOf(text.charAt(t / 2)) + 1 : 0;
            double rest = (1 - p) / (classes - 1);
            for (int c = 0; c < classes; c++) {
                lp[t][c] = (float) Math.log(c == target ? p : rest);
            }
        }
        return lp;
    }

    static byte[] detector(int plateW, int plateH) {
        int kh = plateH;
        int kw = plateW;
        int ph = kh / 2 - STRIDE / 2;
        int pw = kw / 2 - STRIDE / 2;
        float[] bias = new float[8];
        double[][] corner = {{-plateW / 2.0, -plateH / 2.0}, {plateW / 2.0, -plateH / 2.0}, {plateW / 2.0, plateH / 2.0}, {-plateW / 2.0, plateH / 2.0}};
        for (int k = 0; k < 4; k++) {
            bias[2 * k] = (float) (corner[k][0] / CORNER_SCALE);
            bias[2 * k + 1] = (float) (corner[k][1] / CORNER_SCALE);
        }
        List<byte[]> nodes = List.of(
                node("ReduceMean", List.of("image"), List.of("grey"), attrInts("axes", 1), attrInt("keepdims", 1)),
                node("AveragePool", List.of("grey"), List.of("pooled"), attrInts("kernel_shape", kh, kw),
                        attrInts("strides", STRIDE, STRIDE), attrInts("pads", ph, pw, ph, pw)),
                node("Sub", List.of("pooled", "level"), List.of("centred")),
                node("Mul", List.of("centred", "gain"), List.of("scaled")),
                node("Sigmoid", List.of("scaled"), List.of("heatmap")),
                node("Conv", List.of("image", "cw", "cb"), List.of("corners"), attrInts("kernel_shape", 1, 1),
                        attrInts("strides", STRIDE, STRIDE)));
        List<byte[]> init = List.of(
                floatTensor("level", new long[] {}, new float[] {0.9f}),
                floatTensor("gain", new long[] {}, new float[] {40f}),
                floatTensor("cw", new long[] {8, 3, 1, 1}, new float[24]),
                floatTensor("cb", new long[] {8}, bias));
        byte[] graph = graph("fake-detector", nodes, init,
                List.of(valueInfo("image", 1, 3, "H", "W")),
                List.of(valueInfo("heatmap", 1, 1, "h", "w"), valueInfo("corners", 1, 8, "h", "w")));
        return model(graph);
    }

    static byte[] reader(float[][] logProbs) {
        return reader(logProbs, false);
    }

    /**
     * Constant log-probabilities broadcast over the batch; with {@code brightness} they are multiplied by the crop's
     * mean grey value instead (see {@link #writeBrightnessReader}).
     */
    private static byte[] reader(float[][] logProbs, boolean brightness) {
        int steps = logProbs.length;
        int classes = logProbs[0].length;
        float[] flat = new float[steps * classes];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(logProbs[t], 0, flat, t * classes, classes);
        }
        byte[] mean = node("ReduceMean", List.of("plate"), List.of("mean"), attrInts("axes", 1, 2, 3), attrInt("keepdims", 1));
        byte[] reshape = node("Reshape", List.of("mean", "shape"), List.of("mean3"));
        List<byte[]> nodes = brightness
                ? List.of(mean, reshape, node("Mul", List.of("mean3", "table"), List.of("logits")))
                : List.of(mean, reshape, node("Mul", List.of("mean3", "zero"), List.of("nothing")),
                        node("Add", List.of("nothing", "table"), List.of("logits")));
        List<byte[]> init = List.of(
                longTensor("shape", new long[] {3}, new long[] {-1, 1, 1}),
                floatTensor("zero", new long[] {}, new float[] {0f}),
                floatTensor("table", new long[] {1, steps, classes}, flat));
        byte[] graph = graph(brightness ? "brightness-reader" : "fake-reader", nodes, init,
                List.of(valueInfo("plate", "N", 1, 32, 128)),
                List.of(valueInfo("logits", "N", steps, classes)));
        return model(graph);
    }

    // --- protobuf encoding of the few ONNX messages needed (onnx.proto3 field numbers) ---

    private static byte[] model(byte[] graph) {
        Pb m = new Pb();
        m.varint(1, 8); // ir_version
        m.string(2, "plateguard-tests"); // producer_name
        m.bytes(7, graph);
        Pb opset = new Pb();
        opset.string(1, "");
        opset.varint(2, 13);
        m.bytes(8, opset.done());
        return m.done();
    }

    private static byte[] graph(String name, List<byte[]> nodes, List<byte[]> init, List<byte[]> inputs, List<byte[]> outputs) {
        Pb g = new Pb();
        for (byte[] n : nodes) {
            g.bytes(1, n);
        }
        g.string(2, name);
        for (byte[] t : init) {
            g.bytes(5, t);
        }
        for (byte[] i : inputs) {
            g.bytes(11, i);
        }
        for (byte[] o : outputs) {
            g.bytes(12, o);
        }
        return g.done();
    }

    private static byte[] node(String op, List<String> inputs, List<String> outputs, byte[]... attributes) {
        Pb n = new Pb();
        for (String i : inputs) {
            n.string(1, i);
        }
        for (String o : outputs) {
            n.string(2, o);
        }
        n.string(3, op + "_" + outputs.get(0));
        n.string(4, op);
        for (byte[] a : attributes) {
            n.bytes(5, a);
        }
        return n.done();
    }

    private static byte[] attrInt(String name, long v) {
        Pb a = new Pb();
        a.string(1, name);
        a.varint(3, v);
        a.varint(20, 2); // INT
        return a.done();
    }

    private static byte[] attrInts(String name, long... vs) {
        Pb a = new Pb();
        a.string(1, name);
        for (long v : vs) {
            a.varint(8, v);
        }
        a.varint(20, 7); // INTS
        return a.done();
    }

    private static byte[] floatTensor(String name, long[] dims, float[] values) {
        Pb t = new Pb();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, 1); // FLOAT
        t.string(8, name);
        byte[] raw = new byte[values.length * 4];
        for (int k = 0; k < values.length; k++) {
            int bits = Float.floatToIntBits(values[k]);
            for (int b = 0; b < 4; b++) {
                raw[4 * k + b] = (byte) (bits >>> (8 * b));
            }
        }
        t.bytes(9, raw); // raw_data, little-endian
        return t.done();
    }

    private static byte[] longTensor(String name, long[] dims, long[] values) {
        Pb t = new Pb();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, 7); // INT64
        t.string(8, name);
        byte[] raw = new byte[values.length * 8];
        for (int k = 0; k < values.length; k++) {
            for (int b = 0; b < 8; b++) {
                raw[8 * k + b] = (byte) (values[k] >>> (8 * b));
            }
        }
        t.bytes(9, raw);
        return t.done();
    }

    /** A float tensor value info; each dim is a Number (fixed) or a String (symbolic). */
    private static byte[] valueInfo(String name, Object... dims) {
        Pb shape = new Pb();
        for (Object d : dims) {
            Pb dim = new Pb();
            if (d instanceof Number n) {
                dim.varint(1, n.longValue());
            } else {
                dim.string(2, d.toString());
            }
            shape.bytes(1, dim.done());
        }
        Pb tensor = new Pb();
        tensor.varint(1, 1); // FLOAT
        tensor.bytes(2, shape.done());
        Pb type = new Pb();
        type.bytes(1, tensor.done());
        Pb v = new Pb();
        v.string(1, name);
        v.bytes(2, type.done());
        return v.done();
    }

    /** A protobuf message writer: varint and length-delimited fields. */
    private static final class Pb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
        }

        void bytes(int field, byte[] value) {
            raw(((long) field << 3) | 2);
            raw(value.length);
            out.writeBytes(value);
        }

        void string(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] done() {
            return out.toByteArray();
        }
    }
}
