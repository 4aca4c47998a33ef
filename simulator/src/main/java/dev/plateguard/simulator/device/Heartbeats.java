package dev.plateguard.simulator.device;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.simulator.network.DeployedCamera;

/**
 * Every camera's heartbeat ({@code POST /api/v1/heartbeat}) every period, spread evenly over the period so that
 * hundreds of cameras do not beat at once. Each camera reports its status, its queue of unsent reads, a firmware
 * version and its own clock, which runs slightly off like real device clocks (a few drift by seconds).
 */
public final class Heartbeats implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] FIRMWARE = {"4.2.1", "4.3.0", "5.0.2"};

    private final DeviceClient client;
    private final List<DeployedCamera> cameras;
    private final LongFunction<Integer> queueDepth;
    private final DeliveryStats stats;
    private final Consumer<String> log;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heartbeats");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong failuresLogged = new AtomicLong();

    /** @param queueDepth reads in flight for a camera id */
    public Heartbeats(DeviceClient client, List<DeployedCamera> cameras, LongFunction<Integer> queueDepth,
                      DeliveryStats stats, Consumer<String> log) {
        this.client = client;
        this.cameras = List.copyOf(cameras);
        this.queueDepth = queueDepth;
        this.stats = stats;
        this.log = log;
    }

    public void start(Duration period) {
        long periodMs = period.toMillis();
        for (int i = 0; i < cameras.size(); i++) {
            DeployedCamera camera = cameras.get(i);
            long offset = periodMs * i / Math.max(1, cameras.size());
            scheduler.scheduleAtFixedRate(() -> senders.submit(() -> beat(camera)), offset, periodMs, TimeUnit.MILLISECONDS);
        }
    }

    /** The device clock offset a camera runs with: within ±0.3 s for most, 2–9 s fast or slow for one in twenty. */
    static long clockSkewMillis(long cameraId) {
        long h = Long.remainderUnsigned(cameraId * 0x9E3779B97F4A7C15L, 1000);
        if (h < 50) {
            return (2000 + h * 140) * (h % 2 == 0 ? 1 : -1);
        }
        return h % 600 - 300;
    }

    private void beat(DeployedCamera camera) {
        int depth = queueDepth.apply(camera.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", depth > 20 ? "buffering" : "ok");
        body.put("queueDepth", depth);
        body.put("firmware", FIRMWARE[(int) (camera.id() % FIRMWARE.length)]);
        body.put("clock", ReadComposer.RFC_3339.format(
                Instant.now().plusMillis(clockSkewMillis(camera.id()))));
        String why;
        try {
            DeviceClient.Answer answer = client.postHeartbeat(camera.deviceKey(), JSON.writeValueAsString(body));
            if (answer.status() == 200) {
                stats.heartbeatsOk.incrementAndGet();
                return;
            }
            why = "HTTP " + answer.status();
        } catch (IOException e) {
            why = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        stats.heartbeatsFailed.incrementAndGet();
        long n = failuresLogged.incrementAndGet();
        if (n <= 5 || n % 100 == 0) {
            log.accept("heartbeat of camera " + camera.id() + " failed: " + why + (n == 5 ? " (further failures: every 100th is logged)" : ""));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        senders.shutdownNow();
    }
}
