package dev.plateguard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import picocli.CommandLine.Command;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Violation detection, measured through the public API on a running server:
 * (1) throughput: N metadata-only reads (half of them speeding) posted in batches as fast as the server takes
 * them, timed until every speeding read has become a violation;
 * (2) delay: single reads at a fixed rate, each over the limit, timed from the moment it is acknowledged to the
 * moment its violation is visible in the API (polled every 50 ms).
 */
public final class DetectionBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "bench-" + UUID.randomUUID();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    private final Accounts accounts;

    private DetectionBench(String url) {
        this.url = url;
        this.accounts = new Accounts(http, url);
    }

    /** The command line: {@code bench/violations [OPTIONS]}; the {@code --help} text is in {@code DetectionBench.properties}. */
    @Command(name = "bench/violations", resourceBundle = "dev.plateguard.bench.DetectionBench")
    static final class Options extends BenchCommandLine {
        @Option(names = "--reads", paramLabel = "N", defaultValue = "50000", converter = WholeBatches.class) int reads;
        @Option(names = "--rate", paramLabel = "R", defaultValue = "500", converter = Positive.class) int rate;
        @Option(names = "--seconds", paramLabel = "S", defaultValue = "20", converter = Positive.class) int seconds;
    }

    /** Reads are posted in batches of 500. */
    static final class WholeBatches implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int reads = BenchCommandLine.atLeast(value, 500);
            if (reads % 500 != 0) {
                throw new CommandLine.TypeConversionException("must be a multiple of 500, got " + reads);
            }
            return reads;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchCommandLine.readOrExit(new Options(), args);
        DetectionBench bench = new DetectionBench(options.base());
        int reads = options.reads;
        int rate = options.rate;
        int seconds = options.seconds;

        String token = Files.readString(options.setupTokenFile).strip();
        // Where ADMIN signs in with a second factor, setup answers the authenticator's secret (Accounts keeps it).
        bench.accounts.setup(token, "bench-admin", PASSWORD);
        String admin = bench.login("bench-admin");
        // Roles that see personal data wait for a second admin's approval (separation of duties).
        bench.post("/api/v1/users", admin, Map.of("username", "bench-admin2", "password", PASSWORD, "roles", List.of("ADMIN")));
        String approver = bench.login("bench-admin2");
        String grant = JSON.readTree(bench.post("/api/v1/users", admin, Map.of("username", "bench-operator",
                "password", PASSWORD, "roles", List.of("OPERATOR")))).get("pendingGrantId").asString();
        bench.post("/api/v1/role-grants/" + grant + "/approve", approver, null);
        String operator = bench.login("bench-operator");

        // (1) throughput
        long[] siteAndKey = bench.speedCamera(admin, "Bench throughput");
        long started = System.nanoTime();
        int speeding = 0;
        String captured = OffsetDateTime.now(ZoneOffset.ofHours(5)).minusMinutes(1).toString();
        for (int b = 0; b < reads / 500; b++) {
            StringBuilder body = new StringBuilder("{\"reads\":[");
            for (int i = 0; i < 500; i++) {
                boolean over = (i % 2) == 0;
                speeding += over ? 1 : 0;
                body.append(i == 0 ? "" : ",").append("{\"eventId\":\"t-").append(b).append('-').append(i)
                        .append("\",\"capturedAt\":\"").append(captured).append("\",\"plate\":{\"text\":\"")
                        .append(plate(b * 500 + i)).append("\",\"confidence\":0.9},\"speedKmh\":").append(over ? 90 : 50).append('}');
            }
            body.append("]}");
            bench.postRaw("/api/v1/reads/batch", key(siteAndKey), body.toString());
        }
        double ingestSeconds = (System.nanoTime() - started) / 1e9;
        long found;
        do {
            found = bench.count(operator, siteAndKey[0]);
            Thread.sleep(100);
        } while (found < speeding && (System.nanoTime() - started) / 1e9 < 600);
        double totalSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("(1) %d reads (%d speeding): ingested in %.1f s, all evaluated and %d violations recorded after %.1f s"
                + " -> %.0f reads/s end to end%n", reads, speeding, ingestSeconds, found, totalSeconds, reads / totalSeconds);

        // (2) delay at a fixed rate
        long[] second = bench.speedCamera(admin, "Bench delay");
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Map<String, Long> seen = new ConcurrentHashMap<>();
        Thread poller = Thread.ofVirtual().start(() -> {
            long after = 0;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    JsonNode page = JSON.readTree(bench.get("/api/v1/violations?site=" + second[0] + "&limit=500&after=" + after, operator));
                    for (JsonNode v : page.get("items")) {
                        seen.putIfAbsent(v.get("plate").asString(), System.nanoTime());
                        after = Math.max(after, v.get("id").asLong());
                    }
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // keep polling
                }
            }
        });
        long interval = 1_000_000_000L / rate;
        long t0 = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < rate * seconds; i++) {
            long wait = t0 + i * interval - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            String plate = plate(1_000_000 + i);
            String body = "{\"reads\":[{\"eventId\":\"d-" + i + "\",\"capturedAt\":\"" + OffsetDateTime.now(ZoneOffset.ofHours(5))
                    + "\",\"plate\":{\"text\":\"" + plate + "\",\"confidence\":0.9},\"speedKmh\":95}]}";
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    bench.postRaw("/api/v1/reads/batch", key(second), body);
                    acknowledged.put(plate, System.nanoTime());
                } catch (Exception e) {
                    // counted as missing below
                }
            }));
        }
        for (Thread t : senders) {
            t.join();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (seen.size() < acknowledged.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        poller.interrupt();
        List<Long> delays = new ArrayList<>();
        acknowledged.forEach((plate, at) -> {
            Long s = seen.get(plate);
            if (s != null) {
                delays.add(Math.max(0, s - at));
            }
        });
        delays.sort(Long::compare);
        System.out.printf("(2) %d reads at %d/s: %d violations seen; ingest-acknowledged to visible: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                acknowledged.size(), rate, delays.size(), pct(delays, 50), pct(delays, 99), delays.isEmpty() ? Double.NaN : delays.getLast() / 1e6);
        System.out.println(JSON.writeValueAsString(Map.of("throughputReadsPerSecond", Math.round(reads / totalSeconds),
                "delayP50Ms", Math.round(pct(delays, 50)), "delayP99Ms", Math.round(pct(delays, 99)),
                "violationsSeen", delays.size(), "readsSent", acknowledged.size())));
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    private static String key(long[] siteAndKey) {
        return KEYS.get(siteAndKey[1]);
    }

    private static final Map<Long, String> KEYS = new ConcurrentHashMap<>();

    /** Creates a site with a 60 km/h camera; returns {siteId, keyId}. */
    private long[] speedCamera(String admin, String name) throws Exception {
        JsonNode site = JSON.readTree(post("/api/v1/sites", admin, Map.of("name", name, "city", "Tashkent",
                "region", "Tashkent city", "latitude", 41.3121, "longitude", 69.2825)));
        JsonNode camera = JSON.readTree(post("/api/v1/cameras", admin, Map.of("siteId", site.get("id").asLong(),
                "name", "speed", "kind", "speed", "lanes", List.of(1), "speedLimitKmh", 60)));
        JsonNode key = JSON.readTree(post("/api/v1/cameras/" + camera.get("id").asLong() + "/keys", admin, null));
        KEYS.put(key.get("id").asLong(), key.get("key").asString());
        return new long[] {site.get("id").asLong(), key.get("id").asLong()};
    }

    private long count(String token, long site) throws Exception {
        long total = 0;
        long after = 0;
        while (true) {
            JsonNode page = JSON.readTree(get("/api/v1/violations?site=" + site + "&limit=500&after=" + after, token));
            total += page.get("items").size();
            if (page.get("next").isNull()) {
                return total;
            }
            after = page.get("next").asLong();
        }
    }

    private String login(String username) throws Exception {
        return accounts.login(username, PASSWORD);
    }

    private String post(String path, String token, Object body) throws Exception {
        return postRaw(path, token, body == null ? null : JSON.writeValueAsString(body));
    }

    private String postRaw(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
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
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode());
        }
        return r.body();
    }

    /** Distinct valid Uzbek private plates: 01 + letter + 3 digits + 2 letters, no I. */
    private static String plate(int n) {
        String letters = "ABCDEFGHJKLMNOPQRSTUVWXYZ";
        return "01" + letters.charAt(n % 25) + String.format("%03d", (n / 25) % 1000) + letters.charAt((n / 25_000) % 25)
                + letters.charAt((n / 625_000) % 25);
    }
}
