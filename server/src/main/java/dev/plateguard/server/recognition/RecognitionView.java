package dev.plateguard.server.recognition;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

import dev.plateguard.plates.PlateClassifier;
import dev.plateguard.plates.PlateInterpretation;

/**
 * One recognition of a read as the API and the read page show it: a stored result, or a job still waiting
 * ({@code status} {@code queued}).
 *
 * @param id           the recognition's id (a queued job already has the id its result will get)
 * @param status       {@code queued}, {@code read}, {@code no_plate} or {@code failed}
 * @param recogniser   e.g. {@code plateguard-anpr}; null while queued
 * @param modelVersion {@code models.json} version of the models that ran; null while queued
 * @param requestedBy  the person who asked for it; null for the automatic recognition of an image-only read
 * @param plate        normalised text of the best plate found
 * @param plateCount   plates found in the image (the best one is described here, all in {@code plates})
 * @param candidates   the best plate's candidate texts with confidences, best first
 * @param box          the best plate's box in the image, pixels ({@code x, y, width, height})
 * @param corners      its corners x0, y0 … x3, y3 (top-left, top-right, bottom-right, bottom-left)
 * @param millis       time the recogniser took, decoding included
 * @param applied      this recognition filled the read's plate (the first automatic one of an image-only read)
 * @param imageSha256  the evidence that was recognised: the read's first image, or its clip when it has none
 * @param createdAt    when it was recorded (queued: when it was asked for)
 * @param error        why it failed (queued: why the last attempt failed, if one did)
 * @param attempts     failed attempts so far; only for queued jobs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecognitionView(long id, long readId, String status, String recogniser, String modelVersion,
                              String requestedBy, boolean automatic, String plate, String plateDisplay,
                              String plateCountry, String plateFormat, String plateRegion, Float plateConfidence,
                              int plateCount, JsonNode candidates, JsonNode box, JsonNode corners, JsonNode plates,
                              Integer millis, boolean applied, String imageSha256, Instant createdAt, String error,
                              Integer attempts) {

    static RecognitionView queued(RecognitionJobs.Pending job) {
        return new RecognitionView(job.recognitionId(), job.readId(), "queued", null, null, job.requestedBy(),
                job.requestedBy() == null, null, null, null, null, null, null, 0, null, null, null, null, null, false,
                null, job.createdAt(), job.lastError(), job.attempts());
    }

    static String display(String normalized, String format) {
        if (normalized == null) {
            return null;
        }
        return PlateClassifier.classify(normalized).stream()
                .filter(i -> format == null || i.format().name().equals(format)).findFirst()
                .map(PlateInterpretation::display).orElse(normalized);
    }
}
