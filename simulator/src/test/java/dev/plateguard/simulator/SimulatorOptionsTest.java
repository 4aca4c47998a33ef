package dev.plateguard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        SimulatorOptions options = SimulatorOptions.parse(new String[]{"--url=http://127.0.0.1:8080", "--token=pgu_x"}, Map.of());
        assertThat(options.url().toString()).isEqualTo("http://127.0.0.1:8080/");
        assertThat(options.sites()).isEqualTo(100);
        assertThat(options.rate()).isEqualTo(5);
        assertThat(options.duration()).isNull();
        assertThat(options.imageOnly()).isZero();
        assertThat(options.violations()).isEqualTo(ViolationShares.DEFAULT);
        assertThat(options.degradedShare()).isEqualTo(0.15);
        assertThat(options.curve()).isSameAs(TrafficCurve.DAY_NIGHT);
    }

    @Test
    void everyOption(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "pgu_from_file\n");
        SimulatorOptions options = SimulatorOptions.parse(new String[]{"--url=http://localhost:18090/", "--token-file=" + tokenFile,
                "--sites=120", "--rate=2.5", "--duration=30", "--seed=42", "--image-only", "--violations=speeding:0.1",
                "--degraded=0.3", "--fleet=500", "--traffic=flat", "--max-in-flight=8", "--verbose"}, Map.of());
        assertThat(options.token()).isEqualTo("pgu_from_file");
        assertThat(options.sites()).isEqualTo(120);
        assertThat(options.rate()).isEqualTo(2.5);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.imageOnly()).isEqualTo(1.0);
        assertThat(options.violations().speeding()).isEqualTo(0.1);
        assertThat(options.curve()).isSameAs(TrafficCurve.FLAT);
        assertThat(options.toString()).doesNotContain("pgu_from_file");
        assertThat(SimulatorOptions.parse(new String[]{"--url=http://h", "--duration=unbounded"},
                Map.of("PLATEGUARD_TOKEN", "pgu_env")).token()).isEqualTo("pgu_env");
    }

    @Test
    void imageOnlyTakesAShare() {
        String[] base = {"--url=http://h", "--token=t"};
        assertThat(SimulatorOptions.parse(append(base, "--image-only=0.25"), Map.of()).imageOnly()).isEqualTo(0.25);
        assertThat(SimulatorOptions.parse(append(base, "--image-only=1"), Map.of()).imageOnly()).isEqualTo(1.0);
        assertThat(SimulatorOptions.parse(append(base, "--image-only=0"), Map.of()).imageOnly()).isZero();
        assertThatThrownBy(() -> SimulatorOptions.parse(append(base, "--image-only=1.5"), Map.of()))
                .hasMessageContaining("--image-only");
        assertThatThrownBy(() -> SimulatorOptions.parse(append(base, "--image-only=some"), Map.of()))
                .hasMessageContaining("--image-only");
        assertThat(SimulatorOptions.USAGE).contains("--image-only[=F]");
    }

    private static String[] append(String[] base, String arg) {
        String[] all = java.util.Arrays.copyOf(base, base.length + 1);
        all[base.length] = arg;
        return all;
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[]{"--token=t"}, Map.of())).hasMessageContaining("--url");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[]{"--url=http://h"}, Map.of())).hasMessageContaining("token");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[]{"--url=http://h", "--token=t", "--rate=fast"}, Map.of()))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[]{"--url=http://h", "--token=t", "--colour=red"}, Map.of()))
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[]{"--url=ftp://h", "--token=t"}, Map.of()))
                .hasMessageContaining("http");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[]{"--url=http://h", "--token=t", "--sites=0"}, Map.of()))
                .hasMessageContaining("--sites");
        assertThat(SimulatorOptions.wantsHelp(new String[]{"--help"})).isTrue();
    }
}
