package dev.plateguard.server.review;

import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

import dev.plateguard.server.registry.VehicleRecord;

/**
 * The vehicle as the camera recognised it ({@code metadata.vehicle} of the read) beside the registry's record, field by
 * field, for the review page. A field differs only where both sides know it: an unknown value is no mismatch.
 *
 * @param registered whether the registry found the plate (otherwise the registry column is empty)
 */
record VehicleComparison(List<Row> rows, boolean registered) {

    /** @param field message key suffix: make, type or colour */
    record Row(String field, String recognised, String registry) {
        public boolean mismatch() {
            return recognised != null && registry != null && !normal(recognised).equals(normal(registry));
        }
    }

    static VehicleComparison of(JsonNode metadata, VehicleRecord vehicle) {
        JsonNode seen = metadata == null ? null : metadata.path("vehicle");
        return new VehicleComparison(List.of(
                new Row("make", text(seen, "make"), vehicle == null ? null : vehicle.make()),
                new Row("type", text(seen, "type"), vehicle == null ? null : vehicle.vehicleType()),
                new Row("colour", text(seen, "color"), vehicle == null ? null : vehicle.colour())), vehicle != null);
    }

    public boolean anyMismatch() {
        return rows.stream().anyMatch(Row::mismatch);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.path(field);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString().trim() : null;
    }

    // "Dark Grey" and "dark-grey" are the same colour; case and separators are how vendors differ, not vehicles.
    private static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "");
    }
}
