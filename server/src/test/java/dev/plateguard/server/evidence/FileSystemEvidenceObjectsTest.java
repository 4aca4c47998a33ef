package dev.plateguard.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import dev.plateguard.server.PlateGuardProperties;

/** The content-addressed file store on its own (opaque bytes, before encryption), in a temporary data directory. */
class FileSystemEvidenceObjectsTest {

    @TempDir
    Path dataDir;

    private FileSystemEvidenceObjects store;
    private Path root;

    @BeforeEach
    void setUp() throws Exception {
        var ingest = new PlateGuardProperties.Ingest(10, 8, DataSize.ofMegabytes(16), DataSize.ofMegabytes(64), 50_000_000,
                DataSize.ofMegabytes(2), 500, Duration.ofMinutes(5),
                new PlateGuardProperties.Ingest.GroupCommit(true, Duration.ofMillis(2), 256));
        var auth = new PlateGuardProperties.Auth(Duration.ofDays(30), 5, 30, Duration.ofMinutes(15));
        var properties = new PlateGuardProperties(dataDir, null, new PlateGuardProperties.EmbeddedDb(0), ingest, auth,
                new PlateGuardProperties.Evidence(Duration.ofHours(1), null, null), new PlateGuardProperties.MapTiles("", ""),
                PlateGuardProperties.Violations.defaults(),
                PlateGuardProperties.Registry.defaults());
        store = new FileSystemEvidenceObjects(properties);
        root = dataDir.resolve("evidence");
    }

