package dev.plateguard.anpr;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.Map;

/**
 * One ONNX Runtime session, created once: CPU, all graph optimisations, sequential execution, a fixed number of
 * intra-op threads and no spinning. Sessions are thread-safe; {@link #check} validates names, ranks and fixed sizes
 * against the contract so that a wrong model fails at load time with a message that says what is wrong.
 */
final class OnnxModel implements AutoCloseable {

    private final String what;
    private final OrtSession session;

    private OnnxModel(String what, OrtSession session) {
        this.what = what;
        this.session = session;
    }

    /** The environment, initialised on a large stack ({@link OnnxRuntimeInit}: the main thread's can overflow). */
    static OrtEnvironment environment() {
        return OnnxRuntimeInit.environment();
    }

    /**
     * @param what names the model in error messages, e.g. {@code "detector (models/detector.onnx)"}
     */
    static OnnxModel load(byte[] model, String what, int intraOpThreads) {
        OrtEnvironment env = environment();
        try {
            // like the environment, the session is created on the large-stack thread
            return new OnnxModel(what, OnnxRuntimeInit.onInitThread(() -> {
                try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                    options.setIntraOpNumThreads(intraOpThreads);
                    options.setInterOpNumThreads(1);
                    options.addConfigEntry("session.intra_op.allow_spinning", "0");
                    options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
                    return env.createSession(model, options);
                }
            }));
        } catch (OrtException e) {
            throw new ModelException(what + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
    }

    OrtSession session() {
        return session;
    }

    String what() {
        return what;
    }

    /**
     * Checks that the model has exactly these float inputs and at least these float outputs, with these ranks, and
     * that every fixed dimension agrees with {@code dims} (where {@code dims[k] > 0}).
     *
     * @param inputs  name → expected dims (-1 for "any")
     * @param outputs name → expected dims (-1 for "any")
     */
    void check(Map<String, long[]> inputs, Map<String, long[]> outputs) {
        try {
            Map<String, NodeInfo> in = session.getInputInfo();
            if (!in.keySet().equals(inputs.keySet())) {
                throw new ModelException(what + ": expected input(s) " + inputs.keySet() + ", the model has " + in.keySet()
                        + " (docs/anpr-models.md)");
            }
            Map<String, NodeInfo> out = session.getOutputInfo();
            for (Map.Entry<String, long[]> e : inputs.entrySet()) {
                checkOne("input", e.getKey(), in.get(e.getKey()), e.getValue());
            }
            for (Map.Entry<String, long[]> e : outputs.entrySet()) {
                NodeInfo info = out.get(e.getKey());
                if (info == null) {
                    throw new ModelException(what + ": missing output '" + e.getKey() + "'; the model has " + out.keySet()
                            + " (docs/anpr-models.md)");
                }
                checkOne("output", e.getKey(), info, e.getValue());
            }
        } catch (OrtException e) {
            throw new ModelException(what + ": cannot read its inputs and outputs: " + e.getMessage(), e);
        }
    }

    /** The declared shape of an input (-1 or symbolic dimensions as -1). */
    long[] inputShape(String name) {
        try {
            return ((TensorInfo) session.getInputInfo().get(name).getInfo()).getShape();
        } catch (OrtException e) {
            throw new ModelException(what + ": " + e.getMessage(), e);
        }
    }

    private void checkOne(String kind, String name, NodeInfo info, long[] expected) {
        if (!(info.getInfo() instanceof TensorInfo t)) {
            throw new ModelException(what + ": " + kind + " '" + name + "' is not a tensor");
        }
        if (t.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new ModelException(what + ": " + kind + " '" + name + "' must be float32, it is " + t.type);
        }
        long[] shape = t.getShape();
        if (shape.length != expected.length) {
            throw new ModelException(what + ": " + kind + " '" + name + "' must have rank " + expected.length + " "
                    + describe(expected) + ", it has shape " + Arrays.toString(shape));
        }
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] > 0 && expected[k] > 0 && shape[k] != expected[k]) {
                throw new ModelException(what + ": " + kind + " '" + name + "' must have shape " + describe(expected)
                        + ", it has " + Arrays.toString(shape));
            }
        }
    }

    private static String describe(long[] dims) {
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < dims.length; k++) {
            b.append(k > 0 ? ", " : "").append(dims[k] > 0 ? Long.toString(dims[k]) : "?");
        }
        return b.append(']').toString();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException(what + ": cannot close its session: " + e.getMessage(), e);
        }
    }
}
