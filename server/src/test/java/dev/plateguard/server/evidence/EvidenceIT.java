package dev.plateguard.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;

/**
 * {@code GET /api/v1/evidence/{sha256}}: exact bytes and type for authorised users, Range support, every view
 * audited, and a file whose bytes no longer match its name is never served.
 */
class EvidenceIT extends IngestSupport {

    private TestClient.Device device;
    private Person operator;

    @BeforeEach
    void setUp() {
        device = client().device(admin());
        operator = person("OPERATOR");
    }

    /** Stores a read with these evidence parts and returns nothing; the files are named by their hashes. */
    private void store(byte[] image, byte[] video) {
        var multipart = new TestClient.Multipart().json("metadata", minimalMetadata(eventId(), aMinuteAgo(), uniquePlate()))
                .file("image", "i", null, image);
        if (video != null) {
            multipart.file("video", "v.mp4", "video/mp4", video);
        }
        var r = postRead(device, multipart);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private long audits(String action, String sha, String actor, String outcome) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target = ? and actor = ? and outcome = ?")
                .params(action, "evidence:" + sha, actor, outcome).query(Long.class).single();
    }

    @Test
    void servesTheExactBytesWithTheStoredContentType() {
        byte[] jpeg = jpeg(320, 120);
        byte[] png = png(160, 60);
        byte[] mp4 = mp4(4096);
        store(jpeg, mp4);
        store(png, null);
        for (var expected : Map.of(jpeg, "image/jpeg", png, "image/png", mp4, "video/mp4").entrySet()) {
            String sha = ContentHash.of(expected.getKey());
            var r = client().get("/api/v1/evidence/" + sha, operator.token());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(expected.getKey());
            assertThat(r.header("Content-Type")).isEqualTo(expected.getValue());
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
            assertThat(r.header("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void everyViewIsAudited() {
        byte[] jpeg = jpeg(320, 120);
        store(jpeg, null);
        String sha = ContentHash.of(jpeg);
        long before = audits("evidence.view", sha, operator.username(), "success");
        assertThat(client().get("/api/v1/evidence/" + sha, operator.token()).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/evidence/" + sha, operator.token(), Map.of("Range", "bytes=0-9")).status())
                .isEqualTo(206);
        assertThat(audits("evidence.view", sha, operator.username(), "success")).isEqualTo(before + 2);
        assertThat(jdbc.sql("select actor_type from audit_event where action = 'evidence.view' and target = ? and actor = ?")
                .params("evidence:" + sha, operator.username()).query(String.class).list()).containsOnly("user");
    }

    @Test
    void rangeRequestsServePartialContent() {
        byte[] mp4 = mp4(8192);
        store(jpeg(100, 40), mp4);
        String sha = ContentHash.of(mp4);

        var head = client().get("/api/v1/evidence/" + sha, operator.token(), Map.of("Range", "bytes=0-99"));
        assertThat(head.status()).as(head.toString()).isEqualTo(206);
        assertThat(head.header("Content-Range")).isEqualTo("bytes 0-99/" + mp4.length);
        assertThat(head.body()).hasSize(100).isEqualTo(Arrays.copyOf(mp4, 100));
        assertThat(head.header("Content-Type")).isEqualTo("video/mp4");

        var middle = client().get("/api/v1/evidence/" + sha, operator.token(), Map.of("Range", "bytes=1000-1999"));
        assertThat(middle.status()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(mp4, 1000, 2000));

        var tail = client().get("/api/v1/evidence/" + sha, operator.token(), Map.of("Range", "bytes=-50"));
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.header("Content-Range")).isEqualTo("bytes " + (mp4.length - 50) + "-" + (mp4.length - 1) + "/" + mp4.length);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(mp4, mp4.length - 50, mp4.length));

        var unsatisfiable = client().get("/api/v1/evidence/" + sha, operator.token(),
                Map.of("Range", "bytes=" + mp4.length + "-"));
        assertThat(unsatisfiable.status()).isEqualTo(416);
    }

    @Test
    void invalidHashIs400() {
        for (String bad : new String[] {"abc", "A".repeat(64), "g".repeat(64), "0".repeat(63), "0".repeat(65),
                "0".repeat(62) + "..", "0".repeat(63) + "%20"}) {
            assertFieldProblem(client().get("/api/v1/evidence/" + bad, operator.token()), 400, "sha256");
        }
        // Traversal never reaches the controller: the security firewall or the container refuses it first.
        for (String traversal : new String[] {"..", "%2E%2E", "..%2F..%2Fsetup-token", "..%2F..%2Fevidence"}) {
            var r = client().get("/api/v1/evidence/" + traversal, operator.token());
            assertThat(r.status()).as(traversal + " -> " + r).isEqualTo(400);
        }
    }

    @Test
    void unknownHashIs404AndTheAttemptIsAudited() {
        String sha = ContentHash.of(eventId().getBytes());
        var r = client().get("/api/v1/evidence/" + sha, operator.token());
        assertDetailProblem(r, 404, sha);
        assertThat(audits("evidence.view", sha, operator.username(), "failure")).isEqualTo(1);
    }

    @Test
    void tamperedFileIsNotServedAndTheIncidentIsAudited() throws Exception {
        byte[] jpeg = jpeg(320, 120);
        store(jpeg, null);
        String sha = ContentHash.of(jpeg);
        assertThat(client().get("/api/v1/evidence/" + sha, operator.token()).status()).isEqualTo(200);

        byte[] forged = jpeg(320, 120);
        Files.write(evidencePath(sha), forged);
        long viewsBefore = audits("evidence.view", sha, operator.username(), "success");

        var r = client().get("/api/v1/evidence/" + sha, operator.token());
        var problem = assertProblem(r, 500);
        assertThat(problem.get("type").asString()).endsWith("/evidence-integrity");
        assertThat(r.header("Content-Type")).doesNotContain("image");
        assertThat(indexOf(r.body(), Arrays.copyOf(forged, 64))).isEqualTo(-1);
        assertThat(audits("evidence.integrity", sha, operator.username(), "failure")).isEqualTo(1);
        assertThat(jdbc.sql("select details->>'reason' from audit_event where action = 'evidence.integrity' and target = ?")
                .param("evidence:" + sha).query(String.class).single()).isEqualTo("content hash mismatch");

        // A range request must not get a slice of the forged file either.
        var ranged = client().get("/api/v1/evidence/" + sha, operator.token(), Map.of("Range", "bytes=0-99"));
        assertProblem(ranged, 500);
        assertThat(indexOf(ranged.body(), Arrays.copyOf(forged, 64))).isEqualTo(-1);
        assertThat(audits("evidence.view", sha, operator.username(), "success")).isEqualTo(viewsBefore);
        assertThat(audits("evidence.integrity", sha, operator.username(), "failure")).isEqualTo(2);
    }

    @Test
    void missingFileIsAnIntegrityFailure() throws Exception {
        byte[] png = png(120, 40);
        store(png, null);
        String sha = ContentHash.of(png);
        Files.delete(evidencePath(sha));

        var r = client().get("/api/v1/evidence/" + sha, operator.token());
        assertThat(assertProblem(r, 500).get("type").asString()).endsWith("/evidence-integrity");
        assertThat(jdbc.sql("select details->>'reason' from audit_event where action = 'evidence.integrity' and target = ?")
                .param("evidence:" + sha).query(String.class).single()).isEqualTo("file missing");
    }

    @Test
    void onlyReadRolesMaySeeEvidence() {
        byte[] jpeg = jpeg(320, 120);
        store(jpeg, null);
        String path = "/api/v1/evidence/" + ContentHash.of(jpeg);
        assertThat(client().get(path, person("SUPERVISOR").token()).status()).isEqualTo(200);
        assertThat(client().get(path, person("INVESTIGATOR").token()).status()).isEqualTo(200);
        assertProblem(client().get(path, admin().token()), 403);
        assertProblem(client().get(path, person("AUDITOR").token()), 403);
        assertProblem(client().get(path, device.key()), 403);
        assertProblem(client().get(path, null), 401);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
