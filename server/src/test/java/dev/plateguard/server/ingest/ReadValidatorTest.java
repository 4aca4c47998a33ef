package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.unit.DataSize;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/** Field-by-field validation of read metadata, with a fixed clock; every problem carries its exact path. */
class ReadValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final ReadValidator validator = new ReadValidator(properties(), Clock.fixed(NOW, ZoneOffset.UTC));

    static PlateGuardProperties properties() {
        var ingest = new PlateGuardProperties.Ingest(10, 8, DataSize.ofMegabytes(16), DataSize.ofMegabytes(64), 50_000_000,
                DataSize.ofMegabytes(2), 500, Duration.ofMinutes(5),
                new PlateGuardProperties.Ingest.GroupCommit(true, Duration.ofMillis(2), 256));
        var auth = new PlateGuardProperties.Auth(Duration.ofDays(30), 5, 30, Duration.ofMinutes(15));
        return new PlateGuardProperties(java.nio.file.Path.of("unused"), null, new PlateGuardProperties.EmbeddedDb(0), ingest,
                auth, new PlateGuardProperties.Evidence(Duration.ofHours(1), null, null), new PlateGuardProperties.MapTiles("", ""),
                PlateGuardProperties.Violations.defaults(),
                PlateGuardProperties.Registry.defaults());
    }

    private static ReadMetadata parse(String json) {
        return StrictJson.parse(json.getBytes(StandardCharsets.UTF_8), ReadMetadata.class, "metadata");
    }

    /** A valid read (captured a minute before NOW) with extra members spliced in. */
    private static String read(String extra) {
        return "{\"eventId\":\"cam7-000123\",\"capturedAt\":\"2026-11-26T14:59:00+05:00\","
                + "\"plate\":{\"text\":\"01 A 123 BC\",\"confidence\":0.9}" + extra + "}";
    }

    private List<FieldProblem> errors(String json, String prefix, boolean plateRequired) {
        Refusal problem = catchThrowableOfType(Refusal.class, () -> validator.validate(parse(json), prefix, plateRequired));
        assertThat(problem).as("expected a validation error for " + json).isNotNull();
        assertThat(ProblemResponses.status(problem.kind()).value()).isEqualTo(400);
        return problem.errors();
    }

    @Test
    void validReadIsNormalisedClassifiedAndCanonical() {
        ValidatedRead read = validator.validate(parse(read(",\"speedKmh\":54.5,\"lane\":1")), "metadata", true);
        assertThat(read.eventId()).isEqualTo("cam7-000123");
        assertThat(read.capturedAt()).isEqualTo(Instant.parse("2026-11-26T09:59:00Z"));
        assertThat(read.plate().normalized()).isEqualTo("01A123BC");
        assertThat(read.plate().format().name()).isEqualTo("UZ_PRIVATE");
        assertThat(read.plateFolded()).isEqualTo("01A1238C");
        assertThat(read.plateConfidence()).isEqualTo(0.9);
        assertThat(new String(read.canonicalJson(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"eventId\":\"cam7-000123\",\"capturedAt\":\"2026-11-26T14:59:00+05:00\","
                        + "\"plate\":{\"text\":\"01 A 123 BC\",\"confidence\":0.9},\"speedKmh\":54.5,\"lane\":1}");
    }

    @Test
    void canonicalJsonIgnoresMemberOrderAndWhitespace() {
        var a = validator.validate(parse(read(",\"lane\":2,\"vehicle\":{\"make\":\"Lada\",\"color\":\"red\"}")), "metadata", true);
        var b = validator.validate(parse("""
                { "vehicle": {"color": "red", "make": "Lada"}, "lane": 2,
                  "plate": {"confidence": 0.9, "text": "01 A 123 BC"},
                  "capturedAt": "2026-11-26T14:59:00+05:00", "eventId": "cam7-000123" }"""), "metadata", true);
        assertThat(a.canonicalJson()).isEqualTo(b.canonicalJson());
    }

    @Test
    void cameraCountryBreaksTies() {
        var kg = validator.validate(parse("""
                {"eventId":"e1","capturedAt":"2026-11-26T09:00:00Z","plate":{"text":"01123ABC","confidence":0.9,"country":"KG"}}"""),
                "metadata", true);
        var plain = validator.validate(parse("""
                {"eventId":"e1","capturedAt":"2026-11-26T09:00:00Z","plate":{"text":"01123ABC","confidence":0.9}}"""),
                "metadata", true);
        var unknown = validator.validate(parse("""
                {"eventId":"e1","capturedAt":"2026-11-26T09:00:00Z","plate":{"text":"01123ABC","confidence":0.9,"country":"DE"}}"""),
                "metadata", true);
        assertThat(kg.plate().country().name()).isEqualTo("KG");
        assertThat(plain.plate().country().name()).isEqualTo("UZ");
        assertThat(unknown.plate().country().name()).isEqualTo("UZ");
    }

    @Test
    void plateIsOptionalOnlyWhenImagesComeWithTheRead() {
        String noPlate = "{\"eventId\":\"e1\",\"capturedAt\":\"2026-11-26T09:00:00Z\"}";
        var read = validator.validate(parse(noPlate), "metadata", false);
        assertThat(read.plate()).isNull();
        assertThat(read.plateFolded()).isNull();
        assertThat(read.plateConfidence()).isNull();
        assertThat(errors(noPlate, "metadata", true)).containsExactly(new FieldProblem("metadata.plate", "is required"));
    }

    @Test
    void futureSkewLimitIsFiveMinutes() {
        String atLimit = "{\"eventId\":\"e1\",\"capturedAt\":\"2026-11-26T10:05:00Z\",\"plate\":{\"text\":\"01A123BC\"}}";
        assertThat(validator.validate(parse(atLimit), "metadata", true).capturedAt()).isEqualTo(NOW.plusSeconds(300));
        String over = "{\"eventId\":\"e1\",\"capturedAt\":\"2026-11-26T15:05:00.001+05:00\",\"plate\":{\"text\":\"01A123BC\"}}";
        assertThat(errors(over, "metadata", true)).extracting(FieldProblem::field).containsExactly("metadata.capturedAt");
    }

    @Test
    void lowerCaseSeparatorsOfRfc3339AreAccepted() {
        String json = "{\"eventId\":\"e1\",\"capturedAt\":\"2026-11-26t09:00:00.5z\",\"plate\":{\"text\":\"01A123BC\"}}";
        assertThat(validator.validate(parse(json), "metadata", true).capturedAt()).isEqualTo(Instant.parse("2026-11-26T09:00:00.5Z"));
    }

    /** metadata JSON → the exact field paths reported, under prefix reads[4]. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("{\"capturedAt\":\"2026-11-26T09:00:00Z\",\"plate\":{\"text\":\"01A123BC\"}}",
                        List.of("reads[4].eventId")),
                Arguments.of("{\"eventId\":\"e1\",\"plate\":{\"text\":\"01A123BC\"}}", List.of("reads[4].capturedAt")),
                Arguments.of("{}", List.of("reads[4].eventId", "reads[4].capturedAt", "reads[4].plate")),
                Arguments.of(read("").replace("cam7-000123", "-leading-dash"), List.of("reads[4].eventId")),
                Arguments.of(read("").replace("cam7-000123", "a b"), List.of("reads[4].eventId")),
                Arguments.of(read("").replace("cam7-000123", "x".repeat(129)), List.of("reads[4].eventId")),
                Arguments.of(read("").replace("2026-11-26T14:59:00+05:00", "2026-11-26T14:59:00"), List.of("reads[4].capturedAt")),
                Arguments.of(read("").replace("2026-11-26T14:59:00+05:00", "2026-11-26 14:59:00+05:00"), List.of("reads[4].capturedAt")),
                Arguments.of(read("").replace("2026-11-26T14:59:00+05:00", "1999-12-31T23:59:59Z"), List.of("reads[4].capturedAt")),
                Arguments.of(read("").replace("01 A 123 BC", "01A123BC01A123BC7"), List.of("reads[4].plate.text")),
                Arguments.of(read("").replace("01 A 123 BC", "01A\\u0007123BC"), List.of("reads[4].plate.text")),
                Arguments.of(read("").replace("01 A 123 BC", "01Ж123BC"), List.of("reads[4].plate.text")),
                Arguments.of(read("").replace("\"confidence\":0.9", "\"confidence\":-0.01"), List.of("reads[4].plate.confidence")),
                Arguments.of(read("").replace("\"confidence\":0.9", "\"confidence\":0.9,\"country\":\"uz\""),
                        List.of("reads[4].plate.country")),
                Arguments.of(read("").replace("\"confidence\":0.9", "\"confidence\":0.9,\"candidates\":[null]"),
                        List.of("reads[4].plate.candidates[0].text")),
                Arguments.of(read("").replace("\"confidence\":0.9", "\"confidence\":0.9,\"candidates\":["
                        + "{\"text\":\"01A123BC\",\"confidence\":0.5},{\"confidence\":0.2},{\"text\":\"\",\"confidence\":2}]"),
                        List.of("reads[4].plate.candidates[1].text", "reads[4].plate.candidates[2].text",
                                "reads[4].plate.candidates[2].confidence")),
                Arguments.of(read("").replace("\"confidence\":0.9", "\"confidence\":0.9,\"candidates\":["
                        + "{\"text\":\"A\"},".repeat(10) + "{\"text\":\"A\"}]"), List.of("reads[4].plate.candidates")),
                Arguments.of(read(",\"plateBox\":{\"x\":0,\"y\":0,\"width\":0,\"height\":10}"), List.of("reads[4].plateBox")),
                Arguments.of(read(",\"plateBox\":{\"x\":0,\"y\":0,\"width\":20001,\"height\":10}"), List.of("reads[4].plateBox")),
                Arguments.of(read(",\"plateBox\":{\"x\":0,\"y\":0}"), List.of("reads[4].plateBox")),
                Arguments.of(read(",\"vehicle\":{\"type\":\"car\\\"\",\"color\":\"" + "r".repeat(41) + "\",\"make\":\"{x}\"}"),
                        List.of("reads[4].vehicle.type", "reads[4].vehicle.color", "reads[4].vehicle.make")),
                Arguments.of(read(",\"speedKmh\":400.5"), List.of("reads[4].speedKmh")),
                Arguments.of(read(",\"lane\":17"), List.of("reads[4].lane")),
                Arguments.of(read(",\"direction\":-1"), List.of("reads[4].direction")),
                Arguments.of(read(",\"signal\":{}"), List.of("reads[4].signal.state")),
                Arguments.of(read(",\"signal\":{\"state\":\"RED\"}"), List.of("reads[4].signal.state")),
                Arguments.of(read(",\"signal\":{\"state\":\"red\",\"redSince\":\"soon\"}"), List.of("reads[4].signal.redSince")),
                Arguments.of(read(",\"signal\":{\"state\":\"red\",\"redSince\":\"2026-11-26T14:59:00.001+05:00\"}"),
                        List.of("reads[4].signal.redSince")),
                Arguments.of(read(",\"occupants\":{\"driverSeatbelt\":{\"confidence\":0.5},"
                        + "\"passengerSeatbelt\":{\"value\":true,\"confidence\":1.01},\"phoneUse\":{\"value\":false}}"),
                        List.of("reads[4].occupants.driverSeatbelt.value", "reads[4].occupants.passengerSeatbelt.confidence")));
    }

    @ParameterizedTest
    @MethodSource("table")
    void everyProblemIsNamedByItsPath(String json, List<String> fields) {
        assertThat(errors(json, "reads[4]", true)).extracting(FieldProblem::field).containsExactlyElementsOf(fields);
    }

    @Test
    void emptyPrefixGivesBarePaths() {
        assertThat(errors(read(",\"lane\":0,\"occupants\":{\"phoneUse\":{}}"), "", true)).extracting(FieldProblem::field)
                .containsExactly("lane", "occupants.phoneUse.value");
    }

    @Test
    void singleProblemDetailNamesTheField() {
        Refusal problem = catchThrowableOfType(Refusal.class,
                () -> validator.validate(parse(read(",\"lane\":0")), "metadata", true));
        assertThat(problem.getMessage()).isEqualTo("metadata.lane: must be 1-16");
    }

    @Test
    void redSinceAtCaptureAndBoundaryValuesAreValid() {
        var read = validator.validate(parse(read(",\"signal\":{\"state\":\"red\",\"redSince\":\"2026-11-26T09:59:00Z\"},"
                + "\"speedKmh\":400,\"lane\":1,\"direction\":0,\"plateBox\":{\"x\":0,\"y\":0,\"width\":20000,\"height\":20000},"
                + "\"occupants\":{\"phoneUse\":{\"value\":true,\"confidence\":0}}")), "metadata", true);
        assertThat(read.metadata().signal().state()).isEqualTo("red");
    }
}
