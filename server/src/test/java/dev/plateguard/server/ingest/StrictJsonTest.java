package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/** Strict parsing and {@link dev.plateguard.server.validation.JsonProblems}: which field, and what is wrong with it. */
class StrictJsonTest {

    private static Refusal problem(String json, String prefix) {
        Refusal p = catchThrowableOfType(Refusal.class,
                () -> StrictJson.parse(json.getBytes(StandardCharsets.UTF_8), ReadMetadata.class, prefix));
        assertThat(p).as("expected " + json + " to be refused").isNotNull();
        assertThat(ProblemResponses.status(p.kind()).value()).isEqualTo(400);
        return p;
    }

    private static List<String> fields(String json, String prefix) {
        return problem(json, prefix).errors().stream().map(FieldProblem::field).toList();
    }

    @Test
    void unknownFieldsAreNamedByTheirFullPath() {
        assertThat(fields("{\"colour\":1}", "metadata")).containsExactly("metadata.colour");
        assertThat(fields("{\"colour\":1}", "")).containsExactly("colour");
        assertThat(fields("{\"vehicle\":{\"wheels\":4}}", "metadata")).containsExactly("metadata.vehicle.wheels");
        assertThat(fields("{\"plate\":{\"candidates\":[{\"text\":\"A\"},{\"x\":1}]}}", "reads[3]"))
                .containsExactly("reads[3].plate.candidates[1].x");
        assertThat(problem("{\"colour\":1}", "metadata").errors().getFirst().message()).isEqualTo("unknown field");
    }

    @Test
    void wrongTypesAreNamedWithTheExpectedType() {
        Refusal speed = problem("{\"speedKmh\":\"fast\"}", "metadata");
        assertThat(speed.errors()).containsExactly(new FieldProblem("metadata.speedKmh", "has the wrong type (expected a number)"));
        assertThat(problem("{\"occupants\":{\"phoneUse\":{\"value\":1}}}", "metadata").errors())
                .containsExactly(new FieldProblem("metadata.occupants.phoneUse.value", "has the wrong type (expected true or false)"));
        assertThat(problem("{\"eventId\":{}}", "").errors())
                .containsExactly(new FieldProblem("eventId", "has the wrong type (expected a string)"));
        assertThat(problem("{\"plate\":{\"candidates\":\"A\"}}", "").errors().getFirst().message())
                .isEqualTo("has the wrong type (expected an array)");
        assertThat(problem("{\"plate\":7}", "").errors().getFirst().field()).isEqualTo("plate");
    }

    @Test
    void noCoercionsOfScalars() {
        assertThat(fields("{\"lane\":1.5}", "m")).containsExactly("m.lane");
        assertThat(fields("{\"lane\":\"1\"}", "m")).containsExactly("m.lane");
        assertThat(fields("{\"lane\":true}", "m")).containsExactly("m.lane");
        assertThat(fields("{\"speedKmh\":\"54.5\"}", "m")).containsExactly("m.speedKmh");
        assertThat(fields("{\"eventId\":12}", "m")).containsExactly("m.eventId");
        assertThat(fields("{\"eventId\":true}", "m")).containsExactly("m.eventId");
        assertThat(fields("{\"occupants\":{\"phoneUse\":{\"value\":\"false\"}}}", "m")).containsExactly("m.occupants.phoneUse.value");
        assertThat(fields("{\"plate\":{\"confidence\":\"0.9\"}}", "m")).containsExactly("m.plate.confidence");
    }

    @Test
    void integersAreAcceptedWhereDecimalsAreExpected() {
        ReadMetadata m = StrictJson.parse("{\"speedKmh\":54,\"plate\":{\"confidence\":1}}".getBytes(StandardCharsets.UTF_8),
                ReadMetadata.class, "metadata");
        assertThat(m.speedKmh()).isEqualTo(54.0);
        assertThat(m.plate().confidence()).isEqualTo(1.0);
    }

    @Test
    void wrongDocumentShapeNamesTheDocument() {
        assertThat(fields("[]", "metadata")).containsExactly("metadata");
        assertThat(fields("[]", "")).containsExactly("body");
        assertThat(fields("\"text\"", "metadata")).containsExactly("metadata");
        assertThat(fields("", "metadata")).containsExactly("metadata");
        assertThat(fields("{} {}", "metadata")).containsExactly("metadata");
    }

    @Test
    void syntaxErrorsAreMalformedWithALocation() {
        Refusal p = problem("{\n\"eventId\": \"x\",\n \"lane\": }", "metadata");
        assertThat(p.errors()).isEmpty();
        assertThat(ProblemResponses.problem(p).getType().toString()).endsWith("/malformed-request");
        assertThat(p.getMessage()).startsWith("metadata is not valid JSON at line 3");
        assertThat(problem("{'eventId':'x'}", "").getMessage()).startsWith("body is not valid JSON");
        assertThat(problem("{\"speedKmh\":NaN}", "metadata").getMessage()).contains("metadata is not valid JSON");
    }

    @Test
    void duplicateKeysAreRefusedAndNamed() {
        Refusal p = problem("{\"eventId\":\"a\",\"eventId\":\"b\"}", "metadata");
        assertThat(p.getMessage()).contains("metadata").contains("eventId");
        assertThat(problem("{\"plate\":{\"text\":\"A\",\"text\":\"B\"}}", "metadata").getMessage()).contains("text");
        Refusal tree = catchThrowableOfType(Refusal.class,
                () -> StrictJson.tree("{\"reads\":[],\"reads\":[]}".getBytes(StandardCharsets.UTF_8), ""));
        assertThat(tree.getMessage()).contains("reads");
    }

    @Test
    void treeItemsConvertWithTheirIndexAsPrefix() {
        var node = StrictJson.tree("{\"reads\":[{\"eventId\":\"a\"},{\"eventId\":\"b\",\"lane\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8), "");
        assertThat(StrictJson.convert(node.get("reads").get(0), ReadMetadata.class, "reads[0]").eventId()).isEqualTo("a");
        Refusal p = catchThrowableOfType(Refusal.class,
                () -> StrictJson.convert(node.get("reads").get(1), ReadMetadata.class, "reads[1]"));
        assertThat(p.errors()).extracting(FieldProblem::field).containsExactly("reads[1].lane");
    }
}
