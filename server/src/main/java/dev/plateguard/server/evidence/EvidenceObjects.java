package dev.plateguard.server.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
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
}
