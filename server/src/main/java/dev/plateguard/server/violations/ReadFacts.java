package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import tools.jackson.databind.JsonNode;

/**
 * What the rules know about one stored read: the read itself (from {@code plate_read} and its validated metadata),
 * its camera and site, and how much evidence it carries.
 *
 * @param plate         normalised plate text; null for image-only reads not yet recognised
 * @param speedKmh      measured speed, exact as sent (65.1 stays 65.1)
 * @param speedLimitKmh the camera's posted limit, null if none
 * @param lane          lane number from the kerb, as the camera said; null if not said
 * @param vehicleType   vehicle type as the camera classified it ({@code car}, {@code bus}...); null if not said
 * @param settings      the rule settings in force for the read's camera
 */
public record ReadFacts(long readId, long cameraId, long siteId, String cameraKind, Integer speedLimitKmh,
                        ZoneId siteZone, Instant capturedAt, String plate, String plateCountry, BigDecimal speedKmh,
                        String signalState, Instant redSince, int images, int videos, Flag driverSeatbelt,
                        Flag passengerSeatbelt, Flag phoneUse, Integer lane, String vehicleType,
                        RuleSettings settings) {

    public ReadFacts {
        if (settings == null) {
            settings = RuleSettings.DEFAULTS;
        }
    }

    /** An occupant detector's yes/no with its confidence; null members when the camera did not say. */
    public record Flag(Boolean value, BigDecimal confidence) {

        static Flag of(JsonNode node) {
            if (node == null || node.isMissingNode() || node.isNull()) {
                return null;
            }
            JsonNode value = node.get("value");
            JsonNode confidence = node.get("confidence");
            return new Flag(value == null || value.isNull() ? null : value.asBoolean(),
                    confidence == null || confidence.isNull() ? null : BigDecimal.valueOf(confidence.asDouble()));
        }

        /** True when the flag says {@code expected} with at least {@code threshold} confidence. */
        boolean says(boolean expected, BigDecimal threshold) {
            return value != null && value == expected && confidence != null && confidence.compareTo(threshold) >= 0;
        }
    }

    /** The same read judged under another plate (an operator's correction, re-checked against the registry). */
    ReadFacts withPlate(String newPlate, String newCountry) {
        return new ReadFacts(readId, cameraId, siteId, cameraKind, speedLimitKmh, siteZone, capturedAt, newPlate,
                newCountry, speedKmh, signalState, redSince, images, videos, driverSeatbelt, passengerSeatbelt, phoneUse,
                lane, vehicleType, settings);
    }

    /** The same read under the rule settings in force for its camera. */
    ReadFacts withSettings(RuleSettings newSettings) {
        return new ReadFacts(readId, cameraId, siteId, cameraKind, speedLimitKmh, siteZone, capturedAt, plate,
                plateCountry, speedKmh, signalState, redSince, images, videos, driverSeatbelt, passengerSeatbelt, phoneUse,
                lane, vehicleType, newSettings);
    }

    /** Builds the facts from a stored read's validated metadata (already strictly checked at ingest). */
    static ReadFacts of(long readId, long cameraId, long siteId, String cameraKind, Integer speedLimitKmh, String siteZone,
                        Instant capturedAt, String plate, String plateCountry, JsonNode metadata, int images, int videos) {
        JsonNode speed = metadata.get("speedKmh");
        JsonNode signal = metadata.path("signal");
        JsonNode occupants = metadata.path("occupants");
        String state = signal.hasNonNull("state") ? signal.get("state").asString() : null;
        Instant redSince = signal.hasNonNull("redSince")
                ? OffsetDateTime.parse(signal.get("redSince").asString()).toInstant() : null;
        ZoneId zone;
        try {
            zone = ZoneId.of(siteZone);
        } catch (RuntimeException e) {
            zone = ZoneId.of("Asia/Tashkent");
        }
        return new ReadFacts(readId, cameraId, siteId, cameraKind, speedLimitKmh, zone, capturedAt, plate, plateCountry,
                speed == null || speed.isNull() ? null : BigDecimal.valueOf(speed.asDouble()), state, redSince, images,
                videos, Flag.of(occupants.get("driverSeatbelt")), Flag.of(occupants.get("passengerSeatbelt")),
                Flag.of(occupants.get("phoneUse")), metadata.hasNonNull("lane") ? metadata.get("lane").asInt() : null,
                metadata.path("vehicle").hasNonNull("type") ? metadata.path("vehicle").get("type").asString() : null,
                RuleSettings.DEFAULTS);
    }
}
