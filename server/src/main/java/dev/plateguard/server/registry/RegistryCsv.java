package dev.plateguard.server.registry;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.plateguard.server.validation.CsvRows;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Reads a registry CSV file ({@link CsvRows}: RFC 4180, UTF-8, optional BOM), validating every row. All or nothing:
 * the result is either every row as a {@link VehicleRecord}, or a problem listing each bad row (by number, the
 * header being row 1) and field, and nothing is stored.
 *
 * <p>Header: {@code country,plate,status,registration_valid_until,insurance_valid_until,vehicle_type,make,colour,owner_ref}
 * (any order, each exactly once). Blank lines are skipped but counted.
 */
final class RegistryCsv {

    static final List<String> COLUMNS = Arrays.stream(VehicleFields.Field.values()).map(f -> f.column).toList();

    private RegistryCsv() {
    }

    /**
     * @throws Refusal invalid or malformed for a malformed file or bad rows (with {@code rows}), too large past
     *                 {@code maxRows} data rows or {@code maxBytes} bytes
     */
    static List<VehicleRecord> parse(InputStream body, int maxRows, long maxBytes) {
        Map<String, VehicleFields.Field> byColumn = Arrays.stream(VehicleFields.Field.values())
                .collect(Collectors.toMap(f -> f.column, f -> f, (a, b) -> a, LinkedHashMap::new));
        Map<String, Integer> firstRowOfKey = new HashMap<>();
        return CsvRows.read(body, maxRows, maxBytes, String.join(",", COLUMNS), new CsvRows.Rows<>() {
            private Map<VehicleFields.Field, Integer> index;

            @Override
            public List<FieldProblem> header(String[] values) {
                List<FieldProblem> errors = new ArrayList<>();
                index = CsvRows.columns(values, byColumn, byColumn.values(), errors);
                return errors;
            }

            @Override
            public VehicleRecord row(String[] values, int row, List<FieldProblem> errors) {
                if (values.length != COLUMNS.size()) {
                    errors.add(new FieldProblem("rows[" + row + "]",
                            "has " + values.length + " fields, the header has " + COLUMNS.size()));
                    return null;
                }
                String prefix = "rows[" + row + "].";
                Map<VehicleFields.Field, String> raw = new EnumMap<>(VehicleFields.Field.class);
                for (var column : index.entrySet()) {
                    raw.put(column.getKey(), values[column.getValue()]);
                }
                VehicleRecord vehicle = VehicleFields.validate(raw, VehicleFields.Naming.CSV, prefix, errors);
                if (vehicle != null) {
                    Integer first = firstRowOfKey.putIfAbsent(vehicle.country() + "/" + vehicle.plate(), row);
                    if (first != null) {
                        errors.add(new FieldProblem(prefix + "plate", "duplicates row " + first + " (same country and plate)"));
                    }
                }
                return vehicle;
            }
        });
    }

    static Map<String, Object> summary(int rows, VehicleTable.Upserted upserted) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", rows);
        out.put("inserted", upserted.inserted());
        out.put("updated", upserted.updated());
        return out;
    }
}
