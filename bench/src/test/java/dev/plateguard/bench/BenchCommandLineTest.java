package dev.plateguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchCommandLineTest {

    /** What a generator's command line came to: the outcome and what was printed. */
    private record Run(BenchCommandLine.Outcome outcome, String out, String err) {
    }

    private static Run read(BenchCommandLine options, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BenchCommandLine.Outcome outcome = BenchCommandLine.read(options, args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(outcome, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The options read from {@code args}, which must be valid, in declaration order after the URL and token file. */
    private static List<Object> ingest(String... args) {
        IngestBench.Options o = new IngestBench.Options();
        assertThat(read(o, args)).isEqualTo(new Run(new BenchCommandLine.Outcome(true, 0), "", ""));
        return List.of(o.base(), o.setupTokenFile, o.batches, o.batchConcurrency, o.multipart, o.multipartConcurrency, o.rate,
                o.rateSeconds);
    }

    private static List<Object> violations(String... args) {
        DetectionBench.Options o = new DetectionBench.Options();
        assertThat(read(o, args)).isEqualTo(new Run(new BenchCommandLine.Outcome(true, 0), "", ""));
        return List.of(o.base(), o.setupTokenFile, o.reads, o.rate, o.seconds);
    }

    /** A mistake: exit status 2 and exactly one line on standard error, no stack trace. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ingest     | --setup-token-file=f --requests=5         | Unknown option: '--requests=5'
            ingest     | --setup-token-file=f --rate=abc           | Invalid value for option '--rate': 'abc' is not a whole number
            ingest     | --setup-token-file=f --batches -1         | Invalid value for option '--batches': must be at least 0, got -1
            ingest     | --setup-token-file=f --multipart-concurrency=0 | '--multipart-concurrency': must be at least 1, got 0
            ingest     | --setup-token-file=f --url=ftp://h        | --url must be http:// or https://, got ftp://h
            ingest     | --rate=5                                  | Missing required option: '--setup-token-file=FILE'
            violations | --setup-token-file=f --shares 0.5         | Unknown options: '--shares', '0.5'
            violations | --setup-token-file=f --seconds=soon       | Invalid value for option '--seconds': 'soon' is not a whole number
            violations | --setup-token-file=f --rate=-5           | Invalid value for option '--rate': must be at least 1, got -5
            violations | --setup-token-file=f --reads=1234        | Invalid value for option '--reads': must be a multiple of 500, got 1234
            violations | --setup-token-file                        | Missing required parameter for option '--setup-token-file'
            """)
    void mistakesAreOneLineAndExitStatus2(String command, String args, String message) {
        Run run = read(command.equals("ingest") ? new IngestBench.Options() : new DetectionBench.Options(), args.split(" "));
        assertThat(run.outcome()).isEqualTo(new BenchCommandLine.Outcome(false, 2));
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("bench/" + command + ": ").contains(message).doesNotContain("Exception")
                .endsWith(" (see bench/" + command + " --help)" + System.lineSeparator()).hasLineCount(1);
    }

    private static final Path TOKEN = Path.of("/d/setup-token");

    @Test
    void ingestKeepsItsDefaults() {
        assertThat(ingest("--setup-token-file=/d/setup-token"))
                .containsExactly("http://127.0.0.1:8080", TOKEN, 200, 4, 10000, 32, 500, 20);
    }

    @Test
    void ingestOptionsWithEquals() {
        // As bench/lib/with-server passes them: its own first, then the user's.
        assertThat(ingest("--url=http://127.0.0.1:18080", "--setup-token-file=/d/setup-token", "--batches=20",
                "--batch-concurrency=2", "--multipart=100", "--multipart-concurrency=8", "--rate=50", "--rate-seconds=3"))
                .containsExactly("http://127.0.0.1:18080", TOKEN, 20, 2, 100, 8, 50, 3);
    }

    @Test
    void ingestOptionsWithTheValueAfter() {
        assertThat(ingest("--url=http://127.0.0.1:18080", "--setup-token-file", "/d/setup-token", "--batches", "0",
                "--multipart", "0", "--rate", "50", "--rate-seconds", "3", "--url", "http://other:9000/"))
                .as("the last --url wins").containsExactly("http://other:9000", TOKEN, 0, 4, 0, 32, 50, 3);
    }

    /** The usage, printed on standard output for {@code --help} and {@code -h} alike, with exit status 0. */
    private static String help(Supplier<BenchCommandLine> options) {
        Run run = read(options.get(), "--help");
        assertThat(run.outcome()).isEqualTo(new BenchCommandLine.Outcome(false, 0));
        assertThat(run.err()).isEmpty();
        assertThat(read(options.get(), "-h")).isEqualTo(run);
        return run.out();
    }

    @Test
    void ingestHelp() {
        assertThat(help(IngestBench.Options::new)).startsWith("Usage: bench/ingest").contains("Ingestion load generator", "--url=URL",
                "default http://127.0.0.1:8080", "--setup-token-file=FILE", "--batches=N", "(a) batch requests", "default 200",
                "--batch-concurrency=N", "default 4", "--multipart=N", "default 10000", "--multipart-concurrency=N",
                "default 32", "--rate=R", "default 500", "--rate-seconds=S", "default 20", "-h, --help");
    }

    @Test
    void violationsKeepsItsDefaults() {
        assertThat(violations("--setup-token-file=/d/setup-token")).containsExactly("http://127.0.0.1:8080", TOKEN, 50000, 500, 20);
    }

    @Test
    void violationsOptionsWithEquals() {
        assertThat(violations("--url=http://127.0.0.1:18080", "--setup-token-file=/d/setup-token", "--reads=10000", "--rate=250",
                "--seconds=5")).containsExactly("http://127.0.0.1:18080", TOKEN, 10000, 250, 5);
    }

    @Test
    void violationsOptionsWithTheValueAfter() {
        assertThat(violations("--setup-token-file", "/d/setup-token", "--reads", "1000", "--rate", "10", "--seconds", "2"))
                .containsExactly("http://127.0.0.1:8080", TOKEN, 1000, 10, 2);
    }

    @Test
    void violationsHelp() {
        assertThat(help(DetectionBench.Options::new)).startsWith("Usage: bench/violations").contains("Violation detection", "--url=URL",
                "--setup-token-file=FILE", "--reads=N", "default 50000", "--rate=R", "(2) single reads per second",
                "default 500", "--seconds=S", "default 20", "-h, --help");
    }

    @Test
    void searchHelpAndOptions() {
        assertThat(help(SearchBench.Options::new)).startsWith("Usage: bench/search").contains("Search at scale", "--url=URL",
                "--setup-token-file=FILE", "--reads=N", "default 1000000", "--days=D", "default 95", "--sites=N",
                "default 120", "--samples=N", "default 200", "-h, --help");
        SearchBench.Options o = new SearchBench.Options();
        assertThat(read(o, "--setup-token-file=/d/setup-token", "--reads", "10000000", "--days=120").outcome().proceed()).isTrue();
        assertThat(o.reads).isEqualTo(10_000_000);
        assertThat(o.days).isEqualTo(120);
        assertThat(read(new SearchBench.Options(), "--setup-token-file=/d/setup-token", "--reads=0").outcome().exitStatus()).isEqualTo(2);
    }
}
