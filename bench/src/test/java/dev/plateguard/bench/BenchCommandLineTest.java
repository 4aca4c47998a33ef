package dev.plateguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BenchCommandLineTest {

    /** What a generator's command line came to: the outcome and what was printed. */
    private record Run(BenchCommandLine.Outcome outcome, String out, String err) {
        boolean proceeds() {
            return outcome.proceed() && out.isEmpty() && err.isEmpty();
        }
    }

    private static Run read(BenchCommandLine.Checked options, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BenchCommandLine.Outcome outcome = BenchCommandLine.read(options, args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(outcome, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A mistake: exit status 2 and exactly one line on standard error, no stack trace. */
    private static void assertMistake(Run run, String command, String... mentions) {
        assertThat(run.outcome()).isEqualTo(new BenchCommandLine.Outcome(false, 2));
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith(command + ": ").endsWith(" (see " + command + " --help)" + System.lineSeparator())
                .hasLineCount(1).doesNotContain("Exception").contains(mentions);
    }

    @Nested
    class Ingest {

        @Test
        void defaultsAreTheOldOnes() {
            IngestBench.Options options = new IngestBench.Options();
            assertThat(read(options, "--setup-token-file=/d/setup-token").proceeds()).isTrue();
            assertThat(options.server.base()).isEqualTo("http://127.0.0.1:8080");
            assertThat(options.server.setupTokenFile).isEqualTo(Path.of("/d/setup-token"));
            assertThat(options.batches).isEqualTo(200);
            assertThat(options.batchConcurrency).isEqualTo(4);
            assertThat(options.multipart).isEqualTo(10000);
            assertThat(options.multipartConcurrency).isEqualTo(32);
            assertThat(options.rate).isEqualTo(500);
            assertThat(options.rateSeconds).isEqualTo(20);
        }

        @Test
        void optionsWithEquals() {
            // As bench/lib/with-server passes them, with the user's options after its own.
            IngestBench.Options options = new IngestBench.Options();
            assertThat(read(options, "--url=http://127.0.0.1:18080", "--setup-token-file=/d/setup-token", "--batches=20",
                    "--batch-concurrency=2", "--multipart=100", "--multipart-concurrency=8", "--rate=50",
                    "--rate-seconds=3").proceeds()).isTrue();
            assertThat(options.server.base()).isEqualTo("http://127.0.0.1:18080");
            assertThat(options.batches).isEqualTo(20);
            assertThat(options.batchConcurrency).isEqualTo(2);
            assertThat(options.multipart).isEqualTo(100);
            assertThat(options.multipartConcurrency).isEqualTo(8);
            assertThat(options.rate).isEqualTo(50);
            assertThat(options.rateSeconds).isEqualTo(3);
        }

        @Test
        void optionsWithTheValueAfter() {
            IngestBench.Options options = new IngestBench.Options();
            assertThat(read(options, "--url=http://127.0.0.1:18080", "--setup-token-file", "/d/setup-token", "--batches", "0",
                    "--rate", "50", "--rate-seconds", "3", "--url", "http://other:9000/").proceeds()).isTrue();
            assertThat(options.server.setupTokenFile).isEqualTo(Path.of("/d/setup-token"));
            assertThat(options.batches).isZero();
            assertThat(options.rate).isEqualTo(50);
            assertThat(options.rateSeconds).isEqualTo(3);
            assertThat(options.server.base()).as("the last --url wins").isEqualTo("http://other:9000");
        }

        @Test
        void unknownOption() {
            assertMistake(read(new IngestBench.Options(), "--setup-token-file=f", "--requests=5"), "bench/ingest",
                    "Unknown option: '--requests=5'");
        }

        @Test
        void badValues() {
            assertMistake(read(new IngestBench.Options(), "--setup-token-file=f", "--rate=abc"), "bench/ingest", "--rate", "'abc'");
            assertMistake(read(new IngestBench.Options(), "--setup-token-file=f", "--batches", "-1"), "bench/ingest",
                    "--batches must be at least 0, got -1");
            assertMistake(read(new IngestBench.Options(), "--setup-token-file=f", "--multipart-concurrency=0"), "bench/ingest",
                    "--multipart-concurrency must be at least 1");
            assertMistake(read(new IngestBench.Options(), "--setup-token-file=f", "--url=ftp://h"), "bench/ingest", "--url");
            assertMistake(read(new IngestBench.Options()), "bench/ingest", "--setup-token-file");
        }

        @Test
        void help() {
            Run run = read(new IngestBench.Options(), "--help");
            assertThat(run.outcome()).isEqualTo(new BenchCommandLine.Outcome(false, 0));
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).startsWith("Usage: bench/ingest").contains("--url=URL", "default http://127.0.0.1:8080",
                    "--setup-token-file=FILE", "--batches=N", "default 200", "--batch-concurrency=N", "default 4",
                    "--multipart=N", "default 10000", "--multipart-concurrency=N", "default 32", "--rate=R", "default 500",
                    "--rate-seconds=S", "default 20", "-h, --help");
            assertThat(read(new IngestBench.Options(), "-h").out()).isEqualTo(run.out());
        }
    }

    @Nested
    class Violations {

        @Test
        void defaultsAreTheOldOnes() {
            DetectionBench.Options options = new DetectionBench.Options();
            assertThat(read(options, "--setup-token-file=/d/setup-token").proceeds()).isTrue();
            assertThat(options.server.base()).isEqualTo("http://127.0.0.1:8080");
            assertThat(options.reads).isEqualTo(50000);
            assertThat(options.rate).isEqualTo(500);
            assertThat(options.seconds).isEqualTo(20);
        }

        @Test
        void optionsWithEquals() {
            DetectionBench.Options options = new DetectionBench.Options();
            assertThat(read(options, "--url=http://127.0.0.1:18080", "--setup-token-file=/d/setup-token", "--reads=10000",
                    "--rate=250", "--seconds=5").proceeds()).isTrue();
            assertThat(options.server.base()).isEqualTo("http://127.0.0.1:18080");
            assertThat(options.server.setupTokenFile).isEqualTo(Path.of("/d/setup-token"));
            assertThat(options.reads).isEqualTo(10000);
            assertThat(options.rate).isEqualTo(250);
            assertThat(options.seconds).isEqualTo(5);
        }

        @Test
        void optionsWithTheValueAfter() {
            DetectionBench.Options options = new DetectionBench.Options();
            assertThat(read(options, "--setup-token-file", "/d/setup-token", "--reads", "1000", "--rate", "10", "--seconds", "2")
                    .proceeds()).isTrue();
            assertThat(options.reads).isEqualTo(1000);
            assertThat(options.rate).isEqualTo(10);
            assertThat(options.seconds).isEqualTo(2);
        }

        @Test
        void unknownOption() {
            assertMistake(read(new DetectionBench.Options(), "--setup-token-file=f", "--shares", "0.5"), "bench/violations",
                    "Unknown option", "--shares");
        }

        @Test
        void badValues() {
            assertMistake(read(new DetectionBench.Options(), "--setup-token-file=f", "--seconds=soon"), "bench/violations",
                    "--seconds", "'soon'");
            assertMistake(read(new DetectionBench.Options(), "--setup-token-file=f", "--rate=-5"), "bench/violations",
                    "--rate must be at least 1, got -5");
            assertMistake(read(new DetectionBench.Options(), "--setup-token-file=f", "--reads=1234"), "bench/violations",
                    "--reads must be a multiple of 500");
            assertMistake(read(new DetectionBench.Options(), "--reads=1000"), "bench/violations", "--setup-token-file");
        }

        @Test
        void help() {
            Run run = read(new DetectionBench.Options(), "--help");
            assertThat(run.outcome()).isEqualTo(new BenchCommandLine.Outcome(false, 0));
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).startsWith("Usage: bench/violations").contains("--url=URL", "--setup-token-file=FILE",
                    "--reads=N", "default 50000", "--rate=R", "default 500", "--seconds=S", "default 20", "-h, --help");
        }
    }
}
