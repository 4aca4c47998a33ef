package dev.plateguard.server.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.plateguard.server.DataDirectory;
import dev.plateguard.server.PlateGuardProperties;

/**
 * Evidence objects under {@code <data dir>/evidence/ab/cd/<sha256>}. A file is written to a temporary name, fsynced,
 * linked into place and its directory fsynced, so after {@link #put} returns it survives a crash, and a
 * reader never sees a partial file.
 */
@Component
@ConditionalOnProperty(name = "plateguard.evidence.store", havingValue = "file", matchIfMissing = true)
class FileSystemEvidenceObjects implements EvidenceObjects {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final Path incoming;

    private final Path dataDir;

    FileSystemEvidenceObjects(PlateGuardProperties properties) throws IOException {
        this.dataDir = properties.dataDir().toAbsolutePath().normalize();
        this.root = dataDir.resolve("evidence");
        this.incoming = root.resolve("incoming");
        DataDirectory.createPrivate(dataDir, incoming);
    }

    @Override
    public boolean exists(String sha256) {
        return Files.exists(path(sha256));
    }

    @Override
    public boolean put(String sha256, byte[] bytes) throws IOException {
        Path target = path(sha256);
        if (Files.exists(target)) {
            return false;
        }
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            DataDirectory.createPrivate(dataDir, dir);
        }
        Path tmp = writeTemporary(sha256, bytes);
        // A hard link is an atomic create-if-absent: exactly one of several concurrent uploads of the same
        // content creates the file and reports it as new. (A rename would silently replace the winner's file,
        // and both would report true.)
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp); // a concurrent upload of the same content won the race
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // A file system without hard links: rename instead; a racing upload then replaces the same bytes.
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(tmp);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
        return true;
    }

    /** Writes and fsyncs the bytes under a temporary name: the part of a write that concurrent requests share well. */
    @Override
    public Staged stage(String sha256, byte[] bytes) throws IOException {
        path(sha256); // the name is checked before anything is written
        return new Staged(sha256, null, writeTemporary(sha256, bytes));
    }

    /**
     * Links every staged file into place, then fsyncs each directory touched once. On ext4 the first directory fsync
     * commits the journal transaction that holds all the links, so a group costs about one journal commit, where
     * {@link #put} costs one per file.
     */
    @Override
    public Set<String> publish(List<Staged> staged) throws IOException {
        Set<String> created = new LinkedHashSet<>();
        Set<Path> directories = new LinkedHashSet<>();
        for (Staged s : staged) {
            if (s.temporary() == null) {
                if (put(s.sha256(), s.bytes())) {
                    created.add(s.sha256());
                }
                continue;
            }
            Path target = path(s.sha256());
            Path dir = target.getParent();
            if (!Files.isDirectory(dir)) {
                DataDirectory.createPrivate(dataDir, dir);
            }
            try {
                Files.createLink(target, s.temporary());
                created.add(s.sha256());
            } catch (FileAlreadyExistsException e) {
                // stored before, or by an earlier item of this group: its bytes are kept
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (Files.exists(target)) {
                    Files.deleteIfExists(s.temporary());
                    continue;
                }
                Files.move(s.temporary(), target, StandardCopyOption.ATOMIC_MOVE);
                created.add(s.sha256());
            }
            Files.deleteIfExists(s.temporary());
            directories.add(dir);
        }
        for (Path dir : directories) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        }
        return created;
    }

    @Override
    public void discard(Staged staged) throws IOException {
        if (staged.temporary() != null) {
            Files.deleteIfExists(staged.temporary());
        }
    }

    @Override
    public void replace(String sha256, byte[] bytes) throws IOException {
        Path target = path(sha256);
        Path tmp = writeTemporary(sha256, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /**
     * Writes to {@code incoming}, fsynced, owner-only from the moment it exists: evidence shows people and places. A
     * write that fails (a full disk) removes its partial file at once, so nothing half-written stays behind.
     */
    private Path writeTemporary(String sha256, byte[] bytes) throws IOException {
        Path tmp = incoming.resolve(sha256 + "." + UUID.randomUUID() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                DataDirectory.ownerOnlyFile())) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return tmp;
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        return Files.newInputStream(path(sha256));
    }

    @Override
    public SeekableByteChannel channel(String sha256) throws IOException {
        return FileChannel.open(path(sha256), StandardOpenOption.READ);
    }

    @Override
    public void forEach(Consumer<String> each) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> !f.getParent().equals(incoming) && SHA256.matcher(f.getFileName().toString()).matches()
                    && Files.isRegularFile(f)).forEach(f -> each.accept(f.getFileName().toString()));
        }
    }

    @Override
    public void delete(String sha256) throws IOException {
        Files.deleteIfExists(path(sha256));
    }

    @Override
    public int sweep(Duration grace, Predicate<String> referenced) throws IOException {
        Instant cutoff = Instant.now().minus(grace);
        int deleted = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                FileTime modified = Files.getLastModifiedTime(file);
                if (modified.toInstant().isAfter(cutoff)) {
                    continue;
                }
                String name = file.getFileName().toString();
                boolean leftover = file.getParent().equals(incoming);
                if (leftover || SHA256.matcher(name).matches() && !referenced.test(name)) {
                    Files.deleteIfExists(file);
                    deleted++;
                }
            }
        }
        return deleted;
    }

    Path path(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }
}
