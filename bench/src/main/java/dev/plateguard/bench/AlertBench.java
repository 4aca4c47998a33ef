package dev.plateguard.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hotlist alerts, measured through the public API of a fresh server: a supervisor imports {@code --entries} hotlist
 * entries by CSV ({@link AlertWorkload}: 80 % exact, 10 % wildcard, 10 % look-alike); an operator follows the live
 * alert stream ({@code GET /api/v1/alerts/stream}, server-sent events); a camera then offers single reads at
 * {@code --rate} per second for {@code --seconds}, a {@code --hit-share} of them hotlisted. For every hit, the delay
 * from the ingest request's 2xx to its alert arriving on the stream is measured. First a quiet phase (5 hits a second)
 * gives the same delay on an idle server, the ceiling to compare with. Exits non-zero when an alert is missing or
 * one was raised for a plate that hits nothing. A request that times out here (60 s) is not acknowledged and its
 * hit not counted, though the server may have stored it.
 */
public final class AlertBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "bench-" + UUID.randomUUID();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Accounts accounts;
    /** Read id → when its ingest request was answered, for hits; the alerts stream's arrivals, by read id. */
    private final Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
    private final Map<Long, Long> alerted = new ConcurrentHashMap<>();
    /** Every hotlisted plate offered (also those whose request timed out on this side but was stored). */
    private final Set<String> hitPlates = ConcurrentHashMap.newKeySet();

    private AlertBench(String url) {
        this.url = url;
        this.accounts = new Accounts(http, url);
    }

    /** The command line: {@code bench/alerts [OPTIONS]}; the {@code --help} text is in {@code AlertBench.properties}. */
    @Command(name = "bench/alerts", resourceBundle = "dev.plateguard.bench.AlertBench")
    static final class Options extends BenchCommandLine {
        @Option(names = "--entries", paramLabel = "N", defaultValue = "100000", converter = Positive.class) int entries;
        @Option(names = "--rate", paramLabel = "R", defaultValue = "500", converter = Positive.class) int rate;
        @Option(names = "--seconds", paramLabel = "S", defaultValue = "30", converter = Positive.class) int seconds;
        @Option(names = "--hit-share", paramLabel = "F", defaultValue = "0.05", converter = Share.class) double hitShare;
        @Option(names = "--warmup", paramLabel = "S", defaultValue = "10", converter = Count.class) int warmup;
    }

    /** A share between 0 (exclusive) and 1. */
    static final class Share implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double share;
            try {
                share = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a number");
            }
            if (!(share > 0 && share <= 1)) {
                throw new CommandLine.TypeConversionException("must be above 0 and at most 1, got " + value);
            }
            return share;
        }
    }

    /** What one phase measured. */
    private record Phase(int sent, int ok, int hits, List<Long> delaysNanos, List<Long> ingestNanos, int missing,
                         double seconds) {

        double p(List<Long> values, int percentile) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted[(int) Math.max(0, Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchCommandLine.readOrExit(new Options(), args);
        AlertBench bench = new AlertBench(options.base());
        AlertWorkload workload = new AlertWorkload(options.entries, 15);
        int hitsNeeded = (int) Math.ceil((options.seconds + options.warmup) * options.rate * options.hitShare) + 100;
        if (hitsNeeded > options.entries) {
            System.err.println("bench/alerts: --entries must exceed the hits the run makes (" + hitsNeeded + ")");
            System.exit(2);
        }

        String token = Files.readString(options.setupTokenFile).strip();
        bench.accounts.setup(token, "bench-admin", PASSWORD);
        String admin = bench.accounts.login("bench-admin", PASSWORD);
        bench.post("/api/v1/users", admin, Map.of("username", "bench-admin2", "password", PASSWORD, "roles", List.of("ADMIN")));
        String approver = bench.accounts.login("bench-admin2", PASSWORD);
        String supervisor = bench.person(admin, approver, "bench-supervisor", "SUPERVISOR");
        String operator = bench.person(admin, approver, "bench-operator", "OPERATOR");
        String key = bench.camera(admin);

        long list = JSON.readTree(bench.post("/api/v1/hotlists", supervisor, Map.of("name", "Bench watch list",
                "covert", false))).get("id").asLong();
        long importStarted = System.nanoTime();
        String imported = bench.send(HttpRequest.newBuilder(URI.create(bench.url + "/api/v1/hotlists/" + list + "/import"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(workload.csv())), supervisor);
        double importSeconds = (System.nanoTime() - importStarted) / 1e9;
        System.out.printf("hotlist: %s entries imported by CSV in %.1f s (%d exact, %d wildcard, %d look-alike)%n",
                JSON.readTree(imported).get("imported").asInt(), importSeconds,
                workload.entries().stream().filter(e -> e.kind() == AlertWorkload.Kind.EXACT).count(),
                workload.entries().stream().filter(e -> e.kind() == AlertWorkload.Kind.WILDCARD).count(),
                workload.entries().stream().filter(e -> e.kind() == AlertWorkload.Kind.LOOKALIKE).count());

        AtomicInteger unexpected = new AtomicInteger();
        Thread stream = bench.follow(operator, unexpected);
        Thread.sleep(5000); // the server rebuilds its hotlist index after the import, in the background

        Phase quiet = bench.phase(key, workload, 5, 10, 1.0, "quiet");
        System.out.printf("quiet: %d hits at 5 reads/s: ingest 2xx to alert on the stream p50 %.0f ms, p99 %.0f ms%n",
                quiet.hits(), quiet.p(quiet.delaysNanos(), 50), quiet.p(quiet.delaysNanos(), 99));
        if (options.warmup > 0) {
            Phase warm = bench.phase(key, workload, options.rate, options.warmup, options.hitShare, "warm");
            System.out.printf("warm-up: %d s at %d reads/s offered (not counted): p99 %.0f ms%n", options.warmup,
                    options.rate, warm.p(warm.delaysNanos(), 99));
        }
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Phase load = bench.phase(key, workload, options.rate, options.seconds, options.hitShare, "load");
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        stream.interrupt();

        System.out.printf("load: %d reads offered at %d/s for %d s, %d acknowledged (%.0f reads/s served), ingest p50 %.0f ms,"
                        + " p99 %.0f ms (from the scheduled start)%n", load.sent(), options.rate, options.seconds, load.ok(),
                load.ok() / load.seconds(), load.p(load.ingestNanos(), 50), load.p(load.ingestNanos(), 99));
        System.out.printf("load: %d hits (%.0f %%), %d alerts seen, %d missing, %d for plates that hit nothing; ingest 2xx"
                        + " to alert on the stream p50 %.0f ms, p99 %.0f ms, max %.0f ms (target p99 <= 1000 ms: %s)%n",
                load.hits(), 100 * options.hitShare, load.hits() - load.missing(), load.missing(), unexpected.get(),
                load.p(load.delaysNanos(), 50), load.p(load.delaysNanos(), 99), load.p(load.delaysNanos(), 100),
                load.p(load.delaysNanos(), 99) <= 1000 ? "met" : "NOT MET");
        System.out.printf("load average %.1f before, %.1f after, %d cores%n", loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("entries", options.entries);
        summary.put("importSeconds", Math.round(importSeconds * 10) / 10.0);
        summary.put("rate", options.rate);
        summary.put("seconds", options.seconds);
        summary.put("readsAcknowledged", load.ok());
        summary.put("servedReadsPerSecond", Math.round(load.ok() / load.seconds()));
        summary.put("ingestP99Ms", Math.round(load.p(load.ingestNanos(), 99)));
        summary.put("hits", load.hits());
        summary.put("missing", load.missing());
        summary.put("unexpected", unexpected.get());
        summary.put("alertP50Ms", Math.round(load.p(load.delaysNanos(), 50)));
        summary.put("alertP99Ms", Math.round(load.p(load.delaysNanos(), 99)));
        summary.put("alertMaxMs", Math.round(load.p(load.delaysNanos(), 100)));
        summary.put("quietAlertP50Ms", Math.round(quiet.p(quiet.delaysNanos(), 50)));
        summary.put("quietAlertP99Ms", Math.round(quiet.p(quiet.delaysNanos(), 99)));
        System.out.println(JSON.writeValueAsString(summary));
        System.exit(load.missing() + quiet.missing() + unexpected.get() > 0 ? 1 : 0);
    }

    /** Offers reads at {@code rate} per second for {@code seconds}, a {@code share} of them hits; waits for their alerts. */
    private Phase phase(String key, AlertWorkload workload, int rate, int seconds, double share, String tag)
            throws InterruptedException {
        int total = rate * seconds;
        long interval = 1_000_000_000L / rate;
        List<Long> hitIds = new ArrayList<>();
        ConcurrentLinkedQueue<Long> ingest = new ConcurrentLinkedQueue<>();
        AtomicInteger ok = new AtomicInteger();
        List<Thread> senders = new ArrayList<>(total);
        long every = Math.max(1, Math.round(1 / share));
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long scheduled = t0 + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            boolean hit = i % every == every / 2;
            String plate = hit ? workload.hit() : workload.miss();
            if (hit) {
                hitPlates.add(plate);
            }
            String body = "{\"reads\":[{\"eventId\":\"" + tag + "-" + i + "\",\"capturedAt\":\""
                    + OffsetDateTime.now(ZoneOffset.ofHours(5)).minusSeconds(1) + "\",\"plate\":{\"text\":\"" + plate
                    + "\",\"confidence\":0.9}}]}";
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/reads/batch"))
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long answered = System.nanoTime();
                    ingest.add(answered - scheduled);
                    if (r.statusCode() == 200) {
                        long id = JSON.readTree(r.body()).get("results").get(0).get("id").asLong();
                        ok.incrementAndGet();
                        if (hit) {
                            acknowledged.put(id, answered);
                            synchronized (hitIds) {
                                hitIds.add(id);
                            }
                        }
                    }
                } catch (Exception e) {
                    // counted: not acknowledged
                }
            }));
        }
        for (Thread t : senders) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && hitIds.stream().anyMatch(id -> !alerted.containsKey(id))) {
            Thread.sleep(50);
        }
        List<Long> delays = new ArrayList<>();
        int missing = 0;
        for (long id : hitIds) {
            Long seen = alerted.get(id);
            if (seen == null) {
                missing++;
            } else {
                delays.add(Math.max(0, seen - acknowledged.get(id)));
            }
        }
        return new Phase(total, ok.get(), hitIds.size(), delays, new ArrayList<>(ingest), missing, elapsed);
    }

    /** Follows the alert stream; notes when each read's alert arrives, and counts alerts for reads that are no hit. */
    private Thread follow(String operator, AtomicInteger unexpected) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/alerts/stream"))
                .header("Authorization", "Bearer " + operator).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/api/v1/alerts/stream -> " + response.statusCode());
        }
        return Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String event = "";
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:") && event.equals("alert")) {
                        long now = System.nanoTime();
                        JsonNode alert = JSON.readTree(line.substring(5).strip());
                        long readId = alert.get("readId").asLong();
                        if (alerted.putIfAbsent(readId, now) == null && !hitPlates.contains(alert.get("plate").asString())) {
                            unexpected.incrementAndGet();
                        }
                    } else if (line.isEmpty()) {
                        event = "";
                    }
                }
            } catch (Exception e) {
                // the stream ended
            }
        });
    }

    /** A person with one data role, approved by the second administrator, signed in. */
    private String person(String admin, String approver, String username, String role) throws Exception {
        String grant = JSON.readTree(post("/api/v1/users", admin, Map.of("username", username, "password", PASSWORD,
                "roles", List.of(role)))).get("pendingGrantId").asString();
        post("/api/v1/role-grants/" + grant + "/approve", approver, null);
        return accounts.login(username, PASSWORD);
    }

    /** A site with one camera; answers the camera's device key. */
    private String camera(String admin) throws Exception {
        JsonNode site = JSON.readTree(post("/api/v1/sites", admin, Map.of("name", "Bench alerts", "city", "Tashkent",
                "region", "Tashkent city", "latitude", 41.3121, "longitude", 69.2825)));
        JsonNode camera = JSON.readTree(post("/api/v1/cameras", admin, Map.of("siteId", site.get("id").asLong(),
                "name", "anpr", "kind", "anpr", "lanes", List.of(1))));
        return JSON.readTree(post("/api/v1/cameras/" + camera.get("id").asLong() + "/keys", admin, null)).get("key").asString();
    }

    private String post(String path, String token, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), token);
    }

    private String send(HttpRequest.Builder request, String token) throws Exception {
        HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(request.build().uri().getPath() + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
