package dev.plateguard.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link S3EvidenceObjects} against a real S3-compatible server (S3Proxy, a process of its own): the contract of
 * {@link EvidenceObjects} as the file system keeps it, multipart uploads, ranged reads, the sweep of stale uploads.
 */
class S3EvidenceObjectsIT {

    private static S3Server server;
    private static S3EvidenceObjects objects;

    @BeforeAll
    static void start() {
        server = S3Server.start();
        objects = new S3EvidenceObjects(server.settings("ev/", DataSize.ofMegabytes(6)), Duration.ofSeconds(7));
    }

    @AfterAll
    static void stop() {
        if (objects != null) {
            objects.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static byte[] read(String sha) throws IOException {
        try (InputStream in = objects.open(sha)) {
            return in.readAllBytes();
        }
    }

    @Test
    void putIsCreateIfAbsentAndReplaceDeleteWorkAsOnDisk() throws IOException {
        byte[] first = random(1000);
        String sha = ContentHash.of(first);
        assertThat(objects.exists(sha)).isFalse();
        assertThat(objects.put(sha, first)).isTrue();
        assertThat(objects.exists(sha)).isTrue();
        // A second upload of the same name: a server that honours If-None-Match keeps the first one's bytes and says
        // so; S3Proxy ignores the header and takes the second whole (harmless for content-addressed objects, whose
        // every upload is the same content under the same data key). Either way a reader sees one whole object.
        byte[] again = random(1000);
        boolean replaced = objects.put(sha, again);
        assertThat(read(sha)).isEqualTo(replaced ? again : first);
        assertThat(server.client().headObject(b -> b.bucket(server.bucket()).key("ev/" + sha)).contentLength())
                .isEqualTo(1000);

        byte[] second = random(2000);
        objects.replace(sha, second);
        assertThat(read(sha)).isEqualTo(second);

        objects.delete(sha);
        assertThat(objects.exists(sha)).isFalse();
        objects.delete(sha); // already gone: no error
        assertThatThrownBy(() -> objects.open(sha)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> objects.channel(sha)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aLargeObjectGoesUpInPartsAndReadsBackWhole() throws IOException {
        byte[] video = random(13 * 1024 * 1024 + 17); // over the 6 MB threshold: three parts of 5 MB at most
        String sha = ContentHash.of(video);
        assertThat(objects.put(sha, video)).isTrue();
        assertThat(read(sha)).isEqualTo(video);
        // The server refuses a single PUT that large (S3Server.MAX_SINGLE_PUT), so it went up in parts.
        assertThatThrownBy(() -> server.client().putObject(b -> b.bucket(server.bucket()).key("ev/too-large"),
                RequestBody.fromBytes(video))).isInstanceOf(software.amazon.awssdk.core.exception.SdkException.class);
        assertThat(objects.exists(sha)).isTrue();
        assertThat(server.client().listMultipartUploads(b -> b.bucket(server.bucket())).uploads())
                .as("no upload left open").isEmpty();
    }

    @Test
    void aChannelReadsRangesAtAnyPosition() throws IOException {
        byte[] bytes = random(3 * 1024 * 1024 + 5);
        String sha = ContentHash.of(bytes);
        objects.put(sha, bytes);
        try (SeekableByteChannel channel = objects.channel(sha)) {
            assertThat(channel.size()).isEqualTo(bytes.length);
            for (long position : List.of(0L, 2_500_000L, 17L, (long) bytes.length - 10, 1_048_575L)) {
                ByteBuffer buffer = ByteBuffer.allocate(10_000);
                channel.position(position);
                while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                    // fill
                }
                int n = buffer.position();
                assertThat(n).isEqualTo((int) Math.min(10_000, bytes.length - position));
                assertThat(Arrays.copyOf(buffer.array(), n))
                        .isEqualTo(Arrays.copyOfRange(bytes, (int) position, (int) position + n));
            }
            channel.position(bytes.length);
            assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        }
    }

    @Test
    void aChannelRefusesToMixTheBytesOfAReplacedObject() throws IOException {
        byte[] bytes = random(3 * 1024 * 1024);
        String sha = ContentHash.of(bytes);
        objects.put(sha, bytes);
        try (SeekableByteChannel channel = objects.channel(sha)) {
            channel.read(ByteBuffer.allocate(100));
            objects.replace(sha, random(3 * 1024 * 1024));
            channel.position(2 * 1024 * 1024);
            assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(100))).isInstanceOf(IOException.class)
                    .hasMessageContaining("replaced");
        }
    }

    @Test
    void forEachNamesEveryObjectAndTheSweepDeletesTheUnreferencedAndStaleUploads() throws IOException {
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] bytes = random(500);
            stored.add(ContentHash.of(bytes));
            objects.put(ContentHash.of(bytes), bytes);
        }
        // Something else under the prefix, and an upload in parts that never completed.
        server.client().putObject(b -> b.bucket(server.bucket()).key("ev/readme.txt"), RequestBody.fromString("not evidence"));
        String leftover = "ev/" + ContentHash.of(random(10));
        String uploadId = server.client().createMultipartUpload(b -> b.bucket(server.bucket()).key(leftover)).uploadId();
        server.client().uploadPart(b -> b.bucket(server.bucket()).key(leftover).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(random(1000)));

