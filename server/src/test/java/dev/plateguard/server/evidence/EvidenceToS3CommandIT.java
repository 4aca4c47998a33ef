package dev.plateguard.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;

import dev.plateguard.server.PlateGuardProperties;

/**
 * {@code bin/plateguard evidence-to-s3}: files of a local store copied to a real S3-compatible server (S3Proxy) and
 * verified, a second run resuming (nothing copied twice), an object altered in the bucket caught, and
 * {@code --delete-local}.
 */
class EvidenceToS3CommandIT {

    private static S3Server server;

    @BeforeAll
    static void start() {
        server = S3Server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Path dataDir, String prefix, String... extra) {
        return runIn(server.bucket(), dataDir, prefix, extra);
    }

    private static Run runIn(String bucket, Path dataDir, String prefix, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--plateguard.data-dir=" + dataDir,
                "--plateguard.evidence.s3.endpoint=" + server.endpoint(),
                "--plateguard.evidence.s3.bucket=" + bucket,
                "--plateguard.evidence.s3.prefix=" + prefix,
                "--plateguard.evidence.s3.path-style-access=true",
                "--plateguard.evidence.s3.access-key-id=" + server.accessKey(),
                "--plateguard.evidence.s3.secret-access-key=" + server.secretKey(),
                "--plateguard.evidence.s3.multipart-threshold=5MB",
                "--plateguard.evidence.s3.part-size=5MB"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = EvidenceToS3Command.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static FileSystemEvidenceObjects local(Path dataDir) throws IOException {
        return new FileSystemEvidenceObjects(new PlateGuardProperties(dataDir, null, new PlateGuardProperties.EmbeddedDb(0),
                null, null, new PlateGuardProperties.Evidence(Duration.ofHours(1), null, null), null, null, null));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** An encrypted-looking object (header and random bytes) under a random name. */
    private static byte[] encrypted(int size) {
        byte[] bytes = random(size);
        System.arraycopy(EvidenceCipher.HEADER, 0, bytes, 0, EvidenceCipher.HEADER.length);
        return bytes;
    }

    private static String name() {
        return ContentHash.of(random(16));
    }

    private static byte[] object(String key) {
        return server.client().getObjectAsBytes(b -> b.bucket(server.bucket()).key(key)).asByteArray();
    }

    @Test
    void movesResumesVerifiesAndCatchesACorruptedObject() throws IOException {
        Path dataDir = Files.createTempDirectory("plateguard-migrate-");
        FileSystemEvidenceObjects local = local(dataDir);
        String small = name();
        byte[] smallBytes = encrypted(3000);
        String large = name();
        byte[] largeBytes = encrypted(12 * 1024 * 1024); // a video: in parts
        byte[] plain = random(500); // from before encryption: named by its own hash
        String plainName = ContentHash.of(plain);
        local.put(small, smallBytes);
        local.put(large, largeBytes);
        local.put(plainName, plain);

        Run first = run(dataDir, "m1/");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).contains("moved 3, already there 0, verified 3, failed 0");
        assertThat(object("m1/" + small)).isEqualTo(smallBytes);
        assertThat(object("m1/" + large)).isEqualTo(largeBytes);
        assertThat(object("m1/" + plainName)).isEqualTo(plain);
        assertThat(local.exists(small)).as("kept without --delete-local").isTrue();

        // A file added since (the server still running on the local store): the next run copies only that one.
        String later = name();
        local.put(later, encrypted(100));
        Run second = run(dataDir, "m1/");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out()).contains("moved 1, already there 3, verified 4, failed 0");

        // An object altered in the bucket is reported, and the run fails.
        byte[] altered = smallBytes.clone();
        altered[100] ^= 1;
        server.client().putObject(b -> b.bucket(server.bucket()).key("m1/" + small), RequestBody.fromBytes(altered));
        Run third = run(dataDir, "m1/");
        assertThat(third.exit()).as(third.toString()).isEqualTo(EvidenceToS3Command.FAILED);
        assertThat(third.out()).contains("FAILED " + small + ": the object in the bucket differs from the local file")
                .contains("moved 0, already there 3, verified 3, failed 1");
    }

    @Test
    void aLocalFileThatNoLongerMatchesItsNameIsNotCopied() throws IOException {
        Path dataDir = Files.createTempDirectory("plateguard-migrate-");
        FileSystemEvidenceObjects local = local(dataDir);
        byte[] plain = random(500);
        String plainName = ContentHash.of(plain);
        local.put(plainName, plain);
        plain[0] ^= 1;
        local.replace(plainName, plain);
        Run run = run(dataDir, "m2/");
        assertThat(run.exit()).isEqualTo(EvidenceToS3Command.FAILED);
        assertThat(run.out()).contains("FAILED " + plainName + ": the local file does not match its name");
        assertThat(server.client().listObjectsV2(b -> b.bucket(server.bucket()).prefix("m2/")).contents()).isEmpty();
    }

    @Test
    void deleteLocalRemovesVerifiedFilesAndAMisconfiguredBucketCannotRun() throws IOException {
        Path dataDir = Files.createTempDirectory("plateguard-migrate-");
        FileSystemEvidenceObjects local = local(dataDir);
        String one = name();
        local.put(one, encrypted(700));
        Run run = run(dataDir, "m3/", "--delete-local");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("moved 1, already there 0, verified 1, failed 0");
        assertThat(local.exists(one)).isFalse();
        assertThat(object("m3/" + one)).hasSize(700);

        Run misconfigured = runIn("", dataDir, "m3/");
        assertThat(misconfigured.exit()).isEqualTo(EvidenceToS3Command.CANNOT_RUN);
        assertThat(misconfigured.err()).contains("plateguard.evidence.s3.bucket is required");
        assertThat(misconfigured.out() + misconfigured.err()).doesNotContain(server.secretKey());
    }
}
