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

    public ReadSender(DeviceClient client, RetryPolicy retry, DeliveryStats stats, Consumer<String> log, Pause pause) {
        this.client = client;
        this.retry = retry;
        this.stats = stats;
        this.log = log;
        this.pause = pause;
    }

    public Outcome send(ReadUpload upload) throws InterruptedException {
        MultipartBody body = MultipartBody.of(upload);
        SplittableRandom jitter = new SplittableRandom(upload.eventId().hashCode());
        String why = "";
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                DeviceClient.Answer answer = client.postRead(upload.camera().deviceKey(), body);
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
