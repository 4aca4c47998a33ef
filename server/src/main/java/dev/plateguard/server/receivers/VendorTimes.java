package dev.plateguard.server.receivers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

import dev.plateguard.server.validation.Refusal;

/**
 * Vendor timestamps. Epoch values come in seconds (alprd, Frigate, Dahua), milliseconds (OpenALPR agents, Axis)
 * and nanoseconds (Axis {@code capture_ts}); the unit is told by the magnitude, which is unambiguous for any time
 * after 1973. Text times come with an offset (ISO 8601) or without one (local wall-clock time, read later in the
 * camera's clock zone).
 */
final class VendorTimes {

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    /** Axis (FF Group): {@code 20210611 130538252}, optionally followed by {@code +0300}. */
    private static final DateTimeFormatter COMPACT = new DateTimeFormatterBuilder()
            .appendPattern("uuuuMMdd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HHmmss")
            .optionalStart().appendValue(ChronoField.MILLI_OF_SECOND, 3).optionalEnd()
            .toFormatter(Locale.ROOT);

    private VendorTimes() {
    }

    /** An epoch value in s, ms, µs or ns, told apart by magnitude; fractional seconds are kept. */
    static Instant epoch(BigDecimal value, String field) {
        if (value == null || value.signum() <= 0) {
            throw Refusal.invalid(field, "is not a positive epoch time");
        }
        BigDecimal seconds;
        if (value.compareTo(BigDecimal.valueOf(100_000_000_000L)) < 0) {
            seconds = value;
        } else if (value.compareTo(BigDecimal.valueOf(100_000_000_000_000L)) < 0) {
            seconds = value.movePointLeft(3);
        } else if (value.compareTo(new BigDecimal("100000000000000000")) < 0) {
            seconds = value.movePointLeft(6);
        } else {
            seconds = value.movePointLeft(9);
        }
        if (seconds.compareTo(BigDecimal.valueOf(32_503_680_000L)) > 0) { // year 3000
            throw Refusal.invalid(field, "is not an epoch time");
        }
        long whole = seconds.setScale(0, RoundingMode.FLOOR).longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    /**
     * A text time: ISO 8601 with an offset ({@code Z}, {@code +05:00}, also {@code +0500} and a space instead of
     * {@code T}), or a local time without one; {@code 20210611 130538252[+0300]} as Axis writes it.
     */
    static VendorTime text(String text, String field) {
        if (text == null) {
            throw Refusal.invalid(field, "is required");
        }
        String s = text.strip();
        try {
            if (s.matches("\\d{8}[ T]?\\d{6,9}([+-]\\d{4})?")) {
                int sign = Math.max(s.lastIndexOf('+'), s.lastIndexOf('-'));
                LocalDateTime local = LocalDateTime.parse(sign > 8 ? s.substring(0, sign) : s, COMPACT);
                if (sign > 8) {
                    String offset = s.substring(sign);
                    return VendorTime.of(local.atOffset(java.time.ZoneOffset.of(offset.substring(0, 3) + ":" + offset.substring(3))).toInstant());
                }
                return VendorTime.local(local);
            }
            String iso = s.replace(' ', 'T');
            // "2021-07-31T09:53:36.169692-04:00", "…Z", "…+0500": with an offset it is an instant.
            if (iso.matches(".*T.*([Zz]|[+-]\\d{2}:?\\d{2})$")) {
                String normalised = iso.replaceAll("([+-]\\d{2})(\\d{2})$", "$1:$2").toUpperCase(Locale.ROOT);
                return VendorTime.of(OffsetDateTime.parse(normalised, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
            }
            return VendorTime.local(LocalDateTime.parse(s, LOCAL));
        } catch (java.time.DateTimeException e) {
            throw Refusal.invalid(field, "is not a time this receiver knows: " + abbreviate(s));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
