package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.server.TestClient;

/**
 * Reads that arrive together are committed as one group, and each is stored exactly as it would be alone: its row,
 * its evidence files and links, its jobs, and the same answer to a retry or a reuse of its eventId.
 */
class GroupCommitIT extends IngestSupport {

    @Autowired
    GroupCommit groupCommit;

    @Autowired
    DataSource dataSource;

    @Test
    void readsWaitingTogetherAreWrittenInOneGroupEachAsIfAlone() throws Exception {
        var admin = admin();
        var blocker = client().device(admin);
        List<TestClient.Device> cameras = List.of(client().device(admin), client().device(admin), client().device(admin));
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try (Connection hold = dataSource.getConnection()) {
            // Hold the writer: the insert of the first read waits for this lock on its camera (the foreign key check),
            // so that the reads posted meanwhile queue up and go together into the next group.
            hold.setAutoCommit(false);
            try (Statement st = hold.createStatement()) {
                st.execute("select id from camera where id = " + blocker.cameraId() + " for update");
            }
            long groupsAtStart = groupCommit.groups();
            Future<TestClient.Response> held = pool.submit(() -> postRead(blocker,
                    read(minimalMetadata(eventId(), aMinuteAgo(), uniquePlate()), jpeg(320, 120))));
            // The writer has taken the first read's group (and waits for the lock), not merely nothing queued yet.
            waitUntil(() -> groupCommit.groups() == groupsAtStart + 1 && groupCommit.waiting() == 0 && !held.isDone(),
                    "the first read reaches the writer");

            String sharedEvent = eventId();
            String sharedMetadata = minimalMetadata(sharedEvent, aMinuteAgo(), uniquePlate());
            byte[] sharedImage = jpeg(320, 120);
            byte[] commonImage = jpeg(400, 150); // one file held by two reads of the group
            List<Future<TestClient.Response>> plated = new ArrayList<>();
            List<Future<TestClient.Response>> imageOnly = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                var device = cameras.get(i % 3);
                String metadata = minimalMetadata(eventId(), aMinuteAgo(), uniquePlate());
                byte[] image = i < 2 ? commonImage : jpeg(320, 120);
                plated.add(pool.submit(() -> postRead(device, read(metadata, image))));
            }
            for (int i = 0; i < 4; i++) {
                var device = cameras.get(i % 3);
                String metadata = "{\"eventId\":\"" + eventId() + "\",\"capturedAt\":\"" + aMinuteAgo() + "\"}";
                imageOnly.add(pool.submit(() -> postRead(device, read(metadata, jpeg(320, 120)))));
            }
            // the same read twice (a retry racing its original) and a reuse of its eventId for other content
            List<Future<TestClient.Response>> same = List.of(
                    pool.submit(() -> postRead(cameras.get(0), read(sharedMetadata, sharedImage))),
                    pool.submit(() -> postRead(cameras.get(0), read(sharedMetadata, sharedImage))));
            waitUntil(() -> groupCommit.waiting() == 18, "18 reads wait for the writer");
            Future<TestClient.Response> reuse = pool.submit(() -> postRead(cameras.get(0),
                    read(minimalMetadata(sharedEvent, aMinuteAgo(), uniquePlate()), jpeg(320, 120))));
            waitUntil(() -> groupCommit.waiting() == 19, "the reuse waits too");
            long groupsBefore = groupCommit.groups();
            hold.rollback();

            assertThat(held.get().status()).isEqualTo(201);
            for (var f : plated) {
                assertThat(f.get().status()).as(f.get().toString()).isEqualTo(201);
            }
            for (var f : imageOnly) {
                assertThat(f.get().status()).as(f.get().toString()).isEqualTo(201);
            }
            var answers = List.of(same.get(0).get(), same.get(1).get());
            assertThat(answers).extracting(TestClient.Response::status).containsExactlyInAnyOrder(201, 200);
            assertThat(answers.get(0).json().get("id").asLong()).isEqualTo(answers.get(1).json().get("id").asLong());
            var conflict = reuse.get();
            assertProblem(conflict, 409);
            // the held read's group was under way before; the 19 waiting went together into one more
            assertThat(groupCommit.groups() - groupsBefore).isEqualTo(1);
            assertThat(groupCommit.largestGroup()).isGreaterThanOrEqualTo(19);

            for (var device : cameras) {
                long id = device.cameraId();
                long reads = jdbc.sql("select count(*) from plate_read where camera_id = ?").param(id).query(Long.class).single();
                assertThat(reads).isEqualTo(id == cameras.get(0).cameraId() ? 4 + 2 + 1 : 4 + 1);
            }
            for (var f : plated) {
                long readId = f.get().json().get("id").asLong();
                assertThat(jdbc.sql("select count(*) from read_evidence where read_id = ?").param(readId)
                        .query(Long.class).single()).isEqualTo(1);
                for (String job : List.of("detection_job", "passage_job", "alert_job", "recognition_job")) {
                    long jobs = jdbc.sql("select count(*) from " + job + " where read_id = ?").param(readId)
                            .query(Long.class).single();
                    // a job may already be done and gone, never doubled; a read with a plate needs no recognition
                    assertThat(jobs).as(job).isLessThanOrEqualTo(job.equals("recognition_job") ? 0 : 1);
                }
            }
            for (var f : imageOnly) {
                long readId = f.get().json().get("id").asLong();
                // its recognition job was stored with it (and may have run already)
                long queued = jdbc.sql("select count(*) from recognition_job where read_id = ?").param(readId)
                        .query(Long.class).single();
                long done = jdbc.sql("select count(*) from read_recognition where read_id = ?").param(readId)
                        .query(Long.class).single();
                assertThat(queued + done).as("image-only read %d is recognised", readId).isGreaterThanOrEqualTo(1);
                assertThat(queued).isLessThanOrEqualTo(1);
            }
            assertThat(jdbc.sql("select count(*) from read_evidence where sha256 = ?")
                    .param(dev.plateguard.server.evidence.ContentHash.of(commonImage)).query(Long.class).single())
                    .isEqualTo(2);
            assertStoredFile(commonImage);
            assertThat(DATA_DIR.resolve("evidence/incoming")).isEmptyDirectory();
        } finally {
            pool.shutdownNow();
        }
    }

    private static TestClient.Multipart read(String metadata, byte[] image) {
        return new TestClient.Multipart().json("metadata", metadata).file("image", "i.jpg", "image/jpeg", image);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
