package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.plateguard.server.TestClient;

/**
 * Every way the {@code metadata} part can be wrong: the exact status, problem+json naming the field, and nothing
 * stored. Each request also carries a valid, never-seen image, so an evidence file written before validation
 * would show up as an orphan on disk.
 */
class BadMetadataIT extends IngestSupport {

    /** A valid read with {@code %s} placeholders filled by the cases: eventId, capturedAt, then extra fields. */
    private static String valid(String extra) {
        return """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"01A123BC","confidence":0.9}%s}"""
                .formatted(eventId(), aMinuteAgo(), extra);
    }

    private static String withPlate(String plateJson) {
        return """
                {"eventId":"%s","capturedAt":"%s","plate":%s}""".formatted(eventId(), aMinuteAgo(), plateJson);
    }

    private static String capturedAt(String value) {
        return """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"01A123BC","confidence":0.9}}"""
                .formatted(eventId(), value);
    }

    private static String eventIdValue(String valueJson) {
        return """
                {"eventId":%s,"capturedAt":"%s","plate":{"text":"01A123BC","confidence":0.9}}"""
                .formatted(valueJson, aMinuteAgo());
    }

    private static final String IN_6_MINUTES = "${in 6 minutes}";

    /** name, metadata, expected errors[].field (invalid input, 400). */
    static Stream<Arguments> fieldErrors() {
        return Stream.of(
                // missing
                Arguments.of("missing eventId", """
                        {"capturedAt":"%s","plate":{"text":"01A123BC","confidence":0.9}}""".formatted(aMinuteAgo()),
                        "metadata.eventId"),
                Arguments.of("null eventId", eventIdValue("null"), "metadata.eventId"),
                Arguments.of("missing capturedAt", """
                        {"eventId":"%s","plate":{"text":"01A123BC","confidence":0.9}}""".formatted(eventId()),
                        "metadata.capturedAt"),
                Arguments.of("missing plate text", withPlate("{\"confidence\":0.9}"), "metadata.plate.text"),
                Arguments.of("empty document", "", "metadata"),
                Arguments.of("array document", "[1,2]", "metadata"),
                Arguments.of("null document", "null", "metadata"),
                Arguments.of("trailing document", valid("") + " {}", "metadata"),
                // ill-typed
                Arguments.of("speed as word", valid(",\"speedKmh\":\"fast\""), "metadata.speedKmh"),
                Arguments.of("speed as numeric string", valid(",\"speedKmh\":\"54\""), "metadata.speedKmh"),
                Arguments.of("speed as boolean", valid(",\"speedKmh\":true"), "metadata.speedKmh"),
                Arguments.of("lane as fraction", valid(",\"lane\":1.5"), "metadata.lane"),
                Arguments.of("lane as string", valid(",\"lane\":\"2\""), "metadata.lane"),
                Arguments.of("direction as array", valid(",\"direction\":[90]"), "metadata.direction"),
                Arguments.of("confidence as word", withPlate("{\"text\":\"01A123BC\",\"confidence\":\"high\"}"),
                        "metadata.plate.confidence"),
                Arguments.of("plate as string", withPlate("\"01A123BC\""), "metadata.plate"),
                Arguments.of("plate text as number", withPlate("{\"text\":1234,\"confidence\":0.9}"), "metadata.plate.text"),
                Arguments.of("eventId as number", eventIdValue("12345"), "metadata.eventId"),
                Arguments.of("candidates as object", withPlate(
                        "{\"text\":\"01A123BC\",\"confidence\":0.9,\"candidates\":{\"text\":\"01A123BC\"}}"),
                        "metadata.plate.candidates"),
                Arguments.of("boolean as 1", valid(",\"occupants\":{\"driverSeatbelt\":{\"value\":1,\"confidence\":0.9}}"),
                        "metadata.occupants.driverSeatbelt.value"),
                Arguments.of("boolean as string", valid(",\"occupants\":{\"phoneUse\":{\"value\":\"true\",\"confidence\":0.9}}"),
                        "metadata.occupants.phoneUse.value"),
                // unknown fields, at every depth
                Arguments.of("unknown top-level field", valid(",\"colour\":\"red\""), "metadata.colour"),
                Arguments.of("unknown vehicle field", valid(",\"vehicle\":{\"make\":\"Lada\",\"wheels\":4}"),
                        "metadata.vehicle.wheels"),
                Arguments.of("unknown candidate field", withPlate(
                        "{\"text\":\"01A123BC\",\"confidence\":0.9,\"candidates\":[{\"text\":\"01A123BC\",\"confidence\":0.5,\"source\":\"ocr\"}]}"),
                        "metadata.plate.candidates[0].source"),
                Arguments.of("unknown occupant flag field",
                        valid(",\"occupants\":{\"phoneUse\":{\"value\":true,\"confidence\":0.9,\"hand\":\"left\"}}"),
                        "metadata.occupants.phoneUse.hand"),
                // time
                // IN_6_MINUTES is filled in when the case runs, so a slow run cannot bring it within the skew.
                Arguments.of("capturedAt 6 minutes ahead", capturedAt(IN_6_MINUTES), "metadata.capturedAt"),
                Arguments.of("capturedAt without offset", capturedAt("2026-11-26T14:03:05.120"), "metadata.capturedAt"),
                Arguments.of("capturedAt date only", capturedAt("2026-11-26"), "metadata.capturedAt"),
                Arguments.of("capturedAt prose", capturedAt("yesterday"), "metadata.capturedAt"),
                Arguments.of("capturedAt epoch number", """
                        {"eventId":"%s","capturedAt":1764165785,"plate":{"text":"01A123BC","confidence":0.9}}"""
                        .formatted(eventId()), "metadata.capturedAt"),
                Arguments.of("capturedAt before 2000", capturedAt("1999-12-31T23:59:59Z"), "metadata.capturedAt"),
                Arguments.of("redSince without offset",
                        valid(",\"signal\":{\"state\":\"red\",\"redSince\":\"2026-11-26T14:03:05\"}"), "metadata.signal.redSince"),
                Arguments.of("redSince after capture",
                        valid(",\"signal\":{\"state\":\"red\",\"redSince\":\"" + ago(Duration.ofSeconds(-30)) + "\"}"),
                        "metadata.signal.redSince"),
                // markup and control characters
                Arguments.of("script in vehicle.make", valid(",\"vehicle\":{\"make\":\"<script>alert(1)</script>\"}"),
                        "metadata.vehicle.make"),
                Arguments.of("markup in vehicle.color", valid(",\"vehicle\":{\"color\":\"<b>red</b>\"}"),
                        "metadata.vehicle.color"),
                Arguments.of("control character in vehicle.type", valid(",\"vehicle\":{\"type\":\"car\\u0000\"}"),
                        "metadata.vehicle.type"),
                Arguments.of("script in plate.text", withPlate("{\"text\":\"<script>alert(1)</script>\",\"confidence\":0.9}"),
                        "metadata.plate.text"),
                Arguments.of("script in eventId", eventIdValue("\"<script>alert(1)</script>\""), "metadata.eventId"),
                Arguments.of("newline in eventId", eventIdValue("\"ev-1\\nINFO forged log line\""), "metadata.eventId"),
                Arguments.of("eventId of 129 characters", eventIdValue("\"" + "e".repeat(129) + "\""), "metadata.eventId"),
                Arguments.of("empty eventId", eventIdValue("\"\""), "metadata.eventId"),
                Arguments.of("plate text with tab", withPlate("{\"text\":\"01A\\t123BC\",\"confidence\":0.9}"),
                        "metadata.plate.text"),
                Arguments.of("plate text with NUL", withPlate("{\"text\":\"01A\\u0000123BC\",\"confidence\":0.9}"),
                        "metadata.plate.text"),
                Arguments.of("plate text with zero-width space", withPlate("{\"text\":\"01A\\u200B123BC\",\"confidence\":0.9}"),
                        "metadata.plate.text"),
                Arguments.of("plate text with bidi override", withPlate("{\"text\":\"01A\\u202E123BC\",\"confidence\":0.9}"),
                        "metadata.plate.text"),
                Arguments.of("plate text of 17 characters", withPlate("{\"text\":\"01A123BC01A123BC9\",\"confidence\":0.9}"),
                        "metadata.plate.text"),
                Arguments.of("empty plate text", withPlate("{\"text\":\" - \",\"confidence\":0.9}"), "metadata.plate.text"),
                Arguments.of("bad candidate text", withPlate(
                        "{\"text\":\"01A123BC\",\"confidence\":0.9,\"candidates\":[{\"text\":\"01A123BC\",\"confidence\":0.5},{\"text\":\"<i>\",\"confidence\":0.1}]}"),
                        "metadata.plate.candidates[1].text"),
                // ranges
                Arguments.of("confidence over 1", withPlate("{\"text\":\"01A123BC\",\"confidence\":1.5}"), "metadata.plate.confidence"),
                Arguments.of("negative candidate confidence", withPlate(
                        "{\"text\":\"01A123BC\",\"confidence\":0.9,\"candidates\":[{\"text\":\"01A123BC\",\"confidence\":-0.1}]}"),
                        "metadata.plate.candidates[0].confidence"),
                Arguments.of("country not ISO", withPlate("{\"text\":\"01A123BC\",\"confidence\":0.9,\"country\":\"Uzbekistan\"}"),
                        "metadata.plate.country"),
                Arguments.of("negative speed", valid(",\"speedKmh\":-1"), "metadata.speedKmh"),
                Arguments.of("absurd speed", valid(",\"speedKmh\":1e400"), "metadata.speedKmh"),
                Arguments.of("lane 0", valid(",\"lane\":0"), "metadata.lane"),
                Arguments.of("direction 360", valid(",\"direction\":360"), "metadata.direction"),
                Arguments.of("unknown signal state", valid(",\"signal\":{\"state\":\"blue\"}"), "metadata.signal.state"),
                Arguments.of("flag without value", valid(",\"occupants\":{\"phoneUse\":{\"confidence\":0.9}}"),
                        "metadata.occupants.phoneUse.value"),
                Arguments.of("plateBox incomplete", valid(",\"plateBox\":{\"x\":1,\"y\":1,\"width\":10}"), "metadata.plateBox"),
                Arguments.of("plateBox negative", valid(",\"plateBox\":{\"x\":-1,\"y\":1,\"width\":10,\"height\":10}"),
                        "metadata.plateBox"),
                Arguments.of("plateBox outside the image",
                        valid(",\"plateBox\":{\"x\":150,\"y\":10,\"width\":100,\"height\":20}"), "metadata.plateBox"),
                Arguments.of("plateBox below the image",
                        valid(",\"plateBox\":{\"x\":0,\"y\":50,\"width\":10,\"height\":20}"), "metadata.plateBox"),
                Arguments.of("plateBox overflowing int",
                        valid(",\"plateBox\":{\"x\":2147483647,\"y\":0,\"width\":1,\"height\":1}"), "metadata.plateBox"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldErrors")
    void invalidMetadataIsRefusedNamingTheField(String name, String metadata, String field) {
        metadata = metadata.replace(IN_6_MINUTES, ago(Duration.ofMinutes(-6)));
        var device = client().device(admin());
        Stored before = stored(device.cameraId());
        var response = postRead(device, new TestClient.Multipart().json("metadata", metadata)
                .file("image", "plate.jpg", "image/jpeg", jpeg(200, 60)));
        var problem = assertFieldProblem(response, 400, field);
        assertThat(problem.get("type").asString()).endsWith("/invalid-input");
        assertNothingStored(before, device.cameraId());
    }

    /** name, metadata, text the detail must contain (documents that are not JSON at all). */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("unterminated JSON", "{\"eventId\":\"x\",\"capturedAt\":", "metadata"),
                Arguments.of("not JSON", "eventId=1&capturedAt=now", "metadata"),
                Arguments.of("single quotes", "{'eventId':'x'}", "metadata"),
                Arguments.of("NaN literal", valid(",\"speedKmh\":NaN"), "metadata"),
                Arguments.of("comment", "{/* hi */\"eventId\":\"x\"}", "metadata"),
                Arguments.of("duplicate eventId key", """
                        {"eventId":"%s","eventId":"%s","capturedAt":"%s","plate":{"text":"01A123BC","confidence":0.9}}"""
                        .formatted(eventId(), eventId(), aMinuteAgo()), "eventId"),
                Arguments.of("duplicate nested key", withPlate("{\"text\":\"01A123BC\",\"text\":\"01A999BC\",\"confidence\":0.9}"),
                        "text"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedMetadataIsRefused(String name, String metadata, String mentioned) {
        var device = client().device(admin());
        Stored before = stored(device.cameraId());
        var response = postRead(device, new TestClient.Multipart().json("metadata", metadata)
                .file("image", "plate.jpg", "image/jpeg", jpeg(200, 60)));
        var problem = assertDetailProblem(response, 400, mentioned);
        assertThat(problem.get("detail").asString()).contains("metadata");
        assertNothingStored(before, device.cameraId());
    }

    @Test
    void allProblemsOfOneReadAreReportedTogether() {
        var device = client().device(admin());
        var response = postMetadataOnly(device, """
                {"eventId":"<x>","capturedAt":"soon","plate":{"text":"01A123BC","confidence":2},"lane":99}""");
        var problem = assertProblem(response, 400);
        assertThat(fields(problem)).containsExactlyInAnyOrder("metadata.eventId", "metadata.capturedAt",
                "metadata.plate.confidence", "metadata.lane");
    }

    @Test
    void capturedAtFourMinutesAheadIsWithinTheAllowedSkew() {
        var device = client().device(admin());
        var response = postMetadataOnly(device, capturedAt(ago(Duration.ofMinutes(-4))));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    @Test
    void boundaryValuesAndOrdinaryTextAreAccepted() {
        var device = client().device(admin());
        String metadata = """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"01А123ВС","confidence":1},
                 "vehicle":{"type":"truck","color":"dark-blue","make":"Škoda (Octavia) №2"},
                 "speedKmh":0,"lane":16,"direction":359,"signal":{"state":"amber"},
                 "plateBox":{"x":0,"y":0,"width":200,"height":60}}"""
                .formatted("A" + "b.c_d:e/f+g=h@i-".repeat(8).substring(0, 127), "2026-11-26t09:03:05.5z");
        var response = postRead(device, new TestClient.Multipart().json("metadata", metadata)
                .file("image", "p.jpg", "image/jpeg", jpeg(200, 60)));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(jdbc.sql("select plate_normalized from plate_read where id = ?").param(response.json().get("id").asLong())
                .query(String.class).single()).isEqualTo("01A123BC");
    }
}
