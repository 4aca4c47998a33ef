package dev.plateguard.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault harness ({@code bench/faults}): runs a server from its jar on a fresh data directory, drives it with
 * cameras that retry until each read is acknowledged, injects one fault at a time while they send (kill -9 of the
 * server, a restart of its PostgreSQL, a full evidence disk, an object store that is down, a slow vehicle
 * registry), and then counts what the server holds. Prints a table, then, as its last line, one JSON object:
 * {@code {"faults": [{"name", "sent", "acknowledged", "stored", "lost", "duplicated", ...}]}}. Exits 1 when an
 * acknowledged read was lost or doubled.
 */
public final class FaultsBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "faults-" + UUID.randomUUID();
    static final List<String> FAULTS = List.of("kill9", "postgres-restart", "disk-full", "object-store-down", "slow-registry");

    @Command(name = "bench/faults", resourceBundle = "dev.plateguard.bench.FaultsBench", sortOptions = false,
            usageHelpWidth = 110)
    static final class Options {
        @Option(names = "--faults", paramLabel = "LIST", split = ",", defaultValue = "kill9,postgres-restart,disk-full,object-store-down,slow-registry")
        List<String> faults;
        @Option(names = "--reads", paramLabel = "N", defaultValue = "3000", converter = BenchCommandLine.Positive.class) int reads;
        @Option(names = "--devices", paramLabel = "N", defaultValue = "8", converter = BenchCommandLine.Positive.class) int devices;
        @Option(names = "--outage-seconds", paramLabel = "S", defaultValue = "10", converter = BenchCommandLine.Positive.class)
        int outageSeconds;
        @Option(names = "--fault-timeout-seconds", paramLabel = "S", defaultValue = "300", converter = BenchCommandLine.Positive.class)
        int faultTimeoutSeconds;
        @Option(names = "--evidence-fs-mb", paramLabel = "MB", defaultValue = "256", converter = BenchCommandLine.Positive.class)
        int evidenceFsMb;
        @Option(names = "--object-store", paramLabel = "HOST:PORT") String objectStore;
        @Option(names = "--object-store-env", paramLabel = "NAME", defaultValue = "PLATEGUARD_EVIDENCE_S3_ENDPOINT")
        String objectStoreEnv;
        @Option(names = "--server-env", paramLabel = "NAME=VALUE") Map<String, String> serverEnv = new LinkedHashMap<>();
        @Option(names = "--server-jar", paramLabel = "FILE", defaultValue = "server/target/server-0.1.0-SNAPSHOT.jar") Path serverJar;
        @Option(names = "--java", paramLabel = "FILE") Path java;
        @Option(names = "--server-opts", paramLabel = "OPTS", defaultValue = "-Xmx1g") String serverOpts;
        @Option(names = "--keep-data") boolean keepData;
        @Option(names = {"-h", "--help"}, usageHelp = true) boolean help;
    }

    /** One row of the table. */
    static final class Report {
        final Map<String, Object> fields = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();

        Report(String name) {
            fields.put("name", name);
        }

        static Report skipped(String name, String why) {
            Report r = new Report(name);
            for (String k : List.of("sent", "acknowledged", "stored", "lost", "duplicated")) {
                r.fields.put(k, 0);
            }
            r.fields.put("skipped", why);
            return r;
        }

        int count(String key) {
            return ((Number) fields.getOrDefault(key, 0)).intValue();
        }
    }

    private final Options options;
    private final ServerProcess server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final byte[] jpeg;
    private final RegistryStub registry;
    private final ObjectStoreProxy objectStore;
    private final String diskFullSkip;
    private Accounts accounts;
    private String admin;
    private String investigator;
    private long siteId;

    private FaultsBench(Options options, ServerProcess server, RegistryStub registry, ObjectStoreProxy objectStore,
                        String diskFullSkip) throws IOException {
        this.options = options;
        this.server = server;
        this.registry = registry;
        this.objectStore = objectStore;
        this.diskFullSkip = diskFullSkip;
        this.jpeg = smallJpeg();
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options();
        CommandLine commandLine = new CommandLine(options).setOverwrittenOptionsAllowed(true).setExpandAtFiles(false);
        try {
            commandLine.parseArgs(args);
            for (String f : options.faults) {
                if (!FAULTS.contains(f)) {
                    throw new CommandLine.ParameterException(commandLine, "unknown fault '" + f + "'; known: " + FAULTS);
                }
            }
        } catch (CommandLine.ParameterException e) {
            System.err.println("bench/faults: " + e.getMessage() + " (see bench/faults --help)");
            System.exit(2);
        }
        if (commandLine.isUsageHelpRequested()) {
            commandLine.usage(System.out, CommandLine.Help.Ansi.OFF);
            return;
        }
        System.exit(run(options));
    }

    private static int run(Options options) throws Exception {
        Path data = Files.createTempDirectory("plateguard-faults.");
        Path evidence = Files.createDirectory(data.resolve("evidence"));
        String diskFullSkip = options.faults.contains("disk-full") ? mountSmall(evidence, options.evidenceFsMb) : null;
        Map<String, String> env = new LinkedHashMap<>(options.serverEnv);
        RegistryStub registry = null;
        ObjectStoreProxy objectStore = null;
        if (options.faults.contains("slow-registry")) {
            registry = new RegistryStub();
            env.put("PLATEGUARD_REGISTRY_MODE", "http");
            env.put("PLATEGUARD_REGISTRY_URL", registry.url().toString());
            env.put("PLATEGUARD_VIOLATIONS_REGISTRY_CHECKS", "true");
        }
        if (options.objectStore != null) {
            String[] hostPort = options.objectStore.split(":");
            objectStore = new ObjectStoreProxy(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
            env.put(options.objectStoreEnv, "http://127.0.0.1:" + objectStore.port());
        }
        Path java = options.java != null ? options.java
                : Path.of(ProcessHandle.current().info().command().orElse("java"));
        List<String> jvm = options.serverOpts.isBlank() ? List.of() : List.of(options.serverOpts.strip().split("\\s+"));
        List<Report> reports = new ArrayList<>();
        boolean failed = true;
        try (ServerProcess server = new ServerProcess(java, options.serverJar.toAbsolutePath(), data, freePort(), env, jvm)) {
            System.out.printf("machine: %d cores, %s; data %s (server log server.log)%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), data);
            long started = System.nanoTime();
            server.start(Duration.ofMinutes(3));
            System.out.printf("server ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            FaultsBench bench = new FaultsBench(options, server, registry, objectStore, diskFullSkip);
            bench.setUp();
            for (String fault : FAULTS) {
                if (options.faults.contains(fault)) {
                    System.out.println("fault " + fault + " …");
                    Report report = bench.fault(fault);
                    reports.add(report);
                    System.out.println("  " + summary(report));
                }
            }
            failed = false;
        } finally {
            if (registry != null) {
                registry.close();
            }
            if (objectStore != null) {
                objectStore.close();
            }
            if (diskFullSkip == null && options.faults.contains("disk-full")) {
                new ProcessBuilder("umount", evidence.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
            }
            // The evidence master key lives beside the data directory, in <data>-keys (FileMasterKeys).
            Path keys = data.resolveSibling(data.getFileName() + "-keys");
            if (failed || options.keepData) {
                System.out.println("data kept in " + data + " (evidence key in " + keys + ")");
            } else {
                deleteTree(data);
                if (Files.exists(keys)) {
                    deleteTree(keys);
                }
            }
        }
        printTable(reports);
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> faults = new ArrayList<>();
        for (Report r : reports) {
            Map<String, Object> f = new LinkedHashMap<>(r.fields);
            if (!r.problems.isEmpty()) {
                f.put("problems", r.problems);
            }
            faults.add(f);
        }
        out.put("faults", faults);
        System.out.println(JSON.writeValueAsString(out));
        return reports.stream().anyMatch(r -> r.count("lost") > 0 || r.count("duplicated") > 0) ? 1 : 0;
    }

    private void setUp() throws Exception {
        accounts = new Accounts(http, server.base().toString());
        accounts.setup(Files.readString(server.dataDir().resolve("setup-token")).strip(), "faults-admin", PASSWORD);
        admin = accounts.login("faults-admin", PASSWORD);
        post("/api/v1/users", admin, Map.of("username", "faults-approver", "password", PASSWORD, "roles", List.of("ADMIN")));
        String approver = accounts.login("faults-approver", PASSWORD);
        String grant = JSON.readTree(post("/api/v1/users", admin, Map.of("username", "faults-investigator",
                "password", PASSWORD, "roles", List.of("INVESTIGATOR")))).get("pendingGrantId").asString();
        post("/api/v1/role-grants/" + grant + "/approve", approver, null);
        investigator = accounts.login("faults-investigator", PASSWORD);
        siteId = JSON.readTree(post("/api/v1/sites", admin, Map.of("name", "Fault site", "city", "Tashkent",
                "region", "Tashkent city", "latitude", 41.3121, "longitude", 69.2825))).get("id").asLong();
    }

    private Report fault(String name) throws Exception {
        if (name.equals("disk-full") && diskFullSkip != null) {
            return Report.skipped(name, diskFullSkip);
        }
        if (name.equals("object-store-down") && objectStore == null) {
            return Report.skipped(name, "no object store configured (local evidence store)");
        }
        // Sign in again for each fault: sessions do not outlive a restart of the server's keys, and may expire.
        admin = accounts.login("faults-admin", PASSWORD);
        List<Devices.Camera> cameras = new ArrayList<>();
        for (int i = 0; i < options.devices; i++) {
            cameras.add(camera(name + "-" + i));
        }
        FaultTally tally = new FaultTally();
        Devices devices = new Devices(http, server.base(), tally, jpeg);
        int perCamera = Math.max(1, options.reads / options.devices);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.faultTimeoutSeconds);
        List<Thread> senders = devices.start(cameras, perCamera, name, deadline);
        int trigger = perCamera * cameras.size() / 3;
        while (tally.acknowledgedCount() < trigger && senders.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(20);
        }
        Report report = new Report(name);
        Set<Path> incomingBefore = incoming();
        int registryCallsBefore = registry == null ? 0 : registry.calls();
        long logOffset = Files.size(server.log());
        devices.faultStarted();
        long outage = TimeUnit.SECONDS.toMillis(options.outageSeconds);
        switch (name) {
            case "kill9" -> {
                server.kill9();
                long down = System.nanoTime();
                server.start(Duration.ofMinutes(3));
                report.fields.put("restartMs", (System.nanoTime() - down) / 1_000_000);
            }
            case "postgres-restart" -> server.restartDatabase(Duration.ofMillis(outage));
            case "disk-full" -> {
                Path filler = server.dataDir().resolve("evidence").resolve("faults-filler");
                fill(filler);
                Thread.sleep(outage);
                Files.delete(filler);
            }
            case "object-store-down" -> {
                objectStore.down(true);
                Thread.sleep(outage);
                objectStore.down(false);
            }
            case "slow-registry" -> registry.slow(Duration.ofSeconds(10)); // over the server's 3 s read timeout
            default -> throw new IllegalArgumentException(name);
        }
        if (!name.equals("slow-registry")) {
            devices.faultLifted(); // the registry stays slow while the cameras send
        }
        for (Thread sender : senders) {
            sender.join();
        }
        if (name.equals("slow-registry")) {
            // Detection asks the registry after ingest, in the background: give it time to trip the breaker.
            boolean opened = awaitLog(logOffset, "circuit breaker: State transition from CLOSED to OPEN", Duration.ofSeconds(90));
            int callsWhileSlow = registry.calls() - registryCallsBefore;
            registry.slow(Duration.ZERO);
            report.fields.put("circuitOpened", opened);
            report.fields.put("registryCalls", callsWhileSlow);
            report.fields.put("p99MsBeforeFault", Devices.percentileMs(devices.latencyBeforeFaultNanos, 99));
            report.fields.put("p99MsUnderFault", Devices.percentileMs(devices.latencyFromFaultNanos, 99));
            if (!opened) {
                report.problems.add("the registry circuit breaker did not open");
            }
        }
        reconcile(report, tally, devices, cameras);
        Set<Path> left = incoming();
        left.removeAll(incomingBefore);
        report.fields.put("leftoverTempFiles", left.size());
        expect(name, report);
        return report;
    }

    private void reconcile(Report report, FaultTally tally, Devices devices, List<Devices.Camera> cameras) throws Exception {
        investigator = accounts.login("faults-investigator", PASSWORD);
        List<String> stored = new ArrayList<>();
        Set<String> incomplete = new HashSet<>();
        Path evidence = server.dataDir().resolve("evidence");
        for (Devices.Camera camera : cameras) {
            String cursor = null;
            do {
                JsonNode page = JSON.readTree(get("/api/v1/reads?camera=" + camera.id() + "&limit=500"
                        + (cursor == null ? "" : "&cursor=" + cursor), investigator));
                for (JsonNode item : page.get("items")) {
                    String key = FaultTally.key(camera.id(), item.get("eventId").asString());
                    stored.add(key);
                    for (JsonNode link : item.get("evidence")) {
                        String sha = link.get("sha256").asString();
                        if (!Files.isRegularFile(evidence.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha))) {
                            incomplete.add(key);
                        }
                    }
                    if (item.get("evidence").isEmpty()) {
                        incomplete.add(key); // every read was sent with an image
                    }
                }
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            } while (cursor != null);
        }
        FaultTally.Outcome o = tally.reconcile(stored, incomplete);
        report.fields.put("sent", o.sent());
        report.fields.put("acknowledged", o.acknowledged());
        report.fields.put("stored", o.stored());
        report.fields.put("lost", o.lost());
        report.fields.put("duplicated", o.duplicated());
        report.fields.put("unacknowledged", o.sent() - o.acknowledged());
        report.fields.put("storedUnacknowledged", o.storedUnacknowledged());
        report.fields.put("missingEvidence", incomplete.size());
        report.fields.put("status503", devices.status503.get());
        report.fields.put("retryAfterSeen", devices.status503.get() > devices.status503WithoutRetryAfter.get());
        report.fields.put("status503WithoutRetryAfter", devices.status503WithoutRetryAfter.get());
        report.fields.put("status507", devices.status507.get());
        Map<String, Integer> other = new TreeMap<>();
        devices.otherStatuses.forEach((s, n) -> other.put(String.valueOf(s), n.get()));
        report.fields.put("otherStatuses", other);
        report.fields.put("connectionErrors", devices.connectionErrors.get());
        report.fields.put("recoveredAfterMs", devices.recoveredAfterMs());
        report.fields.put("p50Ms", Devices.percentileMs(devices.latencyFromFaultNanos, 50));
        report.fields.put("p99Ms", Devices.percentileMs(devices.latencyFromFaultNanos, 99));
    }

    /** What each fault should look like besides no loss: the problems are listed with the row. */
    private static void expect(String name, Report r) {
        if (r.count("unacknowledged") > 0) {
            r.problems.add(r.count("unacknowledged") + " reads were never acknowledged (no recovery within the timeout)");
        }
        if (!((Map<?, ?>) r.fields.get("otherStatuses")).isEmpty()) {
            r.problems.add("unexpected statuses " + r.fields.get("otherStatuses"));
        }
        if (r.count("status503WithoutRetryAfter") > 0) {
            r.problems.add("503 without Retry-After");
        }
        if (r.count("leftoverTempFiles") > 0) {
            r.problems.add("temporary evidence files left behind");
        }
        if (r.count("missingEvidence") > 0) {
            r.problems.add("stored reads without their evidence");
        }
        switch (name) {
            case "postgres-restart", "object-store-down" -> {
                if (r.count("status503") == 0) {
                    r.problems.add("no 503 seen during the outage");
                }
            }
            case "disk-full" -> {
                if (r.count("status507") == 0) {
                    r.problems.add("no 507 seen while the disk was full");
                }
            }
            default -> {
            }
        }
    }

    /** Files under evidence/incoming: once nothing is in flight, what failed writes left behind. */
    private Set<Path> incoming() throws IOException {
        try (Stream<Path> files = Files.list(server.dataDir().resolve("evidence").resolve("incoming"))) {
            return new HashSet<>(files.toList());
        }
    }

    /** Fills the file system of {@code filler} until a write fails for want of space. */
    private static void fill(Path filler) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int size = chunk.length; size >= 512; size /= 4) {
                try {
                    while (true) {
                        out.write(chunk, 0, size);
                        out.flush();
                    }
                } catch (IOException full) {
                    // smaller pieces next, down to the last block
                }
            }
        } catch (IOException full) {
            // closing may fail too on a full disk
        }
    }

    /**
     * Mounts a tmpfs of {@code mb} MB at the evidence directory so that the disk-full fault fills only what holds
     * evidence (the database stays on the real disk). Returns why the fault must be skipped, or null.
     */
    private static String mountSmall(Path dir, int mb) throws InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root: cannot mount a small file system for the evidence";
        }
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + mb + "m,mode=0700", "tmpfs",
                    dir.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? null : "mount of a small tmpfs failed: " + output;
        } catch (IOException e) {
            return "mount of a small tmpfs failed: " + e.getMessage();
        }
    }

    private boolean awaitLog(long offset, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (var channel = Files.newByteChannel(server.log())) {
                channel.position(offset);
                if (new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8)
                        .contains(text)) {
                    return true;
                }
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
    }

    private Devices.Camera camera(String name) throws Exception {
        JsonNode camera = JSON.readTree(post("/api/v1/cameras", admin, Map.of("siteId", siteId, "name", name,
                "kind", "anpr", "lanes", List.of(1, 2, 3), "speedLimitKmh", 60)));
        long id = camera.get("id").asLong();
        return new Devices.Camera(id, JSON.readTree(post("/api/v1/cameras/" + id + "/keys", admin, null)).get("key").asString());
    }

    private String post(String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.base().resolve(path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private String get(String path, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.base().resolve(path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** A 64×48 JPEG of noise (about 3 KB); each read makes it unique with a comment segment. */
    private static byte[] smallJpeg() throws IOException {
        Random random = new Random(11);
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String summary(Report r) {
        if (r.fields.containsKey("skipped")) {
            return "skipped: " + r.fields.get("skipped");
        }
        return "sent " + r.count("sent") + ", acknowledged " + r.count("acknowledged") + ", stored " + r.count("stored")
                + ", lost " + r.count("lost") + ", duplicated " + r.count("duplicated")
                + (r.problems.isEmpty() ? "" : "; problems: " + String.join("; ", r.problems));
    }

    private static void printTable(List<Report> reports) {
        String format = "%-18s %7s %7s %7s %5s %5s %6s %6s %6s %7s %10s  %s%n";
        System.out.println();
        System.out.printf(format, "fault", "sent", "acked", "stored", "lost", "dup", "503", "R-A", "507", "other",
                "recovered", "notes");
        for (Report r : reports) {
            if (r.fields.containsKey("skipped")) {
                System.out.printf(format, r.fields.get("name"), "-", "-", "-", "-", "-", "-", "-", "-", "-", "-",
                        "skipped: " + r.fields.get("skipped"));
                continue;
            }
            int other = ((Map<?, ?>) r.fields.get("otherStatuses")).values().stream().mapToInt(v -> (Integer) v).sum();
            long recovered = ((Number) r.fields.get("recoveredAfterMs")).longValue();
            List<String> notes = new ArrayList<>(r.problems);
            if (r.fields.containsKey("restartMs")) {
                notes.add("server back in " + r.fields.get("restartMs") + " ms");
            }
            if (r.fields.containsKey("circuitOpened")) {
                notes.add("circuit opened: " + r.fields.get("circuitOpened") + ", registry calls " + r.fields.get("registryCalls")
                        + ", ack p99 " + r.fields.get("p99MsBeforeFault") + " ms before / " + r.fields.get("p99MsUnderFault")
                        + " ms under the fault");
            }
            notes.add("conn. errors " + r.count("connectionErrors"));
            System.out.printf(format, r.fields.get("name"), r.count("sent"), r.count("acknowledged"), r.count("stored"),
                    r.count("lost"), r.count("duplicated"), r.count("status503"),
                    Boolean.TRUE.equals(r.fields.get("retryAfterSeen")) ? "yes" : "-", r.count("status507"), other,
                    recovered < 0 ? "-" : recovered + " ms", String.join("; ", notes));
        }
        System.out.println();
    }
}
