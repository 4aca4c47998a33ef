package dev.plateguard.server.receivers;

import java.math.BigDecimal;

import tools.jackson.databind.JsonNode;

/**
 * Lenient reads of vendor JSON values: vendors send numbers as strings ("0.719034", "1623405938252"), use "" or
 * "-" for nothing, and null. Every reader answers null for a value that is absent or not what it should be.
 */
final class Fields {

    private Fields() {
    }

    /** The value's text, stripped; null when absent, null, empty or a "-" placeholder. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainer()) {
            return null;
        }
        String s = node.isString() ? node.stringValue() : node.toString();
        s = s.strip();
        return s.isEmpty() || s.equals("-") ? null : s;
    }

    static String text(JsonNode parent, String field) {
        return parent == null ? null : text(parent.get(field));
    }

    /** A number, from a JSON number or numeric text; null otherwise. */
    static BigDecimal decimal(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        String s = text(node);
        if (s == null) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Double number(JsonNode parent, String field) {
        return parent == null ? null : number(parent.get(field));
    }

    static Double number(JsonNode node) {
        BigDecimal d = decimal(node);
        return d == null ? null : d.doubleValue();
    }

    static Long whole(JsonNode parent, String field) {
        BigDecimal d = parent == null ? null : decimal(parent.get(field));
        if (d == null) {
            return null;
        }
        try {
            return d.toBigIntegerExact().longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The first element's {@code field} of an array of objects, such as a vendor's ranked list. */
    static String firstText(JsonNode array, String field) {
        return array != null && array.isArray() && !array.isEmpty() ? text(array.get(0), field) : null;
    }

    /**
     * A confidence on 0–1: vendors use 0–1 (Plate Recognizer, Axis, Frigate) or 0–100 (OpenALPR, Hikvision, Dahua).
     * The scale is the format's, never guessed from the value: {@code percent} says which. Out of range: null.
     */
    static Double confidence(Double value, boolean percent) {
        if (value == null || value.isNaN()) {
            return null;
        }
        double scaled = percent ? value / 100.0 : value;
        return scaled < 0 || scaled > 1 ? null : scaled;
    }
}
