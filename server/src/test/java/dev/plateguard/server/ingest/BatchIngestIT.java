package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/reads/batch}: metadata-only reads, answered per item and in order. */
class BatchIngestIT extends IngestSupport {

    private static String batch(String... reads) {
        return "{\"reads\":[" + String.join(",", reads) + "]}";
    }

    @Test
    void answersCreatedDuplicateOrErrorPerItemInOrder() {
        var device = client().device(admin());
        String at = aMinuteAgo();
        String storedBefore = minimalMetadata(eventId(), at, uniquePlate());
        var pre = postMetadataOnly(device, storedBefore);
        assertThat(pre.status()).isEqualTo(201);
        long preId = pre.json().get("id").asLong();
        String preEvent = eventIdOf(storedBefore);

        String a = eventId();
        String b = eventId();
        String readA = minimalMetadata(a, at, "01A123BC");
        Stored before = stored(device.cameraId());
        var response = postBatch(device, batch(
                readA,                                                         // 0 created
                """
                {"eventId":"%s","plate":{"text":"01A123BC","confidence":0.9}}""".formatted(b), // 1 error: no capturedAt
                readA,                                                         // 2 duplicate of 0
                minimalMetadata(a, at, "01A999BC"),                            // 3 error: conflicts with 0
                storedBefore,                                                  // 4 duplicate of earlier request
                minimalMetadata(preEvent, at, "95Z001AA"),                     // 5 error: conflicts with stored
                """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"01A123BC","confidence":0.9},"colour":"red"}"""
                        .formatted(eventId(), at),                             // 6 error: unknown field
                "42",                                                          // 7 error: not an object
                minimalMetadata(b, at, "40H000123")));                         // 8 created (same id as the invalid 1)
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        List<String> statuses = new ArrayList<>();
        body.get("results").forEach(r -> statuses.add(r.get("status").asString()));
        assertThat(statuses).containsExactly("created", "error", "duplicate", "error", "duplicate", "error", "error",
                "error", "created");
        JsonNode results = body.get("results");
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
        }
        assertThat(body.get("created").asInt()).isEqualTo(2);
        assertThat(body.get("duplicates").asInt()).isEqualTo(2);
        assertThat(body.get("errors").asInt()).isEqualTo(5);

        long idA = results.get(0).get("id").asLong();
        assertThat(results.get(0).get("eventId").asString()).isEqualTo(a);
        assertThat(results.get(2).get("id").asLong()).isEqualTo(idA);
        assertThat(results.get(4).get("id").asLong()).isEqualTo(preId);
        assertThat(results.get(1).get("httpStatus").asInt()).isEqualTo(400);
        assertThat(fields(results.get(1))).containsExactly("reads[1].capturedAt");
        assertThat(results.get(3).get("httpStatus").asInt()).isEqualTo(409);
        assertThat(results.get(5).get("httpStatus").asInt()).isEqualTo(409);
        assertThat(fields(results.get(6))).containsExactly("reads[6].colour");
        assertThat(fields(results.get(7))).containsExactly("reads[7]");

