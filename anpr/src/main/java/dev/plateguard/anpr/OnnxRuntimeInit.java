package dev.plateguard.anpr;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where ONNX Runtime's native code is initialised: on a thread of its own with a large stack.
 *
 * <p><b>Why.</b> ONNX Runtime's native initialisation (loading the library and creating the environment) uses stack
 * in proportion to the length of the JVM's command line: with a long classpath (a few thousand characters already)
 * it overflows the 1-8 MB stack of the main thread and the JVM dies with SIGSEGV, which no Java code can catch. A
 * minimal program that only opens {@link OrtEnvironment} crashes the same way; {@code -Xss8m} helps only up to about
 * 25,000 characters. So every first touch of ONNX Runtime, and every session creation, runs here, on a dedicated
 * thread whose stack is sized from the command line (at least {@link #MIN_STACK_BYTES}); the caller, on any thread
 * (main, or a pool's small-stack worker), waits for it and gets its result or its exception.
 */
public final class OnnxRuntimeInit {

    /** The initialising thread's smallest stack. */
    public static final long MIN_STACK_BYTES = 16L << 20;
    /** Stack per command-line character: measured need about 330 bytes (ONNX Runtime 1.29), with a margin. */
    static final long STACK_BYTES_PER_CHARACTER = 512;

    /** Work that needs ONNX Runtime's native code. */
    @FunctionalInterface
    public interface OrtCall<T> {
        T call() throws OrtException;
    }

    private static volatile OrtEnvironment environment;

    private OnnxRuntimeInit() {
    }

    /** The process's ONNX Runtime environment (errors-only logging), created on the initialising thread the first time. */
    public static OrtEnvironment environment() {
        OrtEnvironment env = environment;
        if (env == null) {
            synchronized (OnnxRuntimeInit.class) {
                env = environment;
                if (env == null) {
                    try {
                        env = onInitThread(() -> OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
                                "plateguard-anpr"));
                    } catch (OrtException e) {
                        throw new ModelException("ONNX Runtime cannot start: " + e.getMessage(), e);
                    }
                    environment = env;
                }
            }
        }
        return env;
    }

    /**
     * Runs {@code call} on a new thread with a large stack, waits for it and returns its result; its exception is
     * rethrown here as it is.
     */
    public static <T> T onInitThread(OrtCall<T> call) throws OrtException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(call.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "onnxruntime-init", stackBytes());
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the native call cannot be abandoned half-way: wait for it, then pass the flag on
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e instanceof OrtException ort) {
            throw ort;
        }
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
        return result.get();
    }

    /** The initialising thread's stack: {@value #STACK_BYTES_PER_CHARACTER} bytes per command-line character, at least 16 MB. */
    static long stackBytes() {
        long characters = System.getProperty("java.class.path", "").length();
        try {
            characters = Math.max(characters, Files.readAllBytes(Path.of("/proc/self/cmdline")).length);
        } catch (IOException | RuntimeException notLinux) {
            characters = Math.max(characters, ProcessHandle.current().info().commandLine().map(String::length).orElse(0));
        }
        return Math.max(MIN_STACK_BYTES, STACK_BYTES_PER_CHARACTER * characters);
    }
}
