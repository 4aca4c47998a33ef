package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;

/** (camera, eventId) is the idempotency key: a retry is answered with the original id; a reuse is a conflict. */
class IdempotencyIT extends IngestSupport {

    private TestClient.Multipart read(String metadata, byte[]... images) {
        var multipart = new TestClient.Multipart().json("metadata", metadata);
        for (byte[] image : images) {
            multipart.file("image", "i.jpg", "image/jpeg", image);
        }
        return multipart;
    }

    @Test
    void retryWithSameContentAnswers200WithTheOriginalIdAndStoresNothing() {
        var device = client().device(admin());
        String metadata = minimalMetadata(eventId(), aMinuteAgo(), uniquePlate());
        byte[] image = jpeg(320, 120);
        byte[] video = mp4(2048);
        var first = postRead(device, read(metadata, image).file("video", "v.mp4", "video/mp4", video));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        Stored afterFirst = stored(device.cameraId());

        // Same JSON with other whitespace and key order is the same content.
        var parsed = TestClient.JSON.readTree(metadata);
        String reordered = "{ \"plate\" : " + parsed.get("plate") + ", \"capturedAt\": \"" + parsed.get("capturedAt").asString()
                + "\",\n \"eventId\": \"" + parsed.get("eventId").asString() + "\" }";
        for (String again : List.of(metadata, reordered)) {
            var retry = postRead(device, read(again, image).file("video", "v.mp4", "video/mp4", video));
            assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
            assertThat(retry.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
            assertThat(retry.json().get("status").asString()).isEqualTo("duplicate");
            assertThat(retry.header("Location")).isNull();
        }
        assertThat(stored(device.cameraId())).isEqualTo(afterFirst);
    }

    @Test
    void sameEventIdWithDifferentMetadataIsAConflictAndStoresNothing() {
        var device = client().device(admin());
        String eventId = eventId();
        String capturedAt = aMinuteAgo();
        byte[] image = jpeg(320, 120);
        var first = postRead(device, read(minimalMetadata(eventId, capturedAt, "01A123BC"), image));
        assertThat(first.status()).isEqualTo(201);
        Stored before = stored(device.cameraId());

        var conflict = postRead(device, read(minimalMetadata(eventId, capturedAt, "01A123BD"), jpeg(320, 120)));
        var body = assertProblem(conflict, 409);
        assertThat(body.get("type").asString()).endsWith("/event-id-conflict");
        assertThat(body.get("detail").asString()).contains(eventId);
        assertNothingStored(before, device.cameraId());
        assertThat(jdbc.sql("select plate_normalized from plate_read where id = ?").param(first.json().get("id").asLong())
                .query(String.class).single()).isEqualTo("01A123BC");
    }

    @Test
    void sameEventIdWithDifferentImageIsAConflictAndStoresNothing() {
        var device = client().device(admin());
        String metadata = minimalMetadata(eventId(), aMinuteAgo(), uniquePlate());
        byte[] image = jpeg(320, 120);
        byte[] other = jpeg(320, 120);
        var first = postRead(device, read(metadata, image));
        assertThat(first.status()).isEqualTo(201);
        Stored before = stored(device.cameraId());

        assertProblem(postRead(device, read(metadata, other)), 409);
        assertNothingStored(before, device.cameraId());
        // An extra image, a missing image or another order is other content as well.
        assertProblem(postRead(device, read(metadata, image, other)), 409);
        assertProblem(postRead(device, read(metadata)), 409);
        assertNothingStored(before, device.cameraId());
    }

    @Test
    void sameEventIdOnAnotherCameraIsAnotherRead() {
        var a = client().device(admin());
        var b = client().device(admin());
        String metadata = minimalMetadata(eventId(), aMinuteAgo(), uniquePlate());
        var first = postMetadataOnly(a, metadata);
        var second = postMetadataOnly(b, metadata);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("id").asLong()).isNotEqualTo(first.json().get("id").asLong());
    }

    @Test
    void concurrentIdenticalPostsCreateOneReadAndAnswerTheSameId() throws Exception {
        var device = client().device(admin());
        String metadata = minimalMetadata(eventId(), aMinuteAgo(), uniquePlate());
        byte[] image = jpeg(640, 360);
        byte[] video = mp4(64 * 1024);
        Stored before = stored(device.cameraId());
        int threads = 8;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<TestClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<TestClient.Response> post = () -> {
                    var multipart = read(metadata, image).file("video", "v.mp4", "video/mp4", video);
                    ready.countDown();
                    go.await();
                    return postRead(device, multipart);
                };
                futures.add(pool.submit(post));
            }
            ready.await();
            go.countDown();
            List<TestClient.Response> responses = new ArrayList<>();
            for (var f : futures) {
                responses.add(f.get());
            }
            assertThat(responses).as(responses.toString()).extracting(TestClient.Response::status)
                    .containsOnly(201, 200).filteredOn(s -> s == 201).hasSize(1);
            assertThat(responses).extracting(r -> r.json().get("id").asLong()).containsOnly(
                    responses.getFirst().json().get("id").asLong());
        } finally {
            pool.shutdownNow();
        }
        assertThat(stored(device.cameraId())).isEqualTo(new Stored(before.reads() + 1, before.evidenceRows() + 2,
                before.links() + 2, before.files() + 2));
        assertThat(DATA_DIR.resolve("evidence/incoming")).isEmptyDirectory();
    }

    @Test
    void racingPostsOfOneEventIdWithDifferentImagesStoreOneReadAndLeaveNoOrphanFiles() throws Exception {
        var device = client().device(admin());
        String metadata = minimalMetadata(eventId(), aMinuteAgo(), uniquePlate());
        Stored before = stored(device.cameraId());
        int threads = 6;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<TestClient.Response> responses = new ArrayList<>();
        try {
            List<Future<TestClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                byte[] image = jpeg(640, 360); // a different image for every poster
                Callable<TestClient.Response> post = () -> {
                    var multipart = read(metadata, image);
                    ready.countDown();
                    go.await();
                    return postRead(device, multipart);
                };
                futures.add(pool.submit(post));
            }
            ready.await();
            go.countDown();
            for (var f : futures) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(responses).as(responses.toString()).extracting(TestClient.Response::status)
                .containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        assertThat(stored(device.cameraId())).isEqualTo(new Stored(before.reads() + 1, before.evidenceRows() + 1,
                before.links() + 1, before.files() + 1));
        assertThat(DATA_DIR.resolve("evidence/incoming")).isEmptyDirectory();
    }
}
