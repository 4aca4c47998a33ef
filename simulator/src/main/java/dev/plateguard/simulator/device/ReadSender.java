package dev.plateguard.simulator.device;

import java.io.IOException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.plateguard.plates.PlateText;

/**
 * Posts a read the way docs/ingest.md asks a camera to: on 5xx, 429 or an I/O error it waits (exponential
 * backoff with jitter) and resends the very same bytes with the same eventId; {@code 200 duplicate} means the
 * server already had it, which is success; a 4xx other than 429 is a bug on this side, so it is logged and the
 * read dropped.
 */
public final class ReadSender {

    public enum Outcome { CREATED, DUPLICATE, REFUSED, GAVE_UP }

    /** Waits between attempts; tests replace it so they need not sleep. */
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final DeviceClient client;
    private final RetryPolicy retry;
    private final DeliveryStats stats;
    private final Consumer<String> log;
    private final Pause pause;
    private final AtomicLong refusalsLogged = new AtomicLong();
    private final double vendorShare;

    public ReadSender(DeviceClient client, RetryPolicy retry, DeliveryStats stats, Consumer<String> log, Pause pause) {
        this(client, retry, stats, log, pause, 0);
    }

    /**
     * @param vendorShare share of reads (0..1) pushed in a vendor's format to the receivers instead of the native API,
     *                    half as Hikvision ISAPI, half as OpenALPR; which reads is decided by their eventId, so that a
     *                    retry goes the same way with the same bytes
     */
    public ReadSender(DeviceClient client, RetryPolicy retry, DeliveryStats stats, Consumer<String> log, Pause pause,
                      double vendorShare) {
        if (!(vendorShare >= 0 && vendorShare <= 1)) {
            throw new IllegalArgumentException("vendorShare must be a share between 0 and 1");
        }
        this.vendorShare = vendorShare;
        this.client = client;
        this.retry = retry;
        this.stats = stats;
        this.log = log;
        this.pause = pause;
    }

    /** The vendor format this read goes in, or null for the native API. */
    VendorPush.Format vendorFormat(String eventId) {
        int hash = eventId.hashCode();
        if (Math.floorMod(hash, 1000) >= Math.round(vendorShare * 1000)) {
            return null;
        }
        return Math.floorMod(hash / 1000, 2) == 0 ? VendorPush.Format.HIKVISION : VendorPush.Format.OPENALPR;
    }

    public Outcome send(ReadUpload upload) throws InterruptedException {
        VendorPush.Format format = vendorFormat(upload.eventId());
        MultipartBody body = format == null ? MultipartBody.of(upload) : null;
        VendorPush push = format == null ? null : VendorPush.of(upload, format);
        SplittableRandom jitter = new SplittableRandom(upload.eventId().hashCode());
        String why = "";
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                DeviceClient.Answer answer = push == null ? client.postRead(upload.camera().deviceKey(), body)
                        : vendorAnswer(client.postVendor(upload.camera().deviceKey(), push));
                int status = answer.status();
                if (status == 201) {
                    stats.created.incrementAndGet();
                    return Outcome.CREATED;
                }
                if (status == 200) {
                    stats.duplicates.incrementAndGet(); // stored by an earlier attempt whose answer was lost
                    return Outcome.DUPLICATE;
                }
                if (status < 500 && status != 429) {
                    stats.refused.incrementAndGet();
                    logRefusal(upload, answer);
                    return Outcome.REFUSED;
                }
                why = "HTTP " + status;
            } catch (IOException e) {
                why = e.getClass().getSimpleName();
            }
            if (attempt < retry.maxAttempts()) {
                stats.retries.incrementAndGet();
                pause.sleep(retry.delayAfter(attempt, jitter));
            }
        }
        stats.gaveUp.incrementAndGet();
        log.accept("gave up on read " + upload.eventId() + " (plate " + plate(upload) + ") after "
                + retry.maxAttempts() + " attempts: " + why);
        return Outcome.GAVE_UP;
    }

    /** The receivers answer 200 for a new read as for a repeat: told apart by the read's status, as 201 or 200. */
    private static DeviceClient.Answer vendorAnswer(DeviceClient.Answer answer) {
        if (answer.status() == 200 && answer.body() != null && answer.body().contains("\"status\":\"created\"")) {
            return new DeviceClient.Answer(201, answer.body());
        }
        return answer;
    }

    private void logRefusal(ReadUpload upload, DeviceClient.Answer answer) {
        long n = refusalsLogged.incrementAndGet();
        if (n <= 20 || n % 100 == 0) {
            // The server's problem details name fields and never echo plate text; keep only the first 300 chars.
            String detail = answer.body() == null ? "" : answer.body().replaceAll("[\\r\\n]+", " ");
            log.accept("read " + upload.eventId() + " (plate " + plate(upload) + ", camera " + upload.camera().id()
                    + ") refused: HTTP " + answer.status() + " " + detail.substring(0, Math.min(300, detail.length()))
                    + (n == 20 ? " (further refusals: every 100th is logged)" : ""));
        }
    }

    private static String plate(ReadUpload upload) {
        return PlateText.mask(upload.sighting().vehicle().plate().text());
    }
}
