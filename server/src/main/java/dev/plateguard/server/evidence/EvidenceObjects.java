package dev.plateguard.server.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where evidence objects are kept, as opaque bytes named by the SHA-256 of their plaintext. What reaches it is
 * already encrypted ({@link EncryptedEvidenceStore}); the local file system is the embedded default, and an
 * S3-compatible store can implement the same contract.
 */
interface EvidenceObjects {

    /** Whether an object of that name exists. */
    boolean exists(String sha256) throws IOException;

    /**
     * Stores bytes durably (written and fsynced before returning), unless an object of that name exists.
     *
     * @return true when it was new, false when one was already stored (its bytes are kept)
     */
    boolean put(String sha256, byte[] bytes) throws IOException;

    /** Replaces an existing object's bytes atomically and durably (readers see the old or the new bytes, whole). */
    void replace(String sha256, byte[] bytes) throws IOException;

    /** Opens an object for reading, or throws {@link java.nio.file.NoSuchFileException}. */
    InputStream open(String sha256) throws IOException;

    /** Opens an object for positioned reads (video seeking), or throws {@link java.nio.file.NoSuchFileException}. */
    SeekableByteChannel channel(String sha256) throws IOException;

    /** Deletes an object (no error when it is already gone). */
    void delete(String sha256) throws IOException;

    /** Calls {@code each} with the name of every stored object. */
    void forEach(Consumer<String> each) throws IOException;

    /**
     * Deletes objects older than {@code grace} for which {@code referenced} is false, and leftovers of interrupted
     * writes.
     *
     * @return how many were deleted
     */
    int sweep(Duration grace, Predicate<String> referenced) throws IOException;

    /**
     * An object prepared for {@link #publish}: its bytes, or a durable temporary copy of them.
     *
     * @param bytes     the bytes, when this store keeps nothing before publishing
     * @param temporary a written and fsynced copy under a temporary name, or null
     * @param storedNew set when staging already stored the object (a store whose writes are slow round trips, such
     *                  as S3, writes on the request's thread): whether it was new; null when {@link #publish} must
     */
    record Staged(String sha256, byte[] bytes, Path temporary, Boolean storedNew) {

        Staged(String sha256, byte[] bytes, Path temporary) {
            this(sha256, bytes, temporary, null);
        }
    }

    /**
     * Prepares an object for {@link #publish} on the caller's thread, so that the expensive part of a write (for
     * files: writing and fsyncing the bytes) runs in parallel across requests. The default keeps the bytes.
     */
    default Staged stage(String sha256, byte[] bytes) throws IOException {
        return new Staged(sha256, bytes, null);
    }

    /**
     * Makes many staged objects durable and visible at once (a group commit of ingest), each unless an object of
     * that name exists. The default stores them one by one.
     *
     * @return the names of those that were new
     */
    default Set<String> publish(List<Staged> staged) throws IOException {
        Set<String> created = new LinkedHashSet<>();
        for (Staged s : staged) {
            if (s.storedNew() != null ? s.storedNew() : put(s.sha256(), s.bytes())) {
                created.add(s.sha256());
            }
        }
        return created;
    }

    /** Drops what {@link #stage} prepared and was not published (no error when nothing is left). */
    default void discard(Staged staged) throws IOException {
    }
}
