package dev.plateguard.server.reads;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A stored read as operators see it.
 *
 * @param plateDisplay plate text grouped as printed on the plate, e.g. "01 A 123 BC"
 * @param metadata     everything the camera sent, as stored
 */
public record PlateRead(long id, long cameraId, long siteId, String eventId, Instant capturedAt, Instant receivedAt,
                        String plateText, String plate, String plateDisplay, String plateCountry, String plateFormat,
                        String plateRegion, Float plateConfidence, Float speedKmh, JsonNode metadata,
                        List<EvidenceLink> evidence) {

    /** @param url where an authorised user can fetch the file (audited) */
    public record EvidenceLink(String sha256, String kind, String contentType, long sizeBytes, Integer width,
                               Integer height, String url) {
    }
}
