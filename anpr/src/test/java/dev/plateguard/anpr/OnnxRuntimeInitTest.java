package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime's native initialisation runs on a large stack, whatever thread opens the models. */
class OnnxRuntimeInitTest {

    @TempDir
    Path dir;

    /** Writes test models, opens them and reads one plate; prints the reading. Run on whatever thread calls it. */
    static String openAndRead(Path models) {
        OnnxTestModels.write(models, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "stack-test");
        try (Recogniser r = Recogniser.open(models)) {
            return r.recognise(RecogniserTest.scene(320, 240, 4 * 30 + 2, 4 * 20 + 2, 48, 12)).plates().get(0).text();
        }
    }

    @Test
    void modelsOpenFromAThreadWithASmallStack() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                outcome.set(openAndRead(dir.resolve("m")));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "small-stack", 256L << 10);
        small.start();
        small.join();
        assertThat(outcome.get()).isEqualTo("01A123BC");
    }

    @Test
    void failuresOnTheInitialisingThreadReachTheCaller() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OnnxRuntimeInit.onInitThread(() -> {
            throw new IllegalStateException("from " + Thread.currentThread().getName());
        })).isInstanceOf(IllegalStateException.class).hasMessage("from onnxruntime-init");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Recogniser.open(dir)).isInstanceOf(ModelException.class);
    }

    @Test
    void theStackGrowsWithTheCommandLine() {
        assertThat(OnnxRuntimeInit.stackBytes()).isGreaterThanOrEqualTo(OnnxRuntimeInit.MIN_STACK_BYTES)
                .isGreaterThanOrEqualTo(OnnxRuntimeInit.STACK_BYTES_PER_CHARACTER
                        * System.getProperty("java.class.path").length());
    }

    /**
     * The crash as it happened: a JVM whose command line is long (here 60,000 characters of a system property, which
     * needs about 20 MB of stack) opening the models on its main thread, which has a 256 kB stack. Without the
     * dedicated thread ONNX Runtime's initialisation dies with SIGSEGV (exit status 139).
     */
    @Test
    void aLongCommandLineDoesNotCrashTheJvm() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xss256k", "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true",
                "-Dpadding=" + "x".repeat(60_000), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                dir.resolve("child").toString())).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("read 01A123BC");
    }

    /** The child JVM of {@link #aLongCommandLineDoesNotCrashTheJvm}. */
    public static final class Main {
        public static void main(String[] args) {
            System.out.println("read " + openAndRead(Path.of(args[0])));
        }
    }
}