        List<String> named = new ArrayList<>();
        objects.forEach(named::add);
        assertThat(named).containsAll(stored).allMatch(n -> n.matches("[0-9a-f]{64}"));

        // Nothing is old enough yet.
        assertThat(objects.sweep(Duration.ofHours(1), sha -> false)).isZero();
        assertThat(objects.exists(stored.get(0))).isTrue();

        Set<String> referenced = Set.of(stored.get(0));
        int deleted = objects.sweep(Duration.ofMillis(-1000), referenced::contains);
        assertThat(deleted).isGreaterThanOrEqualTo(3); // two objects and the upload (and others' leftovers)
        assertThat(objects.exists(stored.get(0))).isTrue();
        assertThat(objects.exists(stored.get(1))).isFalse();
        assertThat(objects.exists(stored.get(2))).isFalse();
        assertThat(server.client().listMultipartUploads(b -> b.bucket(server.bucket())).uploads()).isEmpty();
        assertThat(server.client().listObjectsV2(b -> b.bucket(server.bucket()).prefix("ev/readme")).contents())
                .extracting(S3Object::key).containsExactly("ev/readme.txt");
    }

    @Test
    void aStoreThatIsDownIsUnavailableNotMissing() throws IOException {
        EvidenceStorageSettings.S3 unreachable;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            unreachable = new EvidenceStorageSettings.S3("http://127.0.0.1:" + socket.getLocalPort(), "us-east-1",
                    server.bucket(), "ev/", true, "id", "secret", null, DataSize.ofMegabytes(8),
                    DataSize.ofMegabytes(8), true, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5));
        }
        try (S3EvidenceObjects down = new S3EvidenceObjects(unreachable, Duration.ofSeconds(7))) {
            String sha = ContentHash.of(random(10));
            assertThatThrownBy(() -> down.exists(sha)).isInstanceOf(EvidenceStoreUnavailable.class)
                    .satisfies(e -> assertThat(((EvidenceStoreUnavailable) e).retryAfter()).isEqualTo(Duration.ofSeconds(7)));
            assertThatThrownBy(() -> down.put(sha, new byte[10])).isInstanceOf(EvidenceStoreUnavailable.class);
            assertThatThrownBy(() -> down.open(sha)).isInstanceOf(EvidenceStoreUnavailable.class);
        }
    }

    @Test
    void settingsRefusePlainHttpBeyondLoopbackAndNeverPrintTheSecret() {
        EvidenceStorageSettings.S3 remote = new EvidenceStorageSettings.S3("http://s3.example.org", "us-east-1", "b",
                "", true, "AKID", "very-secret", null, DataSize.ofMegabytes(8), DataSize.ofMegabytes(8), true,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThatThrownBy(remote::check).hasMessageContaining("plain http is allowed only to a loopback address");
        assertThat(remote.toString()).doesNotContain("very-secret").contains("AKID");
    }
}
