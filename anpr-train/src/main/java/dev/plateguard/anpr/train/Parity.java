package dev.plateguard.anpr.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.List;

/** Runs the same input through the DJL network and through ONNX Runtime on its export, and compares the outputs. */
public final class Parity {

    private Parity() {
    }

    /** Largest absolute difference over all outputs. {@code transforms} map DJL outputs onto the ONNX outputs. */
    public static double maxAbsDiff(NetTrainer net, byte[] onnx, String inputName, float[] input, Shape shape,
                                    List<String> outputNames, List<java.util.function.UnaryOperator<NDArray>> transforms)
            throws OrtException {
        List<float[]> djl = new ArrayList<>();
        try (NDManager m = net.manager().newSubManager()) {
            NDList out = net.predict(new NDList(m.create(input, shape)));
            for (int i = 0; i < outputNames.size(); i++) {
                djl.add(transforms.get(i).apply(out.get(i)).toFloatArray());
            }
        }
        List<float[]> ort = run(onnx, inputName, input, shape.getShape(), outputNames);
        double max = 0;
        for (int i = 0; i < djl.size(); i++) {
            float[] a = djl.get(i);
            float[] b = ort.get(i);
            if (a.length != b.length) {
                throw new IllegalStateException("output " + outputNames.get(i) + ": " + a.length + " vs " + b.length);
            }
            for (int j = 0; j < a.length; j++) {
                max = Math.max(max, Math.abs(a[j] - b[j]));
            }
        }
        return max;
    }

    /**
     * Parity on the first {@code shape[0]} of {@code inputs} back to back (cycling when there are fewer), for a network
     * with one input and one output that ONNX and DJL compute alike.
     */
    public static double onFirst(NetTrainer net, byte[] onnx, String inputName, List<float[]> inputs, Shape shape,
                                 String outputName) throws OrtException {
        int n = (int) shape.get(0);
        int size = inputs.get(0).length;
        float[] probe = new float[n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(inputs.get(i % inputs.size()), 0, probe, i * size, size);
        }
        return maxAbsDiff(net, onnx, inputName, probe, shape, List.of(outputName), List.of(java.util.function.UnaryOperator.identity()));
    }

    public static List<float[]> run(byte[] onnx, String inputName, float[] input, long[] shape, List<String> outputs) {
        try (OrtModel m = new OrtModel(onnx)) {
            return m.run(input, shape, outputs);
        }
    }
}
