package dev.plateguard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cameras under a fault: one thread per camera sends its reads one after another as multipart posts with a small
 * JPEG of its own, and, as a device with a local queue does, sends each read again until it is acknowledged (2xx):
 * after Retry-After on 503, after a second on 507 or another status, at once-ish when the server cannot be reached.
 * A retry is the same request byte for byte, so the server sees the same eventId and content.
 */
final class Devices {

    record Camera(long id, String key) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI base;
    private final FaultTally tally;
    private final byte[] jpeg;

    final AtomicInteger status503 = new AtomicInteger();
    final AtomicInteger status503WithoutRetryAfter = new AtomicInteger();
    final AtomicInteger status507 = new AtomicInteger();
    final AtomicInteger connectionErrors = new AtomicInteger();
    final Map<Integer, AtomicInteger> otherStatuses = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Long> latencyBeforeFaultNanos = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> latencyFromFaultNanos = new ConcurrentLinkedQueue<>();
    private final AtomicLong firstAckAfterRecovery = new AtomicLong(Long.MAX_VALUE);
    private volatile long faultStarted = Long.MAX_VALUE;
    private volatile long recovered = Long.MAX_VALUE;

    Devices(HttpClient http, URI base, FaultTally tally, byte[] jpeg) {
        this.http = http;
        this.base = base;
        this.tally = tally;
        this.jpeg = jpeg;
    }

    /** Marks the fault's start: reads first sent from now on count as sent under the fault. */
    void faultStarted() {
        faultStarted = System.nanoTime();
    }

    /** Marks the moment the fault was lifted (server ready again, database started, disk freed). */
    void faultLifted() {
        recovered = System.nanoTime();
    }

    /** Milliseconds from the fault's lifting to the first read acknowledged after it; -1 if none was. */
    long recoveredAfterMs() {
        long first = firstAckAfterRecovery.get();
        return first == Long.MAX_VALUE || recovered == Long.MAX_VALUE ? -1 : (first - recovered) / 1_000_000;
    }

    /** Starts one sender per camera, each with {@code perCamera} reads; they give up on a read at {@code deadline}. */
    List<Thread> start(List<Camera> cameras, int perCamera, String tag, long deadlineNanos) {
        List<Thread> threads = new ArrayList<>();
        for (Camera camera : cameras) {
            threads.add(Thread.ofPlatform().name("camera-" + camera.id()).daemon(true)
                    .start(() -> send(camera, perCamera, tag, deadlineNanos)));
        }
        return threads;
    }

    private void send(Camera camera, int reads, String tag, long deadlineNanos) {
        Random random = new Random(camera.id());
        for (int i = 0; i < reads && System.nanoTime() < deadlineNanos; i++) {
            String eventId = tag + "-" + camera.id() + "-" + i;
            String key = FaultTally.key(camera.id(), eventId);
            HttpRequest request = request(camera, eventId, IngestBench.plate(random));
            tally.sent(key);
            long first = System.nanoTime();
            while (System.nanoTime() < deadlineNanos) {
                long pause;
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    int status = response.statusCode();
                    if (status / 100 == 2) {
                        JsonNode body = JSON.readTree(response.body());
                        tally.acknowledged(key, body.get("id").asLong());
                        long now = System.nanoTime();
                        (first < faultStarted ? latencyBeforeFaultNanos : latencyFromFaultNanos).add(now - first);
                        if (now > recovered) {
                            firstAckAfterRecovery.accumulateAndGet(now, Math::min);
                        }
                        break;
                    }
                    if (status == 503) {
                        status503.incrementAndGet();
                        pause = retryAfterMillis(response);
                    } else {
                        (status == 507 ? status507 : otherStatuses.computeIfAbsent(status, s -> new AtomicInteger()))
                                .incrementAndGet();
                        pause = 1_000;
                    }
                } catch (IOException e) {
                    connectionErrors.incrementAndGet(); // down, restarting, or the connection was cut
                    pause = 250;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private long retryAfterMillis(HttpResponse<?> response) {
        var header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            status503WithoutRetryAfter.incrementAndGet();
            return 1_000;
        }
        try {
            return Math.min(30, Math.max(0, Long.parseLong(header.get().strip()))) * 1_000;
        } catch (NumberFormatException e) {
            status503WithoutRetryAfter.incrementAndGet(); // an HTTP date is allowed, but the server sends seconds
            return 1_000;
        }
    }

    /** The read's request, built once: every retry sends the same bytes. */
    private HttpRequest request(Camera camera, String eventId, String plate) {
        String boundary = "b" + Long.toHexString(System.nanoTime());
        String metadata = "{\"eventId\":\"" + eventId + "\",\"capturedAt\":\""
                + OffsetDateTime.now(ZoneOffset.ofHours(5)).minusSeconds(1) + "\",\"plate\":{\"text\":\""
                + plate + "\",\"confidence\":0.93},\"speedKmh\":57.5,\"lane\":2}";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + metadata + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"plate.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(base.resolve("/api/v1/reads")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + camera.key())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofByteArray(IngestBench.uniquePrefix(eventId)),
                        HttpRequest.BodyPublishers.ofByteArray(jpeg, 2, jpeg.length - 2),
                        HttpRequest.BodyPublishers.ofByteArray(tail))).build();
    }

    static double percentileMs(ConcurrentLinkedQueue<Long> nanos, int percentile) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return Math.round(sorted[Math.max(0, index)] / 1e5) / 10.0;
    }
}
