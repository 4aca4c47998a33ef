package dev.plateguard.simulator.device;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code metadata} part of {@code POST /api/v1/reads}, field for field as docs/ingest.md defines it. Absent
 * values are left out rather than sent as null; the server rejects unknown fields, so nothing else is here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReadMetadata(String eventId, String capturedAt, Plate plate, Box plateBox, Vehicle vehicle,
                           Double speedKmh, Integer lane, Integer direction, Signal signal, Occupants occupants) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Plate(String text, Double confidence, String country, List<Candidate> candidates) {
    }

    public record Candidate(String text, double confidence) {
    }

    /** Plate position in the first image. */
    public record Box(int x, int y, int width, int height) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Vehicle(String type, String color, String make) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Signal(String state, String redSince) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Occupants(Flag driverSeatbelt, Flag passengerSeatbelt, Flag phoneUse) {
    }

    public record Flag(boolean value, double confidence) {
    }
}
