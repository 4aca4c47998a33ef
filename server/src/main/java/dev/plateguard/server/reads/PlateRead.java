package dev.plateguard.server.reads;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A stored read as operators see it.
 *
 * @param plateDisplay plate text grouped as printed on the plate, e.g. "01 A 123 BC"
 * @param plateSource  who produced the plate text: {@code camera}, or {@code <recogniser>/<model version>} (e.g.
 *                     {@code plateguard-anpr/2026-11-27.1}) when the server recognised an image-only read; null
 *                     while an image-only read has no plate
 * @param plateRecognitionId the recognition ({@code GET /api/v1/reads/{id}/recognitions}) that filled the plate in,
 *                     when the server did
 * @param metadata     everything the camera sent, as stored
 * @param passage      the passage the read belongs to (its site's cameras' reads of the same vehicle within the
 *                     window, docs/passages.md); null until it is grouped (a moment after ingest, or after
 *                     recognition fills an image-only read's plate)
 */
public record PlateRead(long id, long cameraId, long siteId, String eventId, Instant capturedAt, Instant receivedAt,
                        String plateText, String plate, String plateDisplay, String plateCountry, String plateFormat,
                        String plateRegion, Float plateConfidence, String plateSource, Long plateRecognitionId,
                        Float speedKmh, JsonNode metadata, List<EvidenceLink> evidence, PassageRef passage) {

    /** The recogniser part of {@link #plateSource()}: {@code camera}, {@code plateguard-anpr}; null when none. */
    public String plateRecogniser() {
        if (plateSource == null) {
            return null;
        }
        int slash = plateSource.indexOf('/');
        return slash < 0 ? plateSource : plateSource.substring(0, slash);
    }

    /** The model version part of {@link #plateSource()}, null for camera text. */
    public String plateModelVersion() {
        int slash = plateSource == null ? -1 : plateSource.indexOf('/');
        return slash < 0 ? null : plateSource.substring(slash + 1);
    }

    /**
     * A read's passage, as a reference.
     *
     * @param reads      reads in the passage
     * @param cameras    distinct cameras of the site among them ("seen by N cameras")
     * @param bestReadId the passage's best read (highest plate confidence, then most evidence, then earliest)
     * @param url        the passage ({@code GET /api/v1/passages/{id}})
     */
    public record PassageRef(long id, int reads, int cameras, long bestReadId, boolean best, String url) {
    }

    /** @param url where an authorised user can fetch the file (audited) */
    public record EvidenceLink(String sha256, String kind, String contentType, long sizeBytes, Integer width,
                               Integer height, String url) {
    }
}
