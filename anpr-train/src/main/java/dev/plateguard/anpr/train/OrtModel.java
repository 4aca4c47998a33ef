package dev.plateguard.anpr.train;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.plateguard.anpr.OnnxRuntimeInit;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An exported model loaded into ONNX Runtime (one thread, as the runtime benchmark runs it). */
public final class OrtModel implements AutoCloseable {

    private final OrtEnvironment env = OnnxRuntimeInit.environment();
    private final OrtSession session;
    private final String input;

    /** The session is created on ONNX Runtime's large-stack thread: the trainer's long command line needs it. */
    public OrtModel(byte[] onnx) {
        OrtEnvironment environment = env;
        try {
            this.session = OnnxRuntimeInit.onInitThread(() -> {
                try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                    o.setIntraOpNumThreads(1);
                    o.setInterOpNumThreads(1);
                    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    return environment.createSession(onnx, o);
                }
            });
            this.input = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the model", e);
        }
    }

    public List<float[]> run(float[] data, long[] shape, List<String> outputs) {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
             OrtSession.Result r = session.run(Map.of(input, t))) {
            List<float[]> out = new ArrayList<>();
            for (String name : outputs) {
                FloatBuffer fb = ((OnnxTensor) r.get(name).orElseThrow(
                        () -> new IllegalStateException("no output " + name))).getFloatBuffer();
                float[] a = new float[fb.remaining()];
                fb.get(a);
                out.add(a);
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    public OrtSession session() {
        return session;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
