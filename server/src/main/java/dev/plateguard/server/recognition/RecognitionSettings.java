package dev.plateguard.server.recognition;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server-side plate recognition ({@code plateguard.recognition.*}, docs/recognition.md).
 *
 * @param enabled            recognise image-only reads and accept re-recognition requests
 *                           (PLATEGUARD_RECOGNITION_ENABLED). Off, image-only reads still get their job stored and
 *                           are recognised once it is switched on again
 * @param models             directory holding {@code models.json} and the two ONNX files it names
 *                           (PLATEGUARD_RECOGNITION_MODELS); empty: the models bundled with module {@code anpr}
 * @param queueCapacity      jobs the in-memory queue holds besides those running; more wait in the database
 * @param threads            recognitions run at once (each on one ONNX Runtime thread)
 * @param topN               candidate texts kept per plate
 * @param detectionThreshold a detector peak must reach this (0..1) to be a plate
 * @param pollInterval       how often jobs waiting in the database are dispatched (after a full queue, a restart,
 *                           a retry delay, models appearing in the models directory)
 * @param lease              how long a worker holds a job; a server that died holding one gives it up after this
 * @param maxAttempts        attempts for a job whose evidence or model run fails; the last failure is recorded
 *                           as a recognition with status {@code failed}
 * @param retryBackoff       wait before the second attempt; doubles with each further attempt
 * @param modelRetry         while models are missing, how often the models are looked for again
 * @param fillMinConfidence  the first automatic recognition fills an image-only read's plate only when its best
 *                           plate has at least this confidence (0..1; default 0: always). Below it, the result is
 *                           recorded all the same and the read stays without a plate
 */
@ConfigurationProperties("plateguard.recognition")
public record RecognitionSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String models,
        @DefaultValue("1000") int queueCapacity,
        @DefaultValue("1") int threads,
        @DefaultValue("10") int topN,
        @DefaultValue("0.3") double detectionThreshold,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("30s") Duration retryBackoff,
        @DefaultValue("1m") Duration modelRetry,
        @DefaultValue("0.5") double fillMinConfidence) {

    public RecognitionSettings {
        models = models == null ? "" : models.strip();
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("plateguard.recognition.queue-capacity must be at least 1");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("plateguard.recognition.threads must be at least 1");
        }
        if (topN < 1 || topN > 50) {
            throw new IllegalArgumentException("plateguard.recognition.top-n must be 1-50");
        }
        if (!(detectionThreshold >= 0 && detectionThreshold <= 1)) {
            throw new IllegalArgumentException("plateguard.recognition.detection-threshold must be between 0 and 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("plateguard.recognition.max-attempts must be at least 1");
        }
        if (!(fillMinConfidence >= 0 && fillMinConfidence <= 1)) {
            throw new IllegalArgumentException("plateguard.recognition.fill-min-confidence must be between 0 and 1");
        }
        for (Duration d : new Duration[] {pollInterval, lease, retryBackoff, modelRetry}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("plateguard.recognition durations must be positive");
            }
        }
    }

    /** The defaults, for code and tests that build settings by hand. */
    public static RecognitionSettings defaults() {
        return new RecognitionSettings(true, "", 1000, 1, 10, 0.3, Duration.ofSeconds(5), Duration.ofMinutes(2), 3,
                Duration.ofSeconds(30), Duration.ofMinutes(1), 0);
    }

    public RecognitionSettings withModels(String dir) {
        return new RecognitionSettings(enabled, dir, queueCapacity, threads, topN, detectionThreshold, pollInterval, lease,
                maxAttempts, retryBackoff, modelRetry, fillMinConfidence);
    }

    public RecognitionSettings withQueue(int capacity, int threadCount) {
        return new RecognitionSettings(enabled, models, capacity, threadCount, topN, detectionThreshold, pollInterval,
                lease, maxAttempts, retryBackoff, modelRetry, fillMinConfidence);
    }

    public RecognitionSettings withFillMinConfidence(double min) {
        return new RecognitionSettings(enabled, models, queueCapacity, threads, topN, detectionThreshold, pollInterval,
                lease, maxAttempts, retryBackoff, modelRetry, min);
    }
}
