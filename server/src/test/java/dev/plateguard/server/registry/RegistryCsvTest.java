package dev.plateguard.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/** The CSV reader on its own: RFC 4180 quoting, column order, row numbering, limits and the error cap. */
class RegistryCsvTest {

    private static final String HEADER = String.join(",", RegistryCsv.COLUMNS);

    private static List<VehicleRecord> parse(String csv, int maxRows, long maxBytes) {
        return RegistryCsv.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), maxRows, maxBytes);
    }

    private static List<VehicleRecord> parse(String csv) {
        return parse(csv, 1000, 1 << 20);
    }

    @Test
    void theHeaderIsRow1() {
        assertThat(RegistryCsv.COLUMNS).containsExactly("country", "plate", "status", "registration_valid_until",
                "insurance_valid_until", "vehicle_type", "make", "colour", "owner_ref");
    }

    @Test
    void quotedFieldsColumnsInAnyOrderAndTrimmedValues() {
        var vehicles = parse("""
                owner_ref, plate ,country,status,registration_valid_until,insurance_valid_until,vehicle_type,make,colour
                OWN-1, 01 A 123 BC ,uz, Valid ,2027-01-31,,car,"Lada, Granta","white, matte"
                """);
        assertThat(vehicles).containsExactly(new VehicleRecord("UZ", "01A123BC", RegistrationStatus.VALID,
                LocalDate.of(2027, 1, 31), null, "car", "Lada, Granta", "white, matte", "OWN-1"));
    }

    @Test
    void rowNumbersCountBlankLinesAndTheHeader() {
        String csv = HEADER + "\n\nUZ,01A123BC,VALID,2027-01-31,,,,,OWN-1\n\nUZ,01A124BC,NOPE,2027-01-31,,,,,OWN-2\n";
        var problem = (dev.plateguard.server.validation.CsvRows.RowsProblem) catchProblem(csv, 1000, 1 << 20);
        assertThat(problem.rows()).containsExactly(5);
        assertThat(problem.errors()).extracting(FieldProblem::field).containsExactly("rows[5].status");
    }

    @Test
    void everyBadRowIsCountedButOnlyTheFirstHundredProblemsAreListed() {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 150; i++) {
            csv.append("UZ,01A").append(100 + i).append("BC,VALID,not-a-date,,,,,OWN-").append(i).append('\n');
        }
        var problem = (dev.plateguard.server.validation.CsvRows.RowsProblem) catchProblem(csv.toString(), 1000, 1 << 20);
        assertThat(problem.rows()).hasSize(150).startsWith(2, 3).endsWith(151);
        assertThat(problem.errors()).hasSize(dev.plateguard.server.validation.CsvRows.MAX_REPORTED);
        assertThat(problem.getMessage()).startsWith("150 rows are invalid: 2, 3, 4").endsWith(", ...; nothing was imported");
    }

    @Test
    void rowLimitIsExact() {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 5; i++) {
            csv.append("UZ,01A").append(100 + i).append("BC,VALID,2027-01-31,,,,,OWN-").append(i).append('\n');
        }
        assertThat(parse(csv.toString(), 5, 1 << 20)).hasSize(5);
        Refusal tooMany = catchProblem(csv.toString(), 4, 1 << 20);
        assertThat(ProblemResponses.status(tooMany.kind()).value()).isEqualTo(413);
    }

    @Test
    void byteLimitIsExact() {
        String csv = HEADER + "\nUZ,01A123BC,VALID,2027-01-31,,,,,OWN-1\n";
        int size = csv.getBytes(StandardCharsets.UTF_8).length;
        assertThat(parse(csv, 10, size)).hasSize(1);
        assertThat(ProblemResponses.status(catchProblem(csv, 10, size - 1).kind()).value()).isEqualTo(413);
    }

    @Test
    void aQuotedLineBreakIsReadAsPartOfTheValueAndRefusedThere() {
        var problem = (dev.plateguard.server.validation.CsvRows.RowsProblem) catchProblem(
                HEADER + "\nUZ,01A123BC,VALID,2027-01-31,,,\"Lada\nNiva\",,OWN-1\n", 10, 1 << 20);
        assertThat(problem.rows()).containsExactly(2);
        assertThat(problem.errors()).extracting(FieldProblem::field).containsExactly("rows[2].make");
    }

    private static Refusal catchProblem(String csv, int maxRows, long maxBytes) {
        try {
            parse(csv, maxRows, maxBytes);
        } catch (Refusal p) {
            return p;
        }
        throw new AssertionError("no problem for " + csv);
    }

    @Test
    void unterminatedQuoteIsMalformed() {
        assertThatThrownBy(() -> parse(HEADER + "\nUZ,\"01A123BC,VALID,2027-01-31,,,,,OWN-1\n"))
                .isInstanceOf(Refusal.class).hasMessageContaining("not valid CSV");
    }
}
