package dev.plateguard.server.ingest;

import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

import dev.plateguard.plates.PlateInterpretation;

/**
 * A read that passed validation, with what the storage stage needs precomputed.
 *
 * @param plate           the chosen interpretation of the plate text, null when the read carries no text
 *                        (images only: recognition fills it in later)
 * @param canonicalJson   metadata as stored (declaration order, nulls omitted)
 */
public record ValidatedRead(ReadMetadata metadata, Instant capturedAt, PlateInterpretation plate,
                            String plateFolded, byte[] canonicalJson) {

    /** The same read with the vendor's unmapped fields stored beside the metadata, under {@code "vendor"}. */
    ValidatedRead withVendorFields(Map<String, Object> vendorFields) {
        ObjectNode stored = (ObjectNode) StrictJson.CANONICAL.readTree(canonicalJson);
        stored.set("vendor", StrictJson.CANONICAL.valueToTree(vendorFields));
        return new ValidatedRead(metadata, capturedAt, plate, plateFolded, StrictJson.CANONICAL.writeValueAsBytes(stored));
    }

    public String eventId() {
        return metadata.eventId();
    }

    public Double plateConfidence() {
        return metadata.plate() == null ? null : metadata.plate().confidence();
    }
}
