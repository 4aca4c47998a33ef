package dev.plateguard.anpr.train;

import java.util.Map;

/** A network this trainer exports as ONNX, and can start again from such an export (fine-tuning). */
interface OnnxNetwork {

    /** The network as ONNX, with these metadata entries. */
    byte[] toOnnx(Map<String, String> metadata);

    /** Loads the weights of an ONNX file exported from this architecture (see {@link OnnxGraph#load}). */
    void loadOnnx(byte[] onnx);
}
