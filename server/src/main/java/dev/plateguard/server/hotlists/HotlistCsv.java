package dev.plateguard.server.hotlists;

import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.plateguard.server.validation.CsvRows;
import dev.plateguard.server.validation.FieldProblem;

/**
 * A hotlist import file ({@link CsvRows}: RFC 4180, UTF-8, optional BOM): a header naming the columns in any order,
 * {@code pattern} and {@code reason} required, {@code match}, {@code priority}, {@code expires_at} and {@code note}
 * optional (defaults as for one entry added through the API), then one entry per row. Each row is checked as one
 * entry is; a row repeating an earlier row's entry (same match kind and normalised pattern) is a bad row too.
 */
final class HotlistCsv {

    enum Column {
        PATTERN("pattern"), MATCH("match"), PRIORITY("priority"), REASON("reason"), EXPIRES_AT("expires_at"), NOTE("note");

        final String header;

        Column(String header) {
            this.header = header;
        }
    }

    static final String HEADER = "pattern,match,priority,reason,expires_at,note";

    /** Where a date without a time ends: expiry dates are Uzbek calendar days. */
    private static final ZoneId TASHKENT = ZoneId.of("Asia/Tashkent");

    /** One good row: its line number and its entry. */
    record Row(int number, Hotlists.NewEntry entry) {
    }

    private HotlistCsv() {
    }

    static List<Row> parse(InputStream body, int maxRows, long maxBytes, Hotlists validator) {
        Map<String, Column> byName = new LinkedHashMap<>();
        for (Column c : Column.values()) {
            byName.put(c.header, c);
        }
        Map<String, Integer> firstRow = new HashMap<>();
        return CsvRows.read(body, maxRows, maxBytes, HEADER, new CsvRows.Rows<>() {
            private Map<Column, Integer> index;
            private int width;

            @Override
            public List<FieldProblem> header(String[] values) {
                List<FieldProblem> errors = new ArrayList<>();
                index = CsvRows.columns(values, byName, List.of(Column.PATTERN, Column.REASON), errors);
                width = values.length;
                return errors;
            }

            @Override
            public Row row(String[] values, int row, List<FieldProblem> errors) {
                if (values.length != width) {
                    errors.add(new FieldProblem("rows[" + row + "]", "has " + values.length + " fields, the header has " + width));
                    return null;
                }
                String prefix = "rows[" + row + "].";
                Hotlists.NewEntry entry = validator.validate(new Hotlists.Draft(value(values, Column.PATTERN),
                        value(values, Column.MATCH), value(values, Column.PRIORITY), value(values, Column.REASON),
                        value(values, Column.NOTE), value(values, Column.EXPIRES_AT)), prefix, errors);
                if (entry == null) {
                    return null;
                }
                Integer first = firstRow.putIfAbsent(entry.match() + ":" + entry.pattern(), row);
                if (first != null) {
                    errors.add(new FieldProblem(prefix + "pattern", "duplicates row " + first + " (same match and pattern)"));
                    return null;
                }
                return new Row(row, entry);
            }

            private String value(String[] values, Column column) {
                Integer i = index.get(column);
                return i == null ? null : values[i];
            }
        });
    }

    /**
     * An expiry as typed: an ISO date and time with its offset ({@code 2027-03-31T18:00:00+05:00}, {@code …Z}), or a
     * date ({@code 2027-03-31}: the end of that day in Tashkent). Null when it is neither.
     */
    static Instant instant(String text) {
        if (text.length() > 40) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).plusDays(1).atStartOfDay(TASHKENT).toInstant();
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