        assertThat(stored(device.cameraId())).isEqualTo(new Stored(before.reads() + 2, before.evidenceRows(),
                before.links(), before.files()));
        assertThat(jdbc.sql("select plate_normalized from plate_read where camera_id = ? and event_id = ?")
                .params(device.cameraId(), a).query(String.class).single()).isEqualTo("01A123BC");
        assertThat(jdbc.sql("select plate_normalized from plate_read where camera_id = ? and event_id = ?")
                .params(device.cameraId(), preEvent).query(String.class).single())
                .isEqualTo(plateOf(storedBefore));
    }

    private static String eventIdOf(String metadata) {
        return dev.plateguard.server.TestClient.JSON.readTree(metadata).get("eventId").asString();
    }

    private static String plateOf(String metadata) {
        return dev.plateguard.server.TestClient.JSON.readTree(metadata).get("plate").get("text").asString();
    }

    @Test
    void repeatingTheWholeBatchAnswersDuplicatesWithTheSameIds() {
        var device = client().device(admin());
        List<String> reads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            reads.add(minimalMetadata(eventId(), aMinuteAgo(), uniquePlate()));
        }
        String body = batch(reads.toArray(String[]::new));
        var first = postBatch(device, body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("created").asInt()).isEqualTo(20);
        Stored afterFirst = stored(device.cameraId());

        var second = postBatch(device, body);
        assertThat(second.json().get("duplicates").asInt()).isEqualTo(20);
        for (int i = 0; i < 20; i++) {
            assertThat(second.json().get("results").get(i).get("id").asLong())
                    .isEqualTo(first.json().get("results").get(i).get("id").asLong());
        }
        assertThat(stored(device.cameraId())).isEqualTo(afterFirst);
    }

    @Test
    void mixedBatchStoresOnlyTheValidReads() {
        var device = client().device(admin());
        Stored before = stored(device.cameraId());
        String at = aMinuteAgo();
        var response = postBatch(device, batch(
                minimalMetadata(eventId(), at, uniquePlate()),
                minimalMetadata(eventId(), ago(java.time.Duration.ofMinutes(-10)), uniquePlate()), // future
                minimalMetadata("<script>", at, uniquePlate()),
                minimalMetadata(eventId(), at, uniquePlate()),
                """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"01A123BC","confidence":"high"}}""".formatted(eventId(), at),
                """
                {"eventId":"%s","capturedAt":"%s"}""".formatted(eventId(), at),   // batch reads need a plate
                """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"01A123BC","confidence":0.9},
                 "plateBox":{"x":1,"y":1,"width":10,"height":10}}""".formatted(eventId(), at))); // no image to box
        assertThat(response.status()).isEqualTo(200);
        JsonNode results = response.json().get("results");
        assertThat(fields(results.get(1))).containsExactly("reads[1].capturedAt");
        assertThat(fields(results.get(2))).containsExactly("reads[2].eventId");
        assertThat(fields(results.get(4))).containsExactly("reads[4].plate.confidence");
        assertThat(fields(results.get(5))).containsExactly("reads[5].plate");
        assertThat(fields(results.get(6))).containsExactly("reads[6].plateBox");
        assertThat(response.json().get("created").asInt()).isEqualTo(2);
        assertThat(response.json().get("errors").asInt()).isEqualTo(5);
        assertThat(stored(device.cameraId()).reads()).isEqualTo(before.reads() + 2);
        List<Long> ids = jdbc.sql("select id from plate_read where camera_id = ? order by id").param(device.cameraId())
                .query(Long.class).list();
        assertThat(ids).containsExactly(results.get(0).get("id").asLong(), results.get(3).get("id").asLong());
    }

    @Test
    void batchOf500IsAcceptedAnd501IsTooLarge() {
        var device = client().device(admin());
        List<String> reads = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            reads.add(minimalMetadata(eventId(), aMinuteAgo(), uniquePlate()));
        }
        Stored before = stored(device.cameraId());
        var tooMany = postBatch(device, batch(reads.toArray(String[]::new)));
        assertDetailProblem(tooMany, 413, "501");
        assertNothingStored(before, device.cameraId());

        var ok = postBatch(device, batch(reads.subList(0, 500).toArray(String[]::new)));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("created").asInt()).isEqualTo(500);
        assertThat(stored(device.cameraId()).reads()).isEqualTo(before.reads() + 500);
    }

    @Test
    void malformedBatchBodiesAreRejectedWhole() {
        var device = client().device(admin());
        String valid = minimalMetadata(eventId(), aMinuteAgo(), uniquePlate());
        Stored before = stored(device.cameraId());

        assertFieldProblem(postBatch(device, "{\"reads\":[" + valid + "],\"camera\":5}"), 400, "camera");
        assertFieldProblem(postBatch(device, "{\"reads\":{}}"), 400, "reads");
        assertFieldProblem(postBatch(device, "{}"), 400, "reads");
        assertFieldProblem(postBatch(device, "[" + valid + "]"), 400, "body");
        assertDetailProblem(postBatch(device, "{\"reads\":[" + valid + "]"), 400, "body");
        assertDetailProblem(postBatch(device, "{\"reads\":[" + valid + "],\"reads\":[]}"), 400, "reads");
        assertDetailProblem(postBatch(device, "{\"reads\":[" + valid + "]} {}"), 400, "body");
        assertNothingStored(before, device.cameraId());
    }

    @Test
    void batchNeedsJson() {
        var device = client().device(admin());
        var r = client().post("/api/v1/reads/batch", device.key(), "text/plain", "{\"reads\":[]}".getBytes());
        assertProblem(r, 415);
    }
}
