package dev.plateguard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A PlateGuard server run from its jar on a data directory, as an operator runs it, so that a fault can kill it with
 * -9 and start it again on the same directory, and restart the embedded PostgreSQL under it (a child the server
 * leaves running when it is killed; the next start reuses it).
 */
final class ServerProcess implements AutoCloseable {

    private final Path java;
    private final Path jar;
    private final Path dataDir;
    private final int port;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    ServerProcess(Path java, Path jar, Path dataDir, int port, Map<String, String> environment, List<String> jvmOptions) {
        this.java = java;
        this.jar = jar;
        this.dataDir = dataDir;
        this.port = port;
        this.environment = new LinkedHashMap<>(environment);
        this.jvmOptions = jvmOptions;
        this.log = dataDir.resolve("server.log");
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return log;
    }

    /** Starts the server and returns once it is ready (readiness probe 200). */
    void start(Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("PLATEGUARD_DATA_DIR", dataDir.toString());
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.environment().put("PLATEGUARD_EMBEDDED_DB_PORT", "0");
        builder.environment().putAll(environment);
        process = builder.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with status " + process.exitValue() + "; see " + log);
            }
            if (ready()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server was not ready within " + timeout + "; see " + log);
    }

    boolean ready() throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(base().resolve("/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed; the embedded PostgreSQL keeps running. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The embedded cluster's directory. */
    Path cluster() {
        return dataDir.resolve("postgres");
    }

    /** The postmaster's pid from {@code postmaster.pid}, if the file names a live process. */
    OptionalLong postmaster() {
        try {
            long pid = Long.parseLong(Files.readAllLines(cluster().resolve("postmaster.pid")).getFirst().strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Stops the embedded PostgreSQL (fast shutdown: open sessions are ended at once, as in a restart by an operator or
     * a crash of the service), leaves it down for {@code outage}, and starts it again with the options it ran with
     * (read from its command line) on the same port. Returns once it accepts connections again.
     */
    void restartDatabase(Duration outage) throws IOException, InterruptedException {
        long pid = postmaster().orElseThrow(() -> new IllegalStateException("no embedded PostgreSQL runs on " + cluster()));
        List<String> argv = new ArrayList<>(Arrays.asList(
                Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"), StandardCharsets.UTF_8).split("\0")));
        Path pgCtl = Path.of(argv.removeFirst()).resolveSibling("pg_ctl");
        int d = argv.indexOf("-D");
        if (d >= 0) {
            argv.remove(d + 1);
            argv.remove(d);
        }
        run(List.of("kill", "-INT", String.valueOf(pid)));
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (handle != null && handle.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(outage.toMillis());
        List<String> start = new ArrayList<>();
        // PostgreSQL refuses to run as root; zonky starts it in a user namespace where it is not root, and so do we.
        if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            start.addAll(List.of("unshare", "-U"));
        }
        start.addAll(List.of(pgCtl.toString(), "-D", cluster().toString(), "-w", "-t", "60",
                "-l", dataDir.resolve("postgres-restart.log").toString(), "-o", String.join(" ", argv), "start"));
        run(start);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
        }
    }

    /** Stops the server (SIGTERM, as systemd does), then any PostgreSQL it left behind. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        OptionalLong left = postmaster();
        if (left.isPresent()) {
            run(List.of("kill", "-INT", String.valueOf(left.getAsLong())));
        }
    }
}