    /**
     * A write that fails for want of space leaves no partial file in incoming (bench/faults, disk-full, found them).
     * Needs a small file system: runs where a tmpfs can be mounted (as root), is skipped elsewhere.
     */
    @Test
    void aWriteOnAFullDiskLeavesNothingBehind() throws Exception {
        Path incoming = root.resolve("incoming");
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", incoming.toString())
                .redirectErrorStream(true).start();
        mount.getInputStream().readAllBytes();
        assumeTrue(mount.waitFor() == 0, "cannot mount a small tmpfs here (not root?)");
        try {
            byte[] large = new byte[1 << 20];
            String sha = "ab".repeat(32);
            assertThatThrownBy(() -> store.stage(sha, large)).isInstanceOf(IOException.class)
                    .hasMessageContaining("No space left on device");
            try (var left = Files.list(incoming)) {
                assertThat(left).isEmpty();
            }
            assertThat(Files.exists(file(sha))).isFalse();
        } finally {
            new ProcessBuilder("umount", incoming.toString()).inheritIO().start().waitFor();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Path file(String sha) {
        return root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }

    @Test
    void evidenceIsReadableByTheServersAccountOnlyWhateverTheUmask() throws Exception {
        String sha = ContentHash.of(bytes("a driver's face"));
        store.put(sha, bytes("a driver's face"));
        assertThat(Files.getPosixFilePermissions(file(sha))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        for (Path dir : List.of(dataDir, root, root.resolve("incoming"), file(sha).getParent(), file(sha).getParent().getParent())) {
            assertThat(Files.getPosixFilePermissions(dir)).as(dir.toString())
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aDataDirectoryLeftOpenIsClosedAtStart() throws Exception {
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        setUp();
        assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(root)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void putStoresUnderTheHashAndLeavesNoTemporaryFiles() throws Exception {
        byte[] content = bytes("plate photo");
        String sha = ContentHash.of(content);
        assertThat(store.put(sha, content)).isTrue();
        assertThat(file(sha)).isRegularFile().hasBinaryContent(content);
        assertThat(store.path(sha)).isEqualTo(file(sha));
        assertThat(root.resolve("incoming")).isEmptyDirectory();
        try (var in = store.open(sha)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        try (var channel = store.channel(sha)) {
            assertThat(channel.size()).isEqualTo(content.length);
        }
    }

    @Test
    void stagedFilesAreInvisibleUntilPublishedTogetherAndAnExistingObjectKeepsItsBytes() throws Exception {
        byte[] first = bytes("overview of car one");
        byte[] second = bytes("overview of car two");
        byte[] known = bytes("stored before");
        String a = ContentHash.of(first);
        String b = ContentHash.of(second);
        String c = ContentHash.of(known);
        store.put(c, known);
        var stagedA = store.stage(a, first);
        var stagedB = store.stage(b, second);
        var stagedC = store.stage(c, bytes("another copy of what is stored"));
        assertThat(store.exists(a)).isFalse();
        assertThat(stagedA.temporary()).isRegularFile().hasBinaryContent(first);
        assertThat(Files.getPosixFilePermissions(stagedA.temporary())).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        assertThat(store.publish(List.of(stagedA, stagedB, stagedC))).containsExactly(a, b);
        assertThat(file(a)).hasBinaryContent(first);
        assertThat(file(b)).hasBinaryContent(second);
        assertThat(file(c)).hasBinaryContent(known);
        assertThat(root.resolve("incoming")).isEmptyDirectory();

        var dropped = store.stage(ContentHash.of(bytes("refused read")), bytes("refused read"));
        store.discard(dropped);
        assertThat(root.resolve("incoming")).isEmptyDirectory();
        assertThat(store.exists(ContentHash.of(bytes("refused read")))).isFalse();
    }

    @Test
    void replaceSwapsTheBytesWholeAndLeavesNoTemporaryFiles() throws Exception {
        byte[] content = bytes("plain, from before encryption");
        String sha = ContentHash.of(content);
        store.put(sha, content);
        store.replace(sha, bytes("the same, encrypted"));
        assertThat(file(sha)).hasBinaryContent(bytes("the same, encrypted"));
        assertThat(Files.getPosixFilePermissions(file(sha))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(root.resolve("incoming")).isEmptyDirectory();
        List<String> names = new ArrayList<>();
        store.forEach(names::add);
        assertThat(names).containsExactly(sha);
    }

    @Test
    void putIsIdempotentAndReportsExistingContent() throws Exception {
        byte[] content = bytes("overview photo");
        String sha = ContentHash.of(content);
        assertThat(store.put(sha, content)).isTrue();
        FileTime written = Files.getLastModifiedTime(file(sha));
        Files.setLastModifiedTime(file(sha), FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        written = Files.getLastModifiedTime(file(sha));

        assertThat(store.put(sha, content)).isFalse();
        assertThat(store.put(sha, content)).isFalse();
        assertThat(file(sha)).hasBinaryContent(content);
        assertThat(Files.getLastModifiedTime(file(sha))).as("the existing file is not rewritten").isEqualTo(written);
        assertThat(root.resolve("incoming")).isEmptyDirectory();
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
    }

    @Test
    void concurrentPutsOfTheSameContentCreateItOnce() throws Exception {
        byte[] content = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(content);
        String sha = ContentHash.of(content);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return store.put(sha, content);
                }));
            }
            go.countDown();
            int created = 0;
            for (var r : results) {
                created += r.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(file(sha)).hasBinaryContent(content);
        assertThat(root.resolve("incoming")).isEmptyDirectory();
    }

    @Test
    void differentContentGoesToDifferentFiles() throws Exception {
        Set<Path> paths = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 20; i++) {
            byte[] content = bytes("read " + i);
            String sha = ContentHash.of(content);
            assertThat(store.put(sha, content)).isTrue();
            paths.add(file(sha));
        }
        assertThat(paths).hasSize(20).allSatisfy(p -> assertThat(p).isRegularFile());
    }

    @Test
    void namesThatAreNotHashesAreRefused() {
        for (String bad : new String[] {"../../setup-token", "ABCDEF" + "0".repeat(58), "0".repeat(63), "0".repeat(65),
                "0".repeat(62) + "/x", ""}) {
            assertThatThrownBy(() -> store.put(bad, bytes("x"))).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.channel(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void openingUnknownContentIsNoSuchFile() {
        String sha = ContentHash.of(bytes("never stored"));
        assertThatThrownBy(() -> store.open(sha)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void sweepRemovesOnlyOldUnreferencedFilesAndOldLeftovers() throws Exception {
        Instant old = Instant.now().minus(Duration.ofHours(3));
        byte[] a = bytes("old, unreferenced");
        byte[] b = bytes("old, referenced");
        byte[] c = bytes("new, unreferenced");
        for (byte[] content : List.of(a, b, c)) {
            store.put(ContentHash.of(content), content);
        }
        Files.setLastModifiedTime(file(ContentHash.of(a)), FileTime.from(old));
        Files.setLastModifiedTime(file(ContentHash.of(b)), FileTime.from(old));
        Path oldLeftover = Files.write(root.resolve("incoming").resolve(ContentHash.of(a) + ".x.tmp"), bytes("partial"));
        Files.setLastModifiedTime(oldLeftover, FileTime.from(old));
        Path newLeftover = Files.write(root.resolve("incoming").resolve(ContentHash.of(c) + ".y.tmp"), bytes("in flight"));
        Path foreign = Files.write(root.resolve("README"), bytes("not evidence"));
        Files.setLastModifiedTime(foreign, FileTime.from(old));

        List<String> asked = new ArrayList<>();
        int deleted = store.sweep(Duration.ofHours(1), sha -> {
            asked.add(sha);
            return sha.equals(ContentHash.of(b));
        });

        assertThat(deleted).isEqualTo(2);
        assertThat(file(ContentHash.of(a))).doesNotExist();
        assertThat(oldLeftover).doesNotExist();
        assertThat(file(ContentHash.of(b))).hasBinaryContent(b);
        assertThat(file(ContentHash.of(c))).hasBinaryContent(c);
        assertThat(newLeftover).exists();
        assertThat(foreign).exists();
        // Only old, hash-named files are looked up; new files are never candidates.
        assertThat(asked).containsExactlyInAnyOrder(ContentHash.of(a), ContentHash.of(b));
    }

    @Test
    void sweepOfAnEmptyStoreDeletesNothing() throws Exception {
        assertThat(store.sweep(Duration.ZERO, sha -> false)).isZero();
        assertThat(root.resolve("incoming")).isDirectory();
    }
}
