package dev.plateguard.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingestion load generator. Drives a running PlateGuard server through its public API only, as cameras would:
 * (a) metadata-only batches, (b) single multipart reads with a ~100 KB JPEG, first at full speed, then at a
 * fixed offered rate for latency (measured from each request's scheduled start, so a stalled server cannot
 * hide queueing delay). Afterwards it pages through the camera's reads to check none was lost or doubled.
 */
public final class IngestBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "bench-" + UUID.randomUUID();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final Accounts accounts;

    private IngestBench(String url) {
        this.url = url;
        this.accounts = new Accounts(http, url);
    }

    /** The command line: {@code bench/ingest [OPTIONS]}; the {@code --help} text is in {@code IngestBench.properties}. */
    @Command(name = "bench/ingest", resourceBundle = "dev.plateguard.bench.IngestBench")
    static final class Options extends BenchCommandLine {
        @Option(names = "--batches", paramLabel = "N", defaultValue = "200", converter = Count.class) int batches;
        @Option(names = "--batch-concurrency", paramLabel = "N", defaultValue = "4", converter = Positive.class) int batchConcurrency;
        @Option(names = "--multipart", paramLabel = "N", defaultValue = "10000", converter = Count.class) int multipart;
        @Option(names = "--multipart-concurrency", paramLabel = "N", defaultValue = "32", converter = Positive.class)
        int multipartConcurrency;
        @Option(names = "--rate", paramLabel = "R", defaultValue = "500", converter = Positive.class) int rate;
        @Option(names = "--rate-seconds", paramLabel = "S", defaultValue = "20", converter = Positive.class) int rateSeconds;
        @Option(names = "--warmup", paramLabel = "N", defaultValue = "3000", converter = Count.class) int warmup;
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchCommandLine.readOrExit(new Options(), args);
        IngestBench bench = new IngestBench(options.base());
        String adminToken = bench.setup(options.setupTokenFile);
        Camera camera = bench.camera(adminToken);
        String investigator = bench.person(adminToken, "INVESTIGATOR");
        System.out.printf("camera %d, key %s…%n", camera.id, camera.key.substring(0, 8));

        long acknowledged = 0;
        // Warm-up so that JIT compilation is not measured: the evidence path (hashing, AES-GCM, whose fast
        // intrinsics only come with the optimising compiler) needs a few thousand objects on two busy cores.
        bench.batchLoad(camera, 20, 2, "warm");
        acknowledged += 20L * 500;
        if (options.warmup > 0) {
            acknowledged += bench.multipartClosedLoop(camera, options.warmup, 8, "warm").ok;
        }

        Result a = bench.batchLoad(camera, options.batches, options.batchConcurrency, "a");
        acknowledged += a.ok;
        print("(a) batch metadata-only, 500 reads/request, " + options.batchConcurrency + " concurrent", a);

        Result b1 = bench.multipartClosedLoop(camera, options.multipart, options.multipartConcurrency, "b");
        acknowledged += b1.ok;
        print("(b) multipart, 1 JPEG of ~100 KB, " + options.multipartConcurrency + " concurrent (max throughput)", b1);

        Result b2 = bench.multipartOpenLoop(camera, options.rate, options.rateSeconds, "r");
        acknowledged += b2.ok;
        print("(b) multipart at " + options.rate + " reads/s offered for " + options.rateSeconds + " s (latency)", b2);

        // With the Kafka read log, acknowledged reads may still be on their way to the database: wait until the
        // count stops growing (or matches).
        long stored = bench.countReads(investigator, camera.id);
        long lastGrowth = System.nanoTime();
        while (stored != acknowledged && System.nanoTime() - lastGrowth < 30_000_000_000L) {
            Thread.sleep(1_000);
            long now = bench.countReads(investigator, camera.id);
            if (now != stored) {
                lastGrowth = System.nanoTime();
            }
            stored = now;
        }
        System.out.printf("check: acknowledged %d reads, server holds %d for the camera: %s%n", acknowledged, stored,
                stored == acknowledged ? "none lost, none doubled" : "MISMATCH");
        double fsyncs = fsyncCeiling(options.setupTokenFile.toAbsolutePath().getParent());
        System.out.printf("ceiling: this disk writes and fsyncs %.0f files of 100 KB per second from one thread%n", fsyncs);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("batchReadsPerSecond", round(a.readsPerSecond()));
        figures.put("batchP50Ms", round(a.p(50)));
        figures.put("batchP99Ms", round(a.p(99)));
        figures.put("multipartReadsPerSecond", round(b1.readsPerSecond()));
        figures.put("multipartP50Ms", round(b1.p(50)));
        figures.put("multipartP99Ms", round(b1.p(99)));
        figures.put("offeredPerSecond", options.rate);
        figures.put("servedPerSecondAtOffered", round(b2.readsPerSecond()));
        figures.put("multipartP50MsAtOffered", round(b2.p(50)));
        figures.put("multipartP99MsAtOffered", round(b2.p(99)));
        figures.put("acknowledged", acknowledged);
        figures.put("stored", stored);
        figures.put("diskFsyncsPerSecond", round(fsyncs));
        System.out.println(JSON.writeValueAsString(figures));
        if (stored != acknowledged || a.failed + b1.failed + b2.failed > 0) {
            System.exit(1);
        }
    }

    /** The machine's ceiling, measured in the same run: 100 KB files written and fsynced one after another for 2 s. */
    static double fsyncCeiling(Path dir) throws IOException {
        Path probe = Files.createTempDirectory(dir, "fsync-probe");
        byte[] bytes = new byte[100_000];
        new Random(1).nextBytes(bytes);
        int files = 0;
        long started = System.nanoTime();
        long until = started + 2_000_000_000L;
        while (System.nanoTime() < until) {
            Path file = probe.resolve("f" + files);
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            files++;
        }
        double perSecond = files / ((System.nanoTime() - started) / 1e9);
        try (var listed = Files.list(probe)) {
            for (Path f : (Iterable<Path>) listed::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(probe);
        return perSecond;
    }

    private record Camera(long id, String key) {
    }

    private static final class Result {
        final ConcurrentLinkedQueue<Long> latenciesNanos = new ConcurrentLinkedQueue<>();
        final AtomicLong readsOk = new AtomicLong();
        long ok;
        int failed;
        long elapsedNanos;
        final AtomicInteger failures = new AtomicInteger();

        double readsPerSecond() {
            return ok / (elapsedNanos / 1e9);
        }

        double p(int percentile) {
            long[] sorted = latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }

        void finish(long started) {
            elapsedNanos = System.nanoTime() - started;
            ok = readsOk.get();
            failed = failures.get();
        }
    }

    private Result batchLoad(Camera camera, int batches, int concurrency, String tag) throws Exception {
        Result result = new Result();
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<?>> all = new ArrayList<>();
        String captured = OffsetDateTime.now(ZoneOffset.ofHours(5)).minusMinutes(1).toString();
        Random random = new Random(42);
        long started = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            StringBuilder body = new StringBuilder(80_000).append("{\"reads\":[");
            for (int i = 0; i < 500; i++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append("{\"eventId\":\"").append(tag).append('-').append(b).append('-').append(i)
                        .append("\",\"capturedAt\":\"").append(captured).append("\",\"plate\":{\"text\":\"")
                        .append(plate(random)).append("\",\"confidence\":0.9").append(random.nextInt(10))
                        .append("},\"speedKmh\":").append(40 + random.nextInt(60)).append(",\"lane\":")
                        .append(1 + random.nextInt(3)).append('}');
            }
            body.append("]}");
            slots.acquire();
            long sent = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/reads/batch"))
                    .header("Authorization", "Bearer " + camera.key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                slots.release();
                result.latenciesNanos.add(System.nanoTime() - sent);
                if (error == null && response.statusCode() == 200) {
                    JsonNode json = JSON.readTree(response.body());
                    // "accepted": in the server's Kafka read log, stored by its consumer (BENCH_KAFKA=1)
                    result.readsOk.addAndGet(json.get("created").asLong()
                            + (json.has("accepted") ? json.get("accepted").asLong() : 0));
                    if (json.get("errors").asInt() > 0) {
                        result.failures.incrementAndGet();
                    }
                } else {
                    result.failures.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        result.finish(started);
        return result;
    }

    private Result multipartClosedLoop(Camera camera, int count, int concurrency, String tag) throws Exception {
        Result result = new Result();
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<?>> all = new ArrayList<>();
        byte[] jpeg = noiseJpeg(100_000);
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            long sent = System.nanoTime();
            all.add(sendMultipart(camera, jpeg, tag + "-" + i, i).whenComplete((status, error) -> {
                slots.release();
                record(result, sent, status, error);
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        result.finish(started);
        return result;
    }

    private Result multipartOpenLoop(Camera camera, int rate, int seconds, String tag) throws Exception {
        Result result = new Result();
        List<CompletableFuture<?>> all = new ArrayList<>();
        byte[] jpeg = noiseJpeg(100_000);
        int total = rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        long started = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long scheduled = started + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            all.add(sendMultipart(camera, jpeg, tag + "-" + i, i).whenComplete((status, error) ->
                    record(result, scheduled, status, error)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        result.finish(started);
        return result;
    }

    private static void record(Result result, long since, Integer status, Throwable error) {
        result.latenciesNanos.add(System.nanoTime() - since);
        if (error == null && (status == 201 || status == 202)) {
            result.readsOk.incrementAndGet();
        } else {
            result.failures.incrementAndGet();
        }
    }

    private CompletableFuture<Integer> sendMultipart(Camera camera, byte[] jpeg, String eventId, int n) {
        String boundary = "b" + Long.toHexString(System.nanoTime()) + n;
        String metadata = "{\"eventId\":\"" + eventId + "\",\"capturedAt\":\""
                + OffsetDateTime.now(ZoneOffset.ofHours(5)).minusSeconds(1) + "\",\"plate\":{\"text\":\""
                + plate(new Random(n)) + "\",\"confidence\":0.93},\"speedKmh\":57.5,\"lane\":2}";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + metadata + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"plate.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        // The image is the shared JPEG with a unique comment segment after SOI, sent without copying the 100 KB.
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/reads"))
                .header("Authorization", "Bearer " + camera.key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofByteArray(uniquePrefix(eventId)),
                        HttpRequest.BodyPublishers.ofByteArray(jpeg, 2, jpeg.length - 2),
                        HttpRequest.BodyPublishers.ofByteArray(tail))).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /** SOI plus a JPEG comment segment carrying {@code tag}, so that every read has distinct evidence bytes. */
    static byte[] uniquePrefix(String tag) {
        byte[] comment = tag.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[6 + comment.length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE;
        int length = comment.length + 2;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(comment, 0, out, 6, comment.length);
        return out;
    }

    /** A JPEG of noise whose size is close to {@code target} bytes (noise does not compress). */
    static byte[] noiseJpeg(int target) throws IOException {
        Random random = new Random(7);
        int side = 200;
        byte[] best = null;
        while (true) {
            BufferedImage image = new BufferedImage(side, side * 3 / 4, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.setRGB(x, y, random.nextInt(0xFFFFFF));
                }
            }
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.75f);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            writer.dispose();
            best = out.toByteArray();
            if (best.length >= target) {
                return best;
            }
            side += 20;
        }
    }

    private long countReads(String token, long cameraId) throws Exception {
        long total = 0;
        String cursor = null;
        do {
            String path = "/api/v1/reads?camera=" + cameraId + "&limit=500" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = JSON.readTree(get(path, token));
            total += page.get("items").size();
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        return total;
    }

    private String setup(Path tokenFile) throws Exception {
        String token = Files.readString(tokenFile).strip();
        // Where ADMIN signs in with a second factor, setup answers the authenticator's secret (Accounts keeps it).
        accounts.setup(token, "bench-admin", PASSWORD);
        return accounts.login("bench-admin", PASSWORD);
    }

    /** A user with a role that sees personal data: a second admin approves the grant (separation of duties). */
    private String person(String admin, String role) throws Exception {
        String name = "bench-" + role.toLowerCase();
        post("/api/v1/users", admin, Map.of("username", "bench-approver", "password", PASSWORD, "roles", List.of("ADMIN")));
        String approver = accounts.login("bench-approver", PASSWORD);
        String grant = JSON.readTree(post("/api/v1/users", admin, Map.of("username", name, "password", PASSWORD,
                "roles", List.of(role)))).get("pendingGrantId").asString();
        post("/api/v1/role-grants/" + grant + "/approve", approver, null);
        return accounts.login(name, PASSWORD);
    }

    private Camera camera(String admin) throws Exception {
        JsonNode site = JSON.readTree(post("/api/v1/sites", admin, Map.of("name", "Bench site", "city", "Tashkent",
                "region", "Tashkent city", "latitude", 41.3121, "longitude", 69.2825)));
        JsonNode camera = JSON.readTree(post("/api/v1/cameras", admin, Map.of("siteId", site.get("id").asLong(),
                "name", "bench", "kind", "anpr", "lanes", List.of(1, 2, 3), "speedLimitKmh", 60)));
        long id = camera.get("id").asLong();
        JsonNode key = JSON.readTree(post("/api/v1/cameras/" + id + "/keys", admin, null));
        return new Camera(id, key.get("key").asString());
    }

    private String post(String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
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
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String plate(Random random) {
        String[] regions = {"01", "10", "40", "50", "80", "30", "90", "60", "75", "70"};
        String letters = "ABCDEFGHJKLMNOPQRSTUVWXYZ";
        return regions[random.nextInt(regions.length)] + letters.charAt(random.nextInt(25))
                + String.format("%03d", random.nextInt(1000)) + letters.charAt(random.nextInt(25))
                + (random.nextInt(10) < 8 ? 'A' : 'B');
    }

    private static void print(String title, Result r) {
        System.out.printf("%-78s %9.0f reads/s  p50 %7.1f ms  p99 %7.1f ms  (%d ok, %d failed, %.1f s)%n", title,
                r.readsPerSecond(), r.p(50), r.p(99), r.ok, r.failed, r.elapsedNanos / 1e9);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
