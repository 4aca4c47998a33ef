package dev.plateguard.server.registry;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Reads a registry CSV file (RFC 4180, UTF-8, optional BOM) as a stream with Jackson's CSV parser, validating every
 * row. All or nothing: the result is either every row as a {@link VehicleRecord}, or a problem listing each bad
 * row (by number, the header being row 1) and field, and nothing is stored.
 *
 * <p>Header: {@code country,plate,status,registration_valid_until,insurance_valid_until,vehicle_type,make,colour,owner_ref}
 * (any order, each exactly once). Blank lines are skipped but counted.
 */
final class RegistryCsv {

    static final List<String> COLUMNS = Arrays.stream(VehicleFields.Field.values()).map(f -> f.column).toList();

    /** Problems listed in one answer; the count of bad rows is always complete. */
    static final int MAX_REPORTED = 100;

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

    private RegistryCsv() {
    }

    /**
     * @throws Refusal invalid or malformed for a malformed file or bad rows (with {@code rows}), too large past
     *                 {@code maxRows} data rows or {@code maxBytes} bytes
     */
    static List<VehicleRecord> parse(InputStream body, int maxRows, long maxBytes) {
        Limited limited = new Limited(body, maxBytes);
        List<VehicleRecord> vehicles = new ArrayList<>();
        Map<String, Integer> firstRowOfKey = new HashMap<>();
        List<FieldProblem> errors = new ArrayList<>();
        TreeSet<Integer> badRows = new TreeSet<>();
        int row = 0;
        try (Reader reader = utf8(limited);
             MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(reader)) {
            Map<VehicleFields.Field, Integer> index = null;
            while (rows.hasNextValue()) {
                String[] values = rows.nextValue();
                row++;
                if (values.length == 0 || values.length == 1 && values[0].isBlank()) {
                    continue;
                }
                if (index == null) {
                    index = header(values);
                    continue;
                }
                if (vehicles.size() + badRows.size() >= maxRows) {
                    throw Refusal.tooLarge("the file has more than " + maxRows + " rows; split it into several imports");
                }
                String prefix = "rows[" + row + "].";
                List<FieldProblem> rowErrors = new ArrayList<>();
                VehicleRecord vehicle = null;
                if (values.length != COLUMNS.size()) {
                    rowErrors.add(new FieldProblem("rows[" + row + "]",
                            "has " + values.length + " fields, the header has " + COLUMNS.size()));
                } else {
                    Map<VehicleFields.Field, String> raw = new EnumMap<>(VehicleFields.Field.class);
                    for (var column : index.entrySet()) {
                        raw.put(column.getKey(), values[column.getValue()]);
                    }
                    vehicle = VehicleFields.validate(raw, VehicleFields.Naming.CSV, prefix, rowErrors);
                }
                if (vehicle != null) {
                    Integer first = firstRowOfKey.putIfAbsent(vehicle.country() + "/" + vehicle.plate(), row);
                    if (first != null) {
                        rowErrors.add(new FieldProblem(prefix + "plate",
                                "duplicates row " + first + " (same country and plate)"));
                    }
                }
                if (rowErrors.isEmpty()) {
                    vehicles.add(vehicle);
                } else {
                    badRows.add(row);
                    for (FieldProblem e : rowErrors) {
                        if (errors.size() < MAX_REPORTED) {
                            errors.add(e);
                        }
                    }
                }
            }
            if (index == null) {
                throw Refusal.invalid("header", "the file is empty; the first row must be the header "
                        + String.join(",", COLUMNS));
            }
        } catch (JacksonException e) {
            throw readFailure(e, row + 1);
        } catch (IOException e) {
            throw readFailure(e, row + 1);
        }
        if (!badRows.isEmpty()) {
            throw new RowsProblem(detail(badRows), badRows, errors);
        }
        return vehicles;
    }

    private static Map<VehicleFields.Field, Integer> header(String[] values) {
        Map<String, VehicleFields.Field> byColumn = Arrays.stream(VehicleFields.Field.values())
                .collect(Collectors.toMap(f -> f.column, f -> f));
        Map<VehicleFields.Field, Integer> index = new EnumMap<>(VehicleFields.Field.class);
        List<FieldProblem> errors = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            String name = values[i].strip().toLowerCase(Locale.ROOT);
            VehicleFields.Field field = byColumn.get(name);
            if (field == null) {
                errors.add(new FieldProblem("header", "unknown column " + (i + 1)
                        + (name.matches("[a-z_]{1,40}") ? " '" + name + "'" : "")));
            } else if (index.putIfAbsent(field, i) != null) {
                errors.add(new FieldProblem("header", "column '" + name + "' appears twice"));
            }
        }
        for (VehicleFields.Field field : VehicleFields.Field.values()) {
            if (!index.containsKey(field)) {
                errors.add(new FieldProblem("header", "missing column '" + field.column + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw new RowsProblem("row 1 must be the header " + String.join(",", COLUMNS) + "; nothing was imported",
                    new TreeSet<>(List.of(1)), errors);
        }
        return index;
    }

    private static Refusal readFailure(Exception e, int row) {
        Throwable cause = e instanceof JacksonIOException io && io.getCause() != null ? io.getCause() : e;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TooLarge tooLarge) {
                return Refusal.tooLarge(tooLarge.getMessage());
            }
            if (t instanceof CharacterCodingException) {
                return Refusal.malformed("the file is not UTF-8 text (near row " + row + "); nothing was imported");
            }
        }
        if (e instanceof JacksonException jackson) {
            return Refusal.malformed("the file is not valid CSV near row " + row + ": "
                    + jackson.getOriginalMessage() + "; nothing was imported");
        }
        return Refusal.malformed("the file could not be read (near row " + row + "); nothing was imported");
    }

    private static Reader utf8(InputStream in) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder));
        reader.mark(1);
        if (reader.read() != '\uFEFF') { // spreadsheet exports often start with a byte order mark
            reader.reset();
        }
        return reader;
    }

    private static String detail(TreeSet<Integer> rows) {
        String list = rows.stream().limit(20).map(String::valueOf).collect(Collectors.joining(", "));
        return (rows.size() == 1 ? "row " + list + " is invalid" : rows.size() + " rows are invalid: " + list
                + (rows.size() > 20 ? ", ..." : "")) + "; nothing was imported";
    }

    /** Invalid input listing the bad rows ({@code rows}) and, for the first {@value #MAX_REPORTED}, their fields. */
    static final class RowsProblem extends Refusal {
        private final List<Integer> rows;

        RowsProblem(String detail, TreeSet<Integer> rows, List<FieldProblem> errors) {
            super(Kind.INVALID, "invalid-input", detail, errors);
            this.rows = List.copyOf(rows);
        }

        List<Integer> rows() {
            return rows;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("rows", rows);
        }
    }

    static final class TooLarge extends IOException {
        TooLarge(long max) {
            super("the file is larger than " + max + " bytes; split it into several imports");
        }
    }

    /** Fails the read once more than {@code max} bytes have come through. */
    static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > max) {
                throw new TooLarge(max);
            }
        }
    }

    static Map<String, Object> summary(int rows, VehicleTable.Upserted upserted) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", rows);
        out.put("inserted", upserted.inserted());
        out.put("updated", upserted.updated());
        return out;
    }
}
