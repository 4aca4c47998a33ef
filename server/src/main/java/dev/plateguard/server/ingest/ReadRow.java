package dev.plateguard.server.ingest;

import java.util.List;

/**
 * A read as its {@code plate_read} row and evidence links will be stored: what a group commit inserts, and what the
 * optional Kafka path carries from the request that acknowledged it to the consumer that stores it (as JSON).
 *
 * @param capturedAt  ISO-8601 instant
 * @param metadata    the canonical metadata JSON
 * @param contentHash hex SHA-256 over the canonical metadata and the evidence hashes
 * @param recognise   whether a recognition job comes with it (no plate text, but an image or a clip)
 */
record ReadRow(long cameraId, long siteId, long deviceKeyId, String eventId, String capturedAt, String plateText,
               String plateNormalized, String plateFolded, String plateCountry, String plateFormat, String plateRegion,
               Float plateConfidence, Float speedKmh, String metadata, String contentHash, String plateSource,
               boolean recognise, List<File> evidence) {

    /** One evidence object of the read, already durable in the evidence store. */
    record File(String sha256, String contentType, long sizeBytes, Integer width, Integer height, String kind) {
    }

    /** The idempotency key: a camera's eventId. */
    String key() {
        return cameraId + "/" + eventId;
    }
}
