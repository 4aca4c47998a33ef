package dev.plateguard.anpr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Buffers one call needs, reused from call to call; direct buffers are handed to ONNX Runtime without copying. */
final class Workspace implements AutoCloseable {
    int[] rgb;
    FloatBuffer detIn;
    int gridH = -1;
    int gridW = -1;
    FloatBuffer heat;
    FloatBuffer corn;
    OnnxTensor heatT;
    OnnxTensor cornT;
    FloatBuffer readIn;
    FloatBuffer refineIn;
    float[] context;
    float[] crops;
    float[] logits;

    FloatBuffer detectorInput(int floats) {
        if (detIn == null || detIn.capacity() < floats) {
            detIn = direct(floats);
        }
        return detIn;
    }

    FloatBuffer refinerInput(int floats) {
        if (refineIn == null || refineIn.capacity() < floats) {
            refineIn = direct(floats);
        }
        return refineIn;
    }

    FloatBuffer readerInput(int floats) {
        if (readIn == null || readIn.capacity() < floats) {
            readIn = direct(floats);
        }
        return readIn;
    }

    void crops(int plates) {
        int size = Math.max(1, plates) * CropReader.CROP;
        if (crops == null || crops.length < size) {
            crops = new float[size];
        }
    }

    void pinDetectorOutputs(OrtEnvironment env, int gh, int gw) throws OrtException {
        if (gh == gridH && gw == gridW) {
            return;
        }
        closeOutputs();
        heat = direct(gh * gw);
        corn = direct(8 * gh * gw);
        heatT = OnnxTensor.createTensor(env, heat, new long[] {1, 1, gh, gw});
        cornT = OnnxTensor.createTensor(env, corn, new long[] {1, 8, gh, gw});
        gridH = gh;
        gridW = gw;
    }

    private void closeOutputs() {
        if (heatT != null) {
            heatT.close();
            cornT.close();
            heatT = null;
            cornT = null;
        }
        gridH = -1;
        gridW = -1;
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public void close() {
        closeOutputs();
    }
}
