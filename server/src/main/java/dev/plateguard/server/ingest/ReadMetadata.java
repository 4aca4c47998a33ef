package dev.plateguard.server.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a camera says about one passing vehicle, exactly as the API accepts it. Unknown fields are rejected.
 * Times are RFC 3339 strings with an offset and are parsed by {@link ReadValidator}, which names the field in
 * any error.
 *
 * @param eventId    the camera's own id for this event, unique per camera, at most 128 characters
 * @param capturedAt when the camera took the picture (RFC 3339 with offset)
 * @param speedKmh   measured speed, km/h
 * @param lane       lane number, counted from the kerb
 * @param direction  direction of travel, degrees clockwise from north
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReadMetadata(String eventId, String capturedAt, Plate plate, PlateBox plateBox, Vehicle vehicle,
                           Double speedKmh, Integer lane, Integer direction, Signal signal, Occupants occupants) {

    /** @param country ISO 3166-1 alpha-2 code when the camera recognised the plate's country */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Plate(String text, Double confidence, String country, List<Candidate> candidates) {
    }

    public record Candidate(String text, Double confidence) {
    }

    /** Plate position in the first image, pixels from its top-left corner. */
    public record PlateBox(Integer x, Integer y, Integer width, Integer height) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Vehicle(String type, String color, String make) {
    }

    /** @param state red, amber or green at capture; @param redSince when the light turned red (RFC 3339) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Signal(String state, String redSince) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Occupants(Flag driverSeatbelt, Flag passengerSeatbelt, Flag phoneUse) {
    }

    /** A detector's yes/no with its confidence 0..1. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Flag(Boolean value, Double confidence) {
    }
}
