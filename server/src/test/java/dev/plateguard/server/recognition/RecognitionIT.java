package dev.plateguard.server.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.anpr.Recognition;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.evidence.ContentHash;

/**
 * Server-side recognition end to end, over real HTTP and the real database, with a deterministic recogniser
 * ({@link ScriptedPlateReader}): image-only reads are recognised and enter detection, re-recognition adds records
 * and never changes a read, camera text is never touched, and neither a full queue nor a restart loses a job.
 */
class RecognitionIT extends RecognitionSupport {

    @Test
    void imageOnlyReadIsRecognisedAndGetsItsPlateAndSource() {
        var device = client().device(admin());
        byte[] image = image();
        String plate = uzPlate();
        scripted.script(image, plate);

        long readId = postImageOnly(device, image);
        awaitRecognitions(readId, 1);

        var row = readRow(readId);
        assertThat(row.get("plate_normalized")).isEqualTo(plate);
        assertThat(row.get("plate_text")).isEqualTo(plate);
        assertThat(row.get("plate_folded")).isEqualTo(PlateText.fold(plate));
        assertThat(row.get("plate_country")).isEqualTo("UZ");
        assertThat(row.get("plate_format")).isEqualTo("UZ_PRIVATE");
        assertThat(row.get("plate_region")).isNotNull();
        assertThat(((Number) row.get("plate_confidence")).doubleValue()).isCloseTo(0.93, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(row.get("plate_source")).isEqualTo("scripted/scripted-1");
        assertThat(scripted.hintFor(image)).as("the site's plate country breaks ties").isEqualTo("UZ");

        var rec = recognitionRows(readId).getFirst();
        assertThat(rec.get("status")).isEqualTo("read");
        assertThat(rec.get("recogniser")).isEqualTo("scripted");
        assertThat(rec.get("model_version")).isEqualTo("scripted-1");
        assertThat(rec.get("requested_by")).isNull();
        assertThat(rec.get("applied")).isEqualTo(true);
        assertThat(rec.get("plate_normalized")).isEqualTo(plate);
        assertThat(rec.get("image_sha256")).isEqualTo(ContentHash.of(image));
        assertThat(rec.get("plate_count")).isEqualTo(1);
        assertThat(row.get("plate_recognition_id")).isEqualTo(rec.get("id"));
        assertThat(jobsOf(readId)).isZero();

        // The API shows the plate, where it came from, and the recognition.
        String operator = person("OPERATOR").token();
        JsonNode read = client().get("/api/v1/reads/" + readId, operator).json();
        assertThat(read.get("plate").asString()).isEqualTo(plate);
        assertThat(read.get("plateSource").asString()).isEqualTo("scripted/scripted-1");
        assertThat(read.get("plateRecognitionId").asLong()).isEqualTo(((Number) rec.get("id")).longValue());
        // Found by plate search like any read.
        JsonNode found = client().get("/api/v1/reads?plate=" + plate + dev.plateguard.server.reads.InvestigationParams.QUERY, operator).json().get("items");
        assertThat(found).extracting(n -> n.get("id").asLong()).contains(readId);

        var list = client().get("/api/v1/reads/" + readId + "/recognitions", operator);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        JsonNode item = list.json().get("items").get(0);
        assertThat(list.json().get("items").size()).isEqualTo(1);
        assertThat(item.get("status").asString()).isEqualTo("read");
        assertThat(item.get("automatic").asBoolean()).isTrue();
        assertThat(item.get("applied").asBoolean()).isTrue();
        assertThat(item.get("plate").asString()).isEqualTo(plate);
        assertThat(item.get("modelVersion").asString()).isEqualTo("scripted-1");
        assertThat(item.get("candidates").get(0).get("text").asString()).isEqualTo(plate);
        assertThat(item.get("box").get("width").asInt()).isEqualTo(120);
        assertThat(item.get("corners").size()).isEqualTo(8);
        assertThat(auditCount("reads.recognitions.view", "read:" + readId, "success")).isEqualTo(1);
    }

    @Test
    void theSitesPlateCountryIsTheRecognitionsTieBreaker() {
        var admin = admin();
        var site = client().postJson("/api/v1/sites", admin.token(), Map.of("name", TestClient.unique("Border post"),
                "city", "Termez", "region", "Surxondaryo region", "latitude", 37.22, "longitude", 67.28,
                "plateCountry", "TJ"));
        assertThat(site.status()).as(site.toString()).isEqualTo(201);
        assertThat(site.json().get("plateCountry").asString()).isEqualTo("TJ");
        var device = client().device(admin, site.json().get("id").asLong());
        byte[] image = image();
        scripted.script(image, uzPlate());
        long readId = postImageOnly(device, image);
        awaitRecognitions(readId, 1);
        assertThat(scripted.hintFor(image)).isEqualTo("TJ");
    }

    @Test
    void imageWithoutAPlateIsRecordedAndTheReadKeepsWaitingForNothing() {
        var device = client().device(admin());
        long readId = postImageOnly(device, image()); // not scripted: no plate in it
        awaitRecognitions(readId, 1);
        var rec = recognitionRows(readId).getFirst();
        assertThat(rec.get("status")).isEqualTo("no_plate");
        assertThat(rec.get("applied")).isEqualTo(false);
        assertThat(rec.get("plate_normalized")).isNull();
        var row = readRow(readId);
        assertThat(row.get("plate_normalized")).isNull();
        assertThat(row.get("plate_source")).isNull();
        assertThat(jobsOf(readId)).isZero();
    }

    @Test
    void reRecognitionAddsARecordAndNeverChangesTheRead() {
        var device = client().device(admin());
        byte[] image = image();
        String first = uzPlate();
        scripted.script(image, first);
        long readId = postImageOnly(device, image);
        awaitRecognitions(readId, 1);

        // A new model reads it differently.
        String second = uzPlate();
        scripted.script(image, second);
        var operator = person("OPERATOR");
        var answer = client().post("/api/v1/reads/" + readId + "/recognitions", operator.token(), null, new byte[0]);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        long recognitionId = answer.json().get("id").asLong();
        assertThat(answer.json().get("status").asString()).isEqualTo("queued");
        assertThat(answer.text()).doesNotContain(second).doesNotContain(first);
        awaitRecognitions(readId, 2);

        var rows = recognitionRows(readId);
        var again = rows.get(1);
        assertThat(((Number) again.get("id")).longValue()).isEqualTo(recognitionId);
        assertThat(again.get("plate_normalized")).isEqualTo(second);
        assertThat(again.get("requested_by")).isEqualTo(operator.username());
        assertThat(again.get("applied")).isEqualTo(false);
        // The first record is as it was, and so is the read.
        assertThat(rows.get(0).get("plate_normalized")).isEqualTo(first);
        assertThat(rows.get(0).get("applied")).isEqualTo(true);
        var read = readRow(readId);
        assertThat(read.get("plate_normalized")).isEqualTo(first);
        assertThat(read.get("plate_source")).isEqualTo("scripted/scripted-1");
        assertThat(read.get("plate_recognition_id")).isEqualTo(rows.get(0).get("id"));

        JsonNode items = client().get("/api/v1/reads/" + readId + "/recognitions", operator.token()).json().get("items");
        assertThat(items).extracting(n -> n.get("id").asLong()).containsExactly(recognitionId, ((Number) rows.get(0).get("id")).longValue());
        assertThat(items.get(0).get("requestedBy").asString()).isEqualTo(operator.username());
        assertThat(items.get(0).get("automatic").asBoolean()).isFalse();
        assertThat(auditCount("reads.recognise", "read:" + readId, "success")).isEqualTo(1);
        String details = jdbc.sql("select details::text from audit_event where action = 'reads.recognise' and target = ?")
                .param("read:" + readId).query(String.class).single();
        assertThat(details).contains("\"recognitionId\": " + recognitionId);

        // Results are evidence: the database refuses to change or delete them.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                "update read_recognition set plate_normalized = 'X' where id = ?").param(recognitionId).update())
                .rootCause().hasMessageContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                "delete from read_recognition where id = ?").param(recognitionId).update())
                .rootCause().hasMessageContaining("append-only");
    }

    @Test
    void cameraTextIsNeverQueuedNorChanged() {
        var device = client().device(admin());
        byte[] image = image();
        String cameraPlate = uzPlate();
        scripted.script(image, uzPlate()); // what the server would read, if it were asked
        var created = postRead(device, new TestClient.Multipart()
                .json("metadata", minimalMetadata(eventId(), aMinuteAgo(), cameraPlate))
                .file("image", "crop.jpg", "image/jpeg", image));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long readId = created.json().get("id").asLong();
        var batch = postBatch(device, "{\"reads\":[" + minimalMetadata(eventId(), aMinuteAgo(), uzPlate()) + "]}");
        long batchId = batch.json().get("results").get(0).get("id").asLong();

        assertThat(jobsOf(readId, batchId)).isZero();
        assertThat(recognitionsOf(readId) + recognitionsOf(batchId)).isZero();
        assertThat(readRow(readId).get("plate_source")).isEqualTo("camera");
        assertThat(readRow(batchId).get("plate_source")).isEqualTo("camera");

        // Asked for explicitly, the server's reading is recorded beside the camera's text, which stays.
        var answer = client().post("/api/v1/reads/" + readId + "/recognitions", person("SUPERVISOR").token(), null, new byte[0]);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        awaitRecognitions(readId, 1);
        assertThat(recognitionRows(readId).getFirst().get("status")).isEqualTo("read");
        assertThat(recognitionRows(readId).getFirst().get("applied")).isEqualTo(false);
        var read = readRow(readId);
        assertThat(read.get("plate_normalized")).isEqualTo(cameraPlate);
        assertThat(read.get("plate_source")).isEqualTo("camera");
        assertThat(read.get("plate_recognition_id")).isNull();
    }

    @Test
    void imageOnlySpeedingReadBecomesAViolationOnceRecognised() {
        var device = client().device(admin()); // an ANPR camera with a 60 km/h limit
        byte[] image = image();
        String plate = uzPlate();
        scripted.script(image, plate);
        scripted.close(); // recognition waits until detection has looked for work

        long readId = postImageOnly(device, image, Map.of("speedKmh", 97.0));
        assertThat(jdbc.sql("select count(*) from detection_job where read_id = ?").param(readId)
                .query(Long.class).single()).as("a read without a plate is not queued for detection").isZero();
        detector.processPending();
        assertThat(violationsOf(readId)).isZero();

        scripted.open();
        awaitRecognitions(readId, 1);
        // The recognition queued the read for detection with its plate; the scheduled detector may already have
        // taken it.
        detector.processPending();
        var violation = jdbc.sql("select * from violation where read_id = ?").param(readId).query().singleRow();
        assertThat(violation.get("plate")).isEqualTo(plate);
        assertThat(violation.get("offence_type")).isEqualTo("speeding");
        assertThat(violation.get("rule")).isEqualTo("spot_speed");
        assertThat(jdbc.sql("select count(*) from detection_job where read_id = ?").param(readId)
                .query(Long.class).single()).isZero();

        // Idempotent: running detection again adds nothing.
        detector.processPending();
        assertThat(violationsOf(readId)).isEqualTo(1);
    }

    @Test
    void aFullQueueTurnsJobsAwayToTheTableAndLosesNothing() {
        var device = client().device(admin());
        var operator = person("OPERATOR");
        long turnedAwayBefore = dispatcher.stats().turnedAway();
        int callsBefore = scripted.calls();
        scripted.close(); // the one worker blocks on its first job
        List<Long> reads = new ArrayList<>();
        int total = settings.threads() + settings.queueCapacity() + 3;
        for (int i = 0; i < total; i++) {
            byte[] image = image();
            scripted.script(image, uzPlate());
            long start = System.nanoTime();
            reads.add(postImageOnly(device, image));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ingest never waits for recognition")
                    .isLessThan(Duration.ofSeconds(10));
        }
        long[] ids = reads.stream().mapToLong(Long::longValue).toArray();
        await("the worker holds a job", () -> scripted.calls() > callsBefore);
        // Whether the worker took its first job before the queue filled or after, at least 3 were turned away.
        assertThat(dispatcher.stats().turnedAway() - turnedAwayBefore).isGreaterThanOrEqualTo(3);
        dispatcher.poll(); // fills a place the worker freed by taking its job, if it did so late
        assertThat(dispatcher.hasRoom()).isFalse();
        assertThat(jobsOf(ids)).as("every job is in the table").isEqualTo(total);

        // An operator's request meets the full queue: 503 with Retry-After, nothing stored.
        long jobsBefore = jobs.count();
        var busy = client().post("/api/v1/reads/" + ids[0] + "/recognitions", operator.token(), null, new byte[0]);
        assertProblem(busy, 503);
        assertThat(busy.header("Retry-After")).isEqualTo("30");
        assertThat(jobs.count()).isEqualTo(jobsBefore);
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'reads.recognise' and target = ? and outcome = 'failure'
                  and details->>'reason' = 'queue-full'""").param("read:" + ids[0]).query(Long.class).single()).isEqualTo(1);

        scripted.open();
        await("the dispatched jobs are done", () -> dispatcher.stats().queued() == 0);
        assertThat(jobsOf(ids)).as("jobs turned away wait in the table").isGreaterThanOrEqualTo(3);

        drain(ids); // the poller's work
        for (long id : ids) {
            assertThat(recognitionsOf(id)).isEqualTo(1);
            assertThat(readRow(id).get("plate_source")).isEqualTo("scripted/scripted-1");
        }
    }

    @Test
    void aFreshPollerPicksUpJobsLeftInTheTable() throws Exception {
        var device = client().device(admin());
        long[] ids = new long[3];
        byte[][] images = new byte[3][];
        // No models: the jobs are stored with the reads and nothing runs them (as before a restart).
        try (var unavailable = reader.use(new Unavailable())) {
            for (int i = 0; i < ids.length; i++) {
                images[i] = image();
                scripted.script(images[i], uzPlate());
                ids[i] = postImageOnly(device, images[i]);
            }
            assertThat(dispatcher.poll()).isZero();
            assertThat(jobsOf(ids)).isEqualTo(3);
            // ids[1] was being recognised by a server that died: its lease has passed. ids[2] is held by a live one.
            // Set while no reader is available, so that the server's own workers cannot take ids[2] first.
            jdbc.sql("update recognition_job set claimed_until = now() - interval '1 second' where read_id = ?").param(ids[1]).update();
            jdbc.sql("update recognition_job set claimed_until = now() + interval '1 hour' where read_id = ?").param(ids[2]).update();
        }

        // The restarted server: a new dispatcher with an empty in-memory queue.
        RecognitionDispatcher fresh = new RecognitionDispatcher(settings, worker, jobs, reader);
        try {
            await("the fresh poller did the free jobs", () -> {
                fresh.poll();
                return jobsOf(ids[0], ids[1]) == 0;
            });
            assertThat(recognitionsOf(ids[0])).isEqualTo(1);
            assertThat(recognitionsOf(ids[1])).isEqualTo(1);
            assertThat(fresh.poll()).isZero();
            assertThat(recognitionsOf(ids[2])).as("a job another worker holds is left to it").isZero();

            jdbc.sql("update recognition_job set claimed_until = now() - interval '1 second' where read_id = ?").param(ids[2]).update();
            await("the abandoned job is done", () -> {
                fresh.poll();
                return jobsOf(ids[2]) == 0;
            });
        } finally {
            fresh.destroy();
        }
        for (int i = 0; i < ids.length; i++) {
            assertThat(readRow(ids[i]).get("plate_source")).isEqualTo("scripted/scripted-1");
            assertThat(recognitionsOf(ids[i])).isEqualTo(1);
        }
    }

    @Test
    void aNodeWithoutTheWorkerLeavesItsJobsToTheNodesThatRecognise() throws Exception {
        var device = client().device(admin());
        byte[] image = image();
        long id;
        try (var unavailable = reader.use(new Unavailable())) { // stored, not run (this server's own worker)
            scripted.script(image, uzPlate());
            id = postImageOnly(device, image);
        }
        long jobId = jdbc.sql("select id from recognition_job where read_id = ?").param(id).query(Long.class).single();
        RecognitionDispatcher webNode = new RecognitionDispatcher(settings, new RecognitionWorkerSettings(false), worker,
                jobs, reader);
        RecognitionDispatcher recognitionNode = new RecognitionDispatcher(settings, new RecognitionWorkerSettings(true),
                worker, jobs, reader);
        try {
            assertThat(webNode.offer(jobId)).isFalse();
            assertThat(webNode.poll()).isZero();
            assertThat(jobsOf(id)).as("the job waits in the table").isEqualTo(1);
            assertThat(recognitionsOf(id)).isZero();
            await("the recognition node did the job", () -> {
                recognitionNode.poll();
                return jobsOf(id) == 0;
            });
            assertThat(recognitionsOf(id)).isEqualTo(1);
        } finally {
            webNode.destroy();
            recognitionNode.destroy();
        }
    }

    @Test
    void theRecognitionsOfAReadOlderThanTheLiveWindowOpenOnlyUnderAPurposeAndCase() {
        var device = client().device(admin());
        byte[] image = image();
        scripted.script(image, uzPlate());
        long readId = postImageOnly(device, image);
        awaitRecognitions(readId, 1);
        var operator = person("OPERATOR");
        assertThat(client().get("/api/v1/reads/" + readId + "/recognitions", operator.token()).status()).isEqualTo(200);
        // Two days later the read (and its plate, which recognitions show) is history, not the live view.
        jdbc.sql("update plate_read set captured_at = captured_at - interval '2 days' where id = ?").param(readId).update();
        var refused = client().get("/api/v1/reads/" + readId + "/recognitions", operator.token());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("purpose").doesNotContain(readRow(readId).get("plate_normalized").toString());
        var opened = client().get("/api/v1/reads/" + readId + "/recognitions?"
                + dev.plateguard.server.reads.InvestigationParams.QUERY.substring(1), operator.token());
        assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
        assertThat(opened.json().get("items")).hasSize(1);
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'reads.view' and target = ? and outcome = 'success'
                and details->>'channel' = 'recognitions' and details->>'case' = ?""")
                .params("read:" + readId, dev.plateguard.server.reads.InvestigationParams.CASE).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aSwappedOrMissingImageIsNeverRecognisedAndTheIncidentIsAudited() throws Exception {
        var device = client().device(admin());
        byte[] image = image();
        scripted.script(image, uzPlate());
        long readId = postImageOnly(device, image);
        awaitRecognitions(readId, 1);
        String sha = dev.plateguard.server.evidence.ContentHash.of(image);
        java.nio.file.Path file = evidencePath(sha);
        byte[] original = java.nio.file.Files.readAllBytes(file);
        var operator = person("OPERATOR");
        try {
            byte[] forged = image();
            scripted.script(forged, uzPlate()); // were the forged bytes recognised, they would give a plate
            java.nio.file.Files.write(file, forged);
            assertThat(client().post("/api/v1/reads/" + readId + "/recognitions", operator.token(), null, new byte[0])
                    .status()).isEqualTo(202);
            awaitRecognitions(readId, 2);
            java.nio.file.Files.delete(file);
            assertThat(client().post("/api/v1/reads/" + readId + "/recognitions", operator.token(), null, new byte[0])
                    .status()).isEqualTo(202);
            awaitRecognitions(readId, 3);
        } finally {
            java.nio.file.Files.write(file, original);
        }
        var rows = recognitionRows(readId);
        assertThat(rows.get(1).get("status")).isEqualTo("failed");
        assertThat((String) rows.get(1).get("error")).contains("does not match its SHA-256");
        assertThat(rows.get(1).get("plate_normalized")).isNull();
        assertThat(rows.get(2).get("status")).isEqualTo("failed");
        assertThat((String) rows.get(2).get("error")).contains("missing");
        assertThat(jdbc.sql("""
                select array_agg(details->>'reason' order by id) from audit_event
                where action = 'evidence.integrity' and target = ? and details->>'during' = 'recognition'""")
                .param("evidence:" + sha).query(String.class).single())
                .isEqualTo("{\"content hash mismatch\",\"file missing\"}");
    }

    @Test
    void aFailingRecogniserIsRetriedThenRecordedAsFailed() throws Exception {
        var device = client().device(admin());
        long readId;
        try (var failing = reader.use(new Failing())) {
            readId = postImageOnly(device, image());
            await("three attempts failed", () -> {
                dispatcher.poll();
                return recognitionsOf(readId) == 1;
            });
        }
        var rec = recognitionRows(readId).getFirst();
        assertThat(rec.get("status")).isEqualTo("failed");
        assertThat((String) rec.get("error")).contains("model run exploded").contains("after " + settings.maxAttempts() + " attempts");
        assertThat(rec.get("model_version")).isEqualTo("failing-1");
        assertThat(readRow(readId).get("plate_normalized")).isNull();
        assertThat(jobsOf(readId)).isZero();
    }

    @Test
    void belowTheFillThresholdTheResultIsRecordedAndTheReadKeepsNoPlate() throws Exception {
        var device = client().device(admin());
        byte[] image = image();
        long readId;
        RecognitionJobs.Job job;
        try (var unavailable = reader.use(new Unavailable())) {
            readId = postImageOnly(device, image);
            // Claimed while no reader is available, so that the server's own workers cannot take it first.
            job = jobs.claim(jobIdOf(readId), Duration.ofMinutes(1)).orElseThrow();
        }
        RecognitionStore strict = new RecognitionStore(jdbc, settings.withFillMinConfidence(0.95));
        String plate = uzPlate();
        var recorded = strict.record(job, RecognitionStore.Outcome.of("scripted", ContentHash.of(image),
                ScriptedPlateReader.recognition(plate))); // confidence 0.93
        assertThat(recorded.status()).isEqualTo("read");
        assertThat(recorded.applied()).isFalse();
        assertThat(recognitionRows(readId).getFirst().get("plate_normalized")).isEqualTo(plate);
        assertThat(readRow(readId).get("plate_normalized")).isNull();
        assertThat(readRow(readId).get("plate_source")).isNull();
        assertThat(jobsOf(readId)).isZero();
        // Recording the same job again (a second worker after a lost lease) adds nothing.
        var again = strict.record(job, RecognitionStore.Outcome.of("scripted", ContentHash.of(image),
                ScriptedPlateReader.recognition(plate)));
        assertThat(again.recorded()).isFalse();
        assertThat(recognitionsOf(readId)).isEqualTo(1);
    }

    @Test
    void unknownReadsAndReadsWithoutImages() {
        String operator = person("OPERATOR").token();
        var unknown = client().post("/api/v1/reads/987654321/recognitions", operator, null, new byte[0]);
        assertProblem(unknown, 404);
        assertProblem(client().get("/api/v1/reads/987654321/recognitions", operator), 404);
        assertThat(auditCount("reads.recognise", "read:987654321", "failure")).isEqualTo(1);
        assertThat(auditCount("reads.recognitions.view", "read:987654321", "failure")).isEqualTo(1);

        var device = client().device(admin());
        var batch = postBatch(device, "{\"reads\":[" + minimalMetadata(eventId(), aMinuteAgo(), uzPlate()) + "]}");
        long textOnly = batch.json().get("results").get(0).get("id").asLong();
        long before = jobs.count();
        var noImage = client().post("/api/v1/reads/" + textOnly + "/recognitions", operator, null, new byte[0]);
        assertDetailProblem(noImage, 409, "no image");
        assertThat(jobs.count()).isEqualTo(before);
        assertThat(auditCount("reads.recognise", "read:" + textOnly, "failure")).isEqualTo(1);
        var empty = client().get("/api/v1/reads/" + textOnly + "/recognitions", operator);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().get("items").size()).isZero();
    }

    @Test
    void withoutModelsRequestsAreRefusedAndImageOnlyReadsWait() throws Exception {
        var device = client().device(admin());
        byte[] image = image();
        scripted.script(image, uzPlate());
        long readId;
        String operator = person("OPERATOR").token();
        try (var unavailable = reader.use(new Unavailable())) {
            readId = postImageOnly(device, image);
            var refused = client().post("/api/v1/reads/" + readId + "/recognitions", operator, null, new byte[0]);
            assertProblem(refused, 503);
            assertThat(refused.header("Retry-After")).isEqualTo("60");
            assertThat(dispatcher.poll()).isZero();
            assertThat(worker.run(jobIdOf(readId))).isEmpty();
            var status = client().get("/api/v1/recognition/status", admin().token());
            assertThat(status.status()).as(status.toString()).isEqualTo(200);
            assertThat(status.json().get("models").asString()).isEqualTo("missing");
            assertThat(status.json().get("problem").asString()).contains("no models in this test");
            assertThat(status.json().get("waitingJobs").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(jobsOf(readId)).isEqualTo(1);
            assertThat(recognitionsOf(readId)).isZero();
        }
        // Models back: the waiting read is recognised.
        drain(readId);
        assertThat(readRow(readId).get("plate_source")).isEqualTo("scripted/scripted-1");
        var status = client().get("/api/v1/recognition/status", person("SUPERVISOR").token()).json();
        assertThat(status.get("models").asString()).isEqualTo("loaded");
        assertThat(status.get("modelVersion").asString()).isEqualTo("scripted-1");
        assertThat(status.get("queueCapacity").asInt()).isEqualTo(4);
    }

    @Test
    void whoMayAskAndWhoMayList() {
        var device = client().device(admin());
        byte[] image = image();
        long readId = postImageOnly(device, image);
        awaitRecognitions(readId, 1);
        String post = "/api/v1/reads/" + readId + "/recognitions";

        assertThat(client().post(post, null, null, new byte[0]).status()).isEqualTo(401);
        assertThat(client().get(post, null).status()).isEqualTo(401);
        assertThat(client().get("/api/v1/recognition/status", null).status()).isEqualTo(401);
        for (String role : List.of("INVESTIGATOR", "AUDITOR", "INTEGRATION")) {
            String token = person(role).token();
            assertThat(client().post(post, token, null, new byte[0]).status()).as(role + " asks").isEqualTo(403);
            assertThat(client().get("/api/v1/recognition/status", token).status()).as(role + " status").isEqualTo(403);
        }
        assertThat(client().post(post, device.key(), null, new byte[0]).status()).as("a camera asks").isEqualTo(403);
        for (String role : List.of("AUDITOR", "INTEGRATION")) {
            assertThat(client().get(post, person(role).token()).status()).as(role + " lists").isEqualTo(403);
        }
        // ADMIN deploys models and may ask for a re-recognition, whose answer names no plate, but sees no plates.
        var byAdmin = client().post(post, admin().token(), null, new byte[0]);
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(202);
        assertThat(client().get(post, admin().token()).status()).isEqualTo(403);
        assertThat(client().get("/api/v1/recognition/status", admin().token()).status()).isEqualTo(200);
        for (String role : List.of("OPERATOR", "SUPERVISOR", "INVESTIGATOR")) {
            var listed = client().get(post, person(role).token());
            assertThat(listed.status()).as(role + " lists").isEqualTo(200);
        }
        var supervisor = person("SUPERVISOR");
        assertThat(client().post(post, supervisor.token(), null, new byte[0]).status()).isEqualTo(202);
        awaitRecognitions(readId, 3);
        assertThat(recognitionRows(readId)).extracting(r -> r.get("requested_by"))
                .containsExactly(null, "admin", supervisor.username());
    }

    private long jobIdOf(long readId) {
        return jdbc.sql("select id from recognition_job where read_id = ?").param(readId).query(Long.class).single();
    }

    private long violationsOf(long readId) {
        return jdbc.sql("select count(*) from violation where read_id = ?").param(readId).query(Long.class).single();
    }

    /** A recogniser without models. */
    static final class Unavailable implements PlateReader {
        @Override
        public String name() {
            return AnprPlateReader.NAME;
        }

        @Override
        public State state() {
            return State.unavailable("no models in this test");
        }

        @Override
        public Recognition recognise(byte[] encodedImage) {
            throw new PlateReader.Unavailable("no models in this test");
        }
    }

    /** A recogniser whose model run always throws. */
    static final class Failing implements PlateReader {
        @Override
        public String name() {
            return "failing";
        }

        @Override
        public State state() {
            return State.ready("failing-1", "test");
        }

        @Override
        public Recognition recognise(byte[] encodedImage) {
            throw new IllegalStateException("model run exploded");
        }
    }
}
