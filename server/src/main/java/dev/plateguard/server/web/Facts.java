package dev.plateguard.server.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What a camera sent, or what a rule measured, as rows a person reads (templates call it as {@code @facts}): every
 * key named in the page's language ("Driver without seatbelt: confidence", not {@code driverSeatbeltConfidence}),
 * every value with its unit, confidences as percentages, answers and codes in words, and times in the site's zone
 * (with the instant, for UTC on hover). Nested members read as a path: "Occupants › Driver seatbelt › Answer".
 */
@Component("facts")
public class Facts {

    /**
     * One row.
     *
     * @param at the instant, when the value is a time ({@code text} is then the site's local time)
     */
    public record Fact(String label, String text, Instant at) {
    }

    private static final Set<String> TIMES = Set.of("capturedAt", "redSince", "entryAt", "exitAt", "localTime");
    private static final Set<String> SPEEDS = Set.of("speedKmh", "limitKmh", "toleranceKmh", "overKmh", "averageKmh");
    private static final Set<String> DURATIONS = Set.of("redSeconds", "graceSeconds", "seconds");
    private static final Set<String> REFERENCES = Set.of("repeatOf", "entryReadId", "entryCameraId", "sectionId");
    private static final Set<String> PIXELS = Set.of("x", "y", "width", "height");

    private final Codes codes;
    private final Times times;

    public Facts(Codes codes, Times times) {
        this.codes = codes;
        this.times = times;
    }

    /** The members of {@code node} (a JSON object), depth first, in their order; empty for null or a non-object. */
    public List<Fact> of(JsonNode node, String zone) {
        List<Fact> out = new ArrayList<>();
        if (node != null && node.isObject()) {
            add(out, node, "", "", zone);
        }
        return out;
    }

    /** The plate's candidates in the camera's metadata: "01A123BC (94%)". */
    public List<String> candidates(JsonNode metadata) {
        JsonNode candidates = metadata == null ? null : metadata.path("plate").get("candidates");
        List<String> out = new ArrayList<>();
        if (candidates != null && candidates.isArray()) {
            for (JsonNode c : candidates) {
                if (c.hasNonNull("text")) {
                    out.add(c.get("text").asString() + (c.hasNonNull("confidence")
                            ? " (" + codes.percent(c.get("confidence").asDouble()) + ")" : ""));
                }
            }
        }
        return out;
    }

    private void add(List<Fact> out, JsonNode node, String name, String label, String zone) {
        if (node.isObject()) {
            for (String member : node.propertyNames()) {
                String word = codes.word("code.fact.", member);
                add(out, node.get(member), member, label.isEmpty() ? word : label + " › " + word, zone);
            }
        } else if (node.isArray() && node.size() > 0 && (node.get(0).isObject() || node.get(0).isArray())) {
            for (int i = 0; i < node.size(); i++) {
                add(out, node.get(i), name, label + " " + (i + 1), zone);
            }
        } else {
            out.add(value(name, label, node, zone));
        }
    }

    private Fact value(String name, String label, JsonNode node, String zone) {
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(text(name, item)));
            return new Fact(label, String.join(", ", items), null);
        }
        if (TIMES.contains(name) && node.isString()) {
            Instant at = instant(node.asString());
            if (at != null) {
                return new Fact(label, times.local(at, zone), at);
            }
        }
        return new Fact(label, text(name, node), null);
    }

    private String text(String name, JsonNode node) {
        if (node.isNull()) {
            return "–";
        }
        if (node.isBoolean()) {
            return codes.yesNo(node.asBoolean());
        }
        if (node.isNumber()) {
            double n = node.asDouble();
            if (name.equals("confidence") || name.endsWith("Confidence") || name.equals("threshold")) {
                return codes.percent(n);
            }
            if (SPEEDS.contains(name)) {
                return codes.kmh(n);
            }
            if (DURATIONS.contains(name)) {
                return codes.seconds(n);
            }
            if (name.equals("distanceMetres")) {
                return codes.unit("metres", n);
            }
            if (name.equals("direction")) {
                return codes.unit("degrees", n);
            }
            if (PIXELS.contains(name)) {
                return codes.unit("pixels", n);
            }
            if (REFERENCES.contains(name)) {
                return "#" + node.asString();
            }
            return codes.number(node.numberValue());
        }
        String value = node.asString();
        return switch (name) {
            case "registry", "registrationStatus" -> codes.registry(value);
            case "state" -> codes.word("code.signal.", value);
            case "country" -> codes.country(value);
            case "vehicleType", "type" -> codes.word("code.vehicle.", value.toLowerCase(java.util.Locale.ROOT));
            case "allowedVehicleTypes" -> Arrays.stream(value.split(",")).map(String::strip)
                    .map(t -> codes.word("code.vehicle.", t)).collect(Collectors.joining(", "));
            default -> value;
        };
    }

    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException notATime) {
                return null;
            }
        }
    }
}
