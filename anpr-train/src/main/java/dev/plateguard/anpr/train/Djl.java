package dev.plateguard.anpr.train;

import ai.djl.engine.Engine;

/**
 * DJL set-up shared by the trainer and the tests: the PyTorch engine, offline (libtorch comes from the
 * pytorch-native-cpu jar on the class path and is unpacked once into ~/.djl.ai; nothing is downloaded), with a fixed
 * number of intra-op threads.
 */
public final class Djl {

    private Djl() {
    }

    /** Must run before the first DJL call. Explicit -D system properties win. */
    public static Engine engine(int threads) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("ai.djl.default_engine", "PyTorch");
        System.setProperty("ai.djl.pytorch.num_threads",
                System.getProperty("ai.djl.pytorch.num_threads", Integer.toString(threads)));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        return Engine.getEngine("PyTorch");
    }

    public static Engine engine() {
        return engine(Integer.getInteger("anpr.train.threads", Math.min(2, Runtime.getRuntime().availableProcessors())));
    }
}
