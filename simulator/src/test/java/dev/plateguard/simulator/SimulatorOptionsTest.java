package dev.plateguard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plateguard.simulator.traffic.TrafficCurve;
import dev.plateguard.simulator.traffic.ViolationShares;

class SimulatorOptionsTest {

    @Test
    void defaults() {
        SimulatorOptions options = parse("--url=http://127.0.0.1:8080", "--token=pgu_x");
        assertThat(options.url().toString()).isEqualTo("http://127.0.0.1:8080/");
        assertThat(options.sites()).isEqualTo(100);
        assertThat(options.rate()).isEqualTo(5);
        assertThat(options.duration()).isNull();
        assertThat(options.imageOnly()).isZero();
        assertThat(options.violations()).isEqualTo(ViolationShares.DEFAULT);
        assertThat(options.degradedShare()).isEqualTo(0.15);
        assertThat(options.fleet()).isEqualTo(20000);
        assertThat(options.maxInFlight()).isEqualTo(64);
        assertThat(options.curve()).isSameAs(TrafficCurve.DAY_NIGHT);
        assertThat(options.plateFont()).isNull();
        assertThat(options.registryOut()).isNull();
        assertThat(options.registryImport()).isFalse();
        assertThat(options.verbose()).isFalse();
    }

    @Test
    void everyOption(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "pgu_from_file\n");
        SimulatorOptions options = parse("--url=http://localhost:18090/", "--token-file=" + tokenFile,
                "--sites=120", "--rate=2.5", "--duration=30", "--seed=42", "--image-only", "--violations=speeding:0.1",
                "--degraded=0.3", "--fleet=500", "--traffic=flat", "--max-in-flight=8", "--plate-font=/f.ttf",
                "--registry-out=" + dir.resolve("plates"), "--registry-import", "--verbose");
        assertThat(options.url().toString()).isEqualTo("http://localhost:18090/");
        assertThat(options.token()).isEqualTo("pgu_from_file");
        assertThat(options.sites()).isEqualTo(120);
        assertThat(options.rate()).isEqualTo(2.5);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.imageOnly()).isEqualTo(1.0);
        assertThat(options.violations().speeding()).isEqualTo(0.1);
        assertThat(options.violations().redLight()).isEqualTo(ViolationShares.DEFAULT.redLight());
        assertThat(options.degradedShare()).isEqualTo(0.3);
        assertThat(options.fleet()).isEqualTo(500);
        assertThat(options.curve()).isSameAs(TrafficCurve.FLAT);
        assertThat(options.maxInFlight()).isEqualTo(8);
        assertThat(options.plateFont()).isEqualTo(Path.of("/f.ttf"));
        assertThat(options.registryOut()).isEqualTo(dir.resolve("plates"));
        assertThat(options.registryImport()).isTrue();
        assertThat(options.verbose()).isTrue();
        assertThat(options.toString()).doesNotContain("pgu_from_file");
        assertThat(SimulatorOptions.parse(new String[]{"--url=http://h", "--duration=unbounded"},
                Map.of("PLATEGUARD_TOKEN", "pgu_env")).token()).isEqualTo("pgu_env");
    }

    @Test
    void valuesMayFollowAsTheNextArgument() {
        SimulatorOptions options = parse("--url", "http://127.0.0.1:8080", "--token", "pgu_x", "--sites", "7",
                "--rate", "0.5", "--duration", "60", "--traffic", "flat", "--image-only", "0.25", "--verbose");
        assertThat(options.url().toString()).isEqualTo("http://127.0.0.1:8080/");
        assertThat(options.token()).isEqualTo("pgu_x");
        assertThat(options.sites()).isEqualTo(7);
        assertThat(options.rate()).isEqualTo(0.5);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.curve()).isSameAs(TrafficCurve.FLAT);
        assertThat(options.imageOnly()).isEqualTo(0.25);
        assertThat(options.verbose()).isTrue();
    }

    @Test
    void theLastOfARepeatedOptionWins() {
        // bin/demo passes its own --rate, --duration=unbounded etc. before the user's options.
        SimulatorOptions options = parse("--url=http://h", "--token=t", "--rate=4", "--duration=unbounded", "--rate", "9",
                "--duration=20");
        assertThat(options.rate()).isEqualTo(9);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void imageOnlyTakesAShare() {
        assertThat(parse("--url=http://h", "--token=t", "--image-only=0.25").imageOnly()).isEqualTo(0.25);
        assertThat(parse("--url=http://h", "--token=t", "--image-only=1").imageOnly()).isEqualTo(1.0);
        assertThat(parse("--url=http://h", "--token=t", "--image-only=0").imageOnly()).isZero();
        assertThat(parse("--url=http://h", "--image-only", "--token=t").imageOnly()).isEqualTo(1.0);
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--image-only=1.5")).hasMessageContaining("--image-only");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--image-only=some")).hasMessageContaining("--image-only");
        assertThat(SimulatorOptions.usage()).contains("--image-only[=F]");
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> parse("--token=t")).hasMessageContaining("--url");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[]{"--url=http://h"}, Map.of())).hasMessageContaining("token");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--rate=fast")).hasMessageContaining("--rate")
                .hasMessageContaining("fast");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--rate=0")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--colour=red")).hasMessageContaining("--colour");
        assertThatThrownBy(() -> parse("--url=ftp://h", "--token=t")).hasMessageContaining("http");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--sites=0")).hasMessageContaining("--sites");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--sites=-3")).hasMessageContaining("--sites");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--fleet=99")).hasMessageContaining("--fleet");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--max-in-flight=0")).hasMessageContaining("--max-in-flight");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--degraded=2")).hasMessageContaining("--degraded");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--duration=-5")).hasMessageContaining("--duration");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--traffic=rush")).hasMessageContaining("--traffic");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--violations=parking:0.1"))
                .hasMessageContaining("--violations");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "--seed=x")).hasMessageContaining("--seed");
        assertThatThrownBy(() -> parse("--url=http://h", "--token-file=/no/such/file")).hasMessageContaining("--token-file");
        assertThatThrownBy(() -> parse("--url=http://h", "--token=t", "stray")).hasMessageContaining("stray");
        assertThatThrownBy(() -> parse("--url=http://h", "--token")).hasMessageContaining("--token");
    }

    @Test
    void anUnknownOptionIsOneLineOnStandardErrorAndExitStatus2() {
        Output output = read("--url", "http://h", "--token=t", "--colour=red");
        assertThat(output.invocation()).isEqualTo(new SimulatorOptions.Invocation(null, 2));
        assertThat(output.out()).isEmpty();
        assertThat(output.err()).isEqualTo("simulator: Unknown option: '--colour=red' (see simulator --help)" + System.lineSeparator());
    }

    @Test
    void aBadValueIsOneLineOnStandardErrorAndExitStatus2() {
        Output output = read("--url=http://h", "--token=t", "--rate=abc");
        assertThat(output.invocation().exitCode()).isEqualTo(2);
        assertThat(output.err()).startsWith("simulator: ").contains("--rate").contains("'abc'").doesNotContain("Exception")
                .hasLineCount(1);
        Output negative = read("--url=http://h", "--token=t", "--sites", "-1");
        assertThat(negative.invocation().exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("--sites must be 1-5000, got -1").hasLineCount(1);
    }

    @Test
    void helpPrintsEveryOptionWithItsDefaultAndNeedsNothingElse() {
        Output output = read("--help");
        assertThat(output.invocation()).isEqualTo(new SimulatorOptions.Invocation(null, 0));
        assertThat(output.err()).isEmpty();
        assertThat(output.out()).startsWith("Usage: simulator --url=URL").contains("--url=URL", "--token=TOKEN",
                "--token-file=FILE", "--sites=N", "default 100", "--rate=R", "default 5", "--duration=S|unbounded",
                "default unbounded", "--seed=N", "--image-only[=F]", "--violations=LIST", "--degraded=F", "default 0.15",
                "--fleet=N", "default 20000", "--traffic=day-night|flat", "default day-night", "--max-in-flight=N",
                "default 64", "--plate-font=FILE", "--registry-out=FILE", "--registry-import", "--verbose", "-h, --help");
        assertThat(read("-h").out()).isEqualTo(output.out());
    }

    @Test
    void validOptionsAreHandedOn() {
        Output output = read("--url=http://h", "--token", "t", "--sites", "3");
        assertThat(output.invocation().exitCode()).isZero();
        assertThat(output.invocation().options().sites()).isEqualTo(3);
        assertThat(output.out() + output.err()).isEmpty();
    }

    private static SimulatorOptions parse(String... args) {
        return SimulatorOptions.parse(args, Map.of());
    }

    private record Output(SimulatorOptions.Invocation invocation, String out, String err) {
    }

    private static Output read(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SimulatorOptions.Invocation invocation = SimulatorOptions.read(args, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(invocation, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
