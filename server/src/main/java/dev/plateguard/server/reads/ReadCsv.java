package dev.plateguard.server.reads;

import java.io.Writer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * Reads as a CSV file (RFC 4180 through Jackson's CSV writer, CRLF line ends), one read a row. Safe for
 * spreadsheets: a cell a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or a carriage
 * return; camera-supplied text such as a vehicle make can) gets a leading single quote and stays text.
 */
final class ReadCsv {

    static final List<String> HEADER = List.of("id", "captured_at", "plate", "plate_display", "country", "format",
            "region", "confidence", "site_id", "site", "camera_id", "camera", "vehicle_make", "vehicle_colour",
            "vehicle_type", "speed_kmh");

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING).build();
    private static final CsvSchema SCHEMA = CsvSchema.emptySchema().withLineSeparator("\r\n");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private ReadCsv() {
    }

    static void write(List<ReadView> rows, Writer out) {
        try (SequenceWriter csv = CSV.writerFor(String[].class).with(SCHEMA).writeValues(out)) {
            csv.write(HEADER.toArray(String[]::new));
            for (ReadView r : rows) {
                PlateRead read = r.read();
                JsonNode vehicle = read.metadata() == null ? null : read.metadata().path("vehicle");
                csv.write(cells(String.valueOf(r.id()),
                        ISO.format(read.capturedAt().atZone(ZoneId.of(r.zone()))), r.plate(), r.plateDisplay(),
                        r.country(), r.format(), r.region(),
                        r.confidence() == null ? null : String.valueOf(r.confidence()),
                        String.valueOf(r.siteId()), r.siteName(), String.valueOf(r.cameraId()), r.cameraName(),
                        text(vehicle, "make"), text(vehicle, "color"), text(vehicle, "type"),
                        read.speedKmh() == null ? null : String.valueOf(read.speedKmh())));
            }
        }
    }

    private static String text(JsonNode vehicle, String field) {
        if (vehicle == null || !vehicle.path(field).isString()) {
            return null;
        }
        return vehicle.path(field).asString();
    }

    private static String[] cells(String... values) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = safe(values[i]);
        }
        return out;
    }

    /** A cell that a spreadsheet would take for a formula, quoted so that it stays text. */
    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }
}
