package dev.plateguard.server.validation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Time bounds in query parameters: RFC 3339 with an offset, or absent. Years outside 0001–9999 are refused:
 * PostgreSQL's timestamptz and JDBC cannot carry them, so they would otherwise fail as a 500.
 */
public final class QueryTimes {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private QueryTimes() {
    }

    /** The instant, null when {@code value} is missing or blank, or an invalid-input refusal naming {@code field}. */
    public static Instant optional(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw Refusal.invalid(field, "must be an RFC 3339 timestamp with offset");
        }
        if (!inRange(instant)) {
            throw Refusal.invalid(field, "must lie between the years 0001 and 9999");
        }
        return instant;
    }

    public static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}
