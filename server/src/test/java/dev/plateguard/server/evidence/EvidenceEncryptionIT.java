package dev.plateguard.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;

/**
 * Evidence at rest, end to end: what lies on disk is ciphertext under a per-object data key; a range of a video is
 * served from the segments it touches; an altered segment is never served; a plain file from before encryption is
 * served and then encrypted in place; a deleted key leaves every copy unreadable; a master-key rotation re-wraps
 * every data key while evidence stays readable.
 */
class EvidenceEncryptionIT extends IngestSupport {

    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    @Autowired
    EvidenceEncryption encryption;

    @Autowired
    MasterKeys masterKeys;

    private TestClient.Device device;
    private Person operator;

    @BeforeEach
    void setUp() {
        device = client().device(admin());
        operator = person("OPERATOR");
    }

    private void store(byte[] image, byte[] video) {
        var multipart = new TestClient.Multipart().json("metadata", minimalMetadata(eventId(), aMinuteAgo(), uniquePlate()))
                .file("image", "i.jpg", "image/jpeg", image);
        if (video != null) {
            multipart.file("video", "v.mp4", "video/mp4", video);
        }
        var r = postRead(device, multipart);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private String integrityReason(String sha) {
        return jdbc.sql("select details->>'reason' from audit_event where action = 'evidence.integrity' and target = ? "
                + "order by id desc limit 1").param("evidence:" + sha).query(String.class).single();
    }

    private String keyIdOf(String sha) {
        return jdbc.sql("select master_key_id from evidence_key where sha256 = ?").param(sha).query(String.class).single();
    }

    @Test
    void whatLiesOnDiskIsCiphertextUnderItsOwnKeyAndDecryptsToTheOriginal() throws Exception {
        byte[] jpeg = jpeg(640, 240);
        store(jpeg, null);
        String sha = ContentHash.of(jpeg);
        byte[] onDisk = Files.readAllBytes(evidencePath(sha));
        assertThat(Arrays.copyOf(onDisk, 3)).isNotEqualTo(JPEG_MAGIC);
        assertThat(new String(onDisk, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PGEV");
        assertThat(keyIdOf(sha)).isEqualTo(masterKeys.activeKeyId());
        byte[] wrapped = jdbc.sql("select wrapped_key from evidence_key where sha256 = ?").param(sha).query(byte[].class).single();
        assertThat(wrapped).hasSize(12 + 32 + 16); // GCM nonce, the AES-256 data key, the tag: never the key in clear

        var r = client().get("/api/v1/evidence/" + sha, operator.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(jpeg);

        // The same content twice is one object under one key.
        byte[] other = jpeg(320, 120);
        store(jpeg, null);
        store(other, null);
        assertThat(jdbc.sql("select count(*) from evidence_key where sha256 = ?").param(sha).query(Long.class).single())
                .isEqualTo(1);
        assertThat(Files.readAllBytes(evidencePath(sha))).isEqualTo(onDisk);
    }

    @Test
    void aRangeOfAVideoDecryptsOnlyItsSegmentsAndAnAlteredSegmentIsNeverServed() throws Exception {
        byte[] video = mp4(400_000); // seven 64 KiB segments
        store(jpeg(320, 120), video);
        String sha = ContentHash.of(video);

        var late = client().get("/api/v1/evidence/" + sha, operator.token(), Map.of("Range", "bytes=300000-300999"));
        assertThat(late.status()).as(late.toString()).isEqualTo(206);
        assertThat(late.header("Content-Range")).isEqualTo("bytes 300000-300999/" + video.length);
        assertThat(late.header("Content-Type")).isEqualTo("video/mp4");
        assertThat(late.body()).isEqualTo(Arrays.copyOfRange(video, 300_000, 301_000));
        var tail = client().get("/api/v1/evidence/" + sha, operator.token(), Map.of("Range", "bytes=-10"));
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(video, video.length - 10, video.length));
        var beyond = client().get("/api/v1/evidence/" + sha, operator.token(),
                Map.of("Range", "bytes=" + video.length + "-"));
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.header("Content-Range")).isEqualTo("bytes */" + video.length);

        // One byte altered in the second segment (ciphertext offset about 100 KB).
        Path file = evidencePath(sha);
        byte[] original = Files.readAllBytes(file);
        byte[] altered = original.clone();
        altered[100_000] ^= 0x01;
        Files.write(file, altered);
        try {
            // A range in a later segment never touches the altered one: served, which shows the object is not
            // decrypted whole for a seek.
            var untouched = client().get("/api/v1/evidence/" + sha, operator.token(), Map.of("Range", "bytes=300000-300999"));
            assertThat(untouched.status()).isEqualTo(206);
            assertThat(untouched.body()).isEqualTo(Arrays.copyOfRange(video, 300_000, 301_000));

            var touched = client().get("/api/v1/evidence/" + sha, operator.token(), Map.of("Range", "bytes=90000-110000"));
            assertThat(assertProblem(touched, 500).get("type").asString()).endsWith("/evidence-integrity");
            assertThat(integrityReason(sha)).isEqualTo("content fails authentication");

            var whole = client().get("/api/v1/evidence/" + sha, operator.token());
            assertThat(assertProblem(whole, 500).get("type").asString()).endsWith("/evidence-integrity");
            assertThat(whole.header("Content-Type")).doesNotContain("video");
        } finally {
            Files.write(file, original);
        }
        assertThat(client().get("/api/v1/evidence/" + sha, operator.token()).body()).isEqualTo(video);
    }

    @Test
    void deletingTheKeyLeavesEveryCopyOfTheFileUnreadable() throws Exception {
        byte[] jpeg = jpeg(320, 120);
        store(jpeg, null);
        String sha = ContentHash.of(jpeg);
        byte[] copy = Files.readAllBytes(evidencePath(sha)); // a backup, a replica, a disk block

        evidenceStore.delete(sha);
        assertThat(evidencePath(sha)).doesNotExist();
        assertThat(jdbc.sql("select count(*) from evidence_key where sha256 = ?").param(sha).query(Long.class).single())
                .isZero();

        Files.write(evidencePath(sha), copy, StandardOpenOption.CREATE_NEW);
        var r = client().get("/api/v1/evidence/" + sha, operator.token());
        assertThat(assertProblem(r, 500).get("type").asString()).endsWith("/evidence-integrity");
        assertThat(integrityReason(sha)).isEqualTo("content fails authentication");
        assertThat(indexOf(r.body(), Arrays.copyOf(jpeg, 32))).isEqualTo(-1);
    }

    @Test
    void plainFilesFromBeforeEncryptionAreServedAndThenEncryptedInPlace() throws Exception {
        byte[] jpeg = jpeg(320, 120);
        byte[] forged = jpeg(320, 120);
        store(jpeg, null);
        store(forged, null);
        String sha = ContentHash.of(jpeg);
        String forgedSha = ContentHash.of(forged);
        // As an installation from before this release left them: the media's own bytes, and no key row.
        Files.write(evidencePath(sha), jpeg);
        jdbc.sql("delete from evidence_key where sha256 in (?, ?)").params(sha, forgedSha).update();
        Files.write(evidencePath(forgedSha), jpeg(320, 120)); // and one whose bytes no longer match its name

        var plain = client().get("/api/v1/evidence/" + sha, operator.token());
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo(jpeg);
        var plainRange = client().get("/api/v1/evidence/" + sha, operator.token(), Map.of("Range", "bytes=0-99"));
        assertThat(plainRange.status()).isEqualTo(206);
        assertThat(plainRange.body()).isEqualTo(Arrays.copyOf(jpeg, 100));

        encryption.migrate();

        assertThat(Arrays.copyOf(Files.readAllBytes(evidencePath(sha)), 3)).isNotEqualTo(JPEG_MAGIC);
        assertThat(keyIdOf(sha)).isEqualTo(masterKeys.activeKeyId());
        assertThat(client().get("/api/v1/evidence/" + sha, operator.token()).body()).isEqualTo(jpeg);
        // The mismatching file is left as it is (and still refused), never encrypted into looking genuine.
        assertThat(Arrays.copyOf(Files.readAllBytes(evidencePath(forgedSha)), 3)).isEqualTo(JPEG_MAGIC);
        assertThat(encryption.migrationState().failed()).isGreaterThanOrEqualTo(1);
        assertThat(assertProblem(client().get("/api/v1/evidence/" + forgedSha, operator.token()), 500)
                .get("type").asString()).endsWith("/evidence-integrity");
        // Running it again (a restart) finds nothing more to do for the good file.
        encryption.migrate();
        assertThat(client().get("/api/v1/evidence/" + sha, operator.token()).body()).isEqualTo(jpeg);
    }

    @Test
    void aRotationRewrapsEveryDataKeyUnderTheNewMasterKeyWhileEvidenceStaysReadable() throws Exception {
        byte[] a = jpeg(320, 120);
        byte[] b = jpeg(320, 120);
        store(a, null);
        store(b, null);
        String before = masterKeys.activeKeyId();
        assertThat(keyIdOf(ContentHash.of(a))).isEqualTo(before);

        assertThat(client().get("/api/v1/evidence-encryption", operator.token()).status()).isEqualTo(403);
        assertThat(client().postJson("/api/v1/evidence-encryption/rotation", operator.token(), Map.of()).status())
                .isEqualTo(403);

        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String next = "rotated-" + System.nanoTime();
        Path keyFile = FileMasterKeys.defaultFile(DATA_DIR.toAbsolutePath().normalize());
        Files.writeString(keyFile, next + ":" + Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.APPEND);

        var started = client().postJson("/api/v1/evidence-encryption/rotation", admin().token(), Map.of());
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        encryption.awaitIdle();

        JsonNode status = client().get("/api/v1/evidence-encryption", admin().token()).json();
        assertThat(status.get("activeMasterKey").asString()).isEqualTo(next);
        assertThat(status.get("dataKeysToRewrap").asLong()).isZero();
        assertThat(status.get("dataKeysByMasterKey").has(before)).isFalse();
        assertThat(status.get("dataKeysByMasterKey").get(next).asLong()).isGreaterThanOrEqualTo(2);
        assertThat(status.get("rotation").get("state").asString()).isEqualTo("finished");
        assertThat(status.get("rotation").get("done").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(keyIdOf(ContentHash.of(a))).isEqualTo(next);
        assertThat(client().get("/api/v1/evidence/" + ContentHash.of(a), operator.token()).body()).isEqualTo(a);
        assertThat(client().get("/api/v1/evidence/" + ContentHash.of(b), operator.token()).body()).isEqualTo(b);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'evidence.key.rotation' and target = ?")
                .param("master-key:" + next).query(Long.class).single()).isEqualTo(1);

        // New evidence is wrapped under the new key at once.
        byte[] c = jpeg(320, 120);
        store(c, null);
        assertThat(keyIdOf(ContentHash.of(c))).isEqualTo(next);
    }

    @Test
    void theAdminPageShowsTheKeysAndStartsARotationInEveryLanguage() {
        store(jpeg(320, 120), null);
        var admin = dev.plateguard.server.users.AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        var page = admin.page("/admin/evidence-encryption?lang=ru");
        assertThat(page.response().status()).isEqualTo(200);
        assertThat(page.html()).contains("Шифрование доказательств", masterKeys.activeKeyId(),
                "активный: новые доказательства оборачиваются им");
        assertThat(admin.page("/admin/evidence-encryption?lang=uz").html()).contains("Dalillarni shifrlash");
        var en = admin.page("/admin/evidence-encryption?lang=en");
        assertThat(en.html()).contains("Evidence encryption", "Re-wrapping data keys under the active master key");

        var started = admin.post("/admin/evidence-encryption/rotation", en.csrf());
        assertThat(dev.plateguard.server.users.AdminPagesSupport.redirect(started)).isEqualTo("/admin/evidence-encryption");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'evidence.key.rotation.start' and actor = ?")
                .param(admin.person().username()).query(Long.class).single()).isEqualTo(1);

        var operator = dev.plateguard.server.users.AdminPagesSupport.signIn(client(), admin(), "OPERATOR");
        assertThat(operator.browser().get("/admin/evidence-encryption").status()).isEqualTo(403);
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
