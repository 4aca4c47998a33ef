package dev.plateguard.server.validation;

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
import java.util.Collection;
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

/**
 * Reads an uploaded CSV file (RFC 4180, UTF-8, optional BOM) as a stream with Jackson's CSV parser, for imports that
 * are all or nothing: the answer is either every data row turned into an item, or a {@link RowsProblem} listing each
 * bad row (by number, the header being row 1) and field, so that the caller stores nothing. Blank lines are skipped
 * but counted. A file over {@code maxBytes} or {@code maxRows} data rows is refused as too large, bytes that are not
 * UTF-8 or text that is not CSV as malformed.
 */
public final class CsvRows {

    /** Field problems listed in one answer; the list of bad rows is always complete. */
    public static final int MAX_REPORTED = 100;

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

    private CsvRows() {
    }

    /** What one import makes of the file: its header, then each data row. */
    public interface Rows<T> {

        /** Reads the header row; answers its problems (none: the header is fine). */
        List<FieldProblem> header(String[] values);

        /**
         * One data row ({@code row} is its line number); adds what is wrong to {@code errors} and answers the item,
         * or null when something was wrong.
         */
        T row(String[] values, int row, List<FieldProblem> errors);
    }

    /**
     * @param header the header the file must start with, in words for the problems, e.g. {@code pattern,match,...}
     * @throws Refusal invalid (a {@link RowsProblem}) for bad rows or a bad header, malformed for a file that is not
     *                 UTF-8 CSV, too large past {@code maxRows} data rows or {@code maxBytes} bytes
     */
    public static <T> List<T> read(InputStream body, int maxRows, long maxBytes, String header, Rows<T> rows) {
        Limited limited = new Limited(body, maxBytes);
        List<T> items = new ArrayList<>();
        List<FieldProblem> errors = new ArrayList<>();
        TreeSet<Integer> badRows = new TreeSet<>();
        int row = 0;
        boolean headerRead = false;
        try (Reader reader = utf8(limited);
             MappingIterator<String[]> values = CSV.readerFor(String[].class).readValues(reader)) {
            while (values.hasNextValue()) {
                String[] line = values.nextValue();
                row++;
                if (line.length == 0 || line.length == 1 && line[0].isBlank()) {
                    continue;
                }
                if (!headerRead) {
                    List<FieldProblem> problems = rows.header(line);
                    if (!problems.isEmpty()) {
                        throw new RowsProblem("row " + row + " must be the header " + header + "; nothing was imported",
                                new TreeSet<>(List.of(row)), problems);
                    }
                    headerRead = true;
                    continue;
                }
                if (items.size() + badRows.size() >= maxRows) {
                    throw Refusal.tooLarge("the file has more than " + maxRows + " rows; split it into several imports");
                }
                List<FieldProblem> rowErrors = new ArrayList<>();
                T item = rows.row(line, row, rowErrors);
                if (item != null && rowErrors.isEmpty()) {
                    items.add(item);
                } else {
                    badRows.add(row);
                    for (FieldProblem e : rowErrors) {
                        if (errors.size() < MAX_REPORTED) {
                            errors.add(e);
                        }
                    }
                }
            }
            if (!headerRead) {
                throw Refusal.invalid("header", "the file is empty; the first row must be the header " + header);
            }
        } catch (JacksonException | IOException e) {
            throw readFailure(e, row + 1);
        }
        if (!badRows.isEmpty()) {
            throw new RowsProblem(detail(badRows), badRows, errors);
        }
        return items;
    }

    /**
     * Maps a header's column names (trimmed, any case) to their positions: each of {@code byName}'s columns at most
     * once, those in {@code required} exactly once, no other column. Problems go to {@code errors}.
     */
    public static <F> Map<F, Integer> columns(String[] values, Map<String, F> byName, Collection<F> required,
                                              List<FieldProblem> errors) {
        Map<F, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            String name = values[i].strip().toLowerCase(Locale.ROOT);
            F field = byName.get(name);
            if (field == null) {
                errors.add(new FieldProblem("header", "unknown column " + (i + 1)
                        + (name.matches("[a-z_]{1,40}") ? " '" + name + "'" : "")));
            } else if (index.putIfAbsent(field, i) != null) {
                errors.add(new FieldProblem("header", "column '" + name + "' appears twice"));
            }
        }
        byName.forEach((name, field) -> {
            if (required.contains(field) && !index.containsKey(field)) {
                errors.add(new FieldProblem("header", "missing column '" + name + "'"));
            }
        });
        return index;
    }

    /** Invalid input listing the bad rows ({@code rows}) and, for the first {@value #MAX_REPORTED}, their fields. */
    public static final class RowsProblem extends Refusal {
        private final List<Integer> rows;

        public RowsProblem(String detail, TreeSet<Integer> rows, List<FieldProblem> errors) {
            super(Kind.INVALID, "invalid-input", detail, errors);
            this.rows = List.copyOf(rows);
        }

        public List<Integer> rows() {
            return rows;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("rows", rows);
        }
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

    /** "row 3 is invalid", "4 rows are invalid: 2, 3, 7, 9"; nothing was imported. */
    public static String detail(TreeSet<Integer> rows) {
        String list = rows.stream().limit(20).map(String::valueOf).collect(Collectors.joining(", "));
        return (rows.size() == 1 ? "row " + list + " is invalid" : rows.size() + " rows are invalid: " + list
                + (rows.size() > 20 ? ", ..." : "")) + "; nothing was imported";
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
}
