package dev.plateguard.server.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.violations.ViolationDetector;

/** Image-only reads through the real API, and what recognition made of them in the database. */
abstract class RecognitionSupport extends IngestSupport {

    @Autowired
    ScriptedPlateReader scripted;

    @Autowired
    SwitchablePlateReader reader;

    @Autowired
    RecognitionDispatcher dispatcher;

    @Autowired
    RecognitionJobs jobs;

    @Autowired
    RecognitionWorker worker;

    @Autowired
    RecognitionSettings settings;

    @Autowired
    ViolationDetector detector;

    @AfterEach
    void openGate() {
        scripted.open();
    }

    private static final String[] UZ_REGIONS = {"01", "10", "20", "25", "30", "40", "50", "60", "70", "75", "80", "85", "90", "95"};

    /** A private Uzbek plate (a real region code) that no other test uses, e.g. 40K123XY. */
    static String uzPlate() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        String letters = "ABEHKMPTXY";
        return UZ_REGIONS[r.nextInt(UZ_REGIONS.length)] + letters.charAt(r.nextInt(letters.length()))
                + String.format("%03d", r.nextInt(1000)) + letters.charAt(r.nextInt(letters.length()))
                + letters.charAt(r.nextInt(letters.length()));
    }

    /** A unique plate-like JPEG. */
    static byte[] image() {
        return jpeg(400, 120);
    }

    /** Posts a read with {@code image} and no plate text; answers its id. */
    long postImageOnly(TestClient.Device device, byte[] image, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", eventId());
        m.put("capturedAt", aMinuteAgo());
        m.putAll(extra);
        TestClient.Response r = postRead(device, new TestClient.Multipart()
                .json("metadata", TestClient.JSON.writeValueAsString(m))
                .file("image", "crop", image[0] == (byte) 0x89 ? "image/png" : "image/jpeg", image));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    long postImageOnly(TestClient.Device device, byte[] image) {
        return postImageOnly(device, image, Map.of());
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Dispatches waiting jobs (as the scheduled poller does) until none of {@code readIds} has a job left. */
    void drain(long... readIds) {
        await("the jobs of reads " + java.util.Arrays.toString(readIds) + " are done", () -> {
            dispatcher.poll();
            return jobsOf(readIds) == 0;
        });
    }

    long jobsOf(long... readIds) {
        return jdbc.sql("select count(*) from recognition_job where read_id = any(?)")
                .param(java.util.Arrays.stream(readIds).boxed().toArray(Long[]::new)).query(Long.class).single();
    }

    long recognitionsOf(long readId) {
        return jdbc.sql("select count(*) from read_recognition where read_id = ?").param(readId).query(Long.class).single();
    }

    void awaitRecognitions(long readId, int count) {
        await(count + " recognitions of read " + readId, () -> recognitionsOf(readId) >= count);
    }

    Map<String, Object> readRow(long readId) {
        return jdbc.sql("select * from plate_read where id = ?").param(readId).query().singleRow();
    }

    List<Map<String, Object>> recognitionRows(long readId) {
        return jdbc.sql("select * from read_recognition where read_id = ? order by id").param(readId).query().listOfRows();
    }

    long auditCount(String action, String target, String outcome) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target = ? and outcome = ?")
                .params(action, target, outcome).query(Long.class).single();
    }
}
