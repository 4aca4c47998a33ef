package dev.plateguard.server.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Content-addressed evidence storage: a file's name is the SHA-256 of its bytes. The file system store is the
 * embedded default; an S3-compatible store implements the same contract.
 */
public interface EvidenceStore {

    /**
     * Stores bytes durably (written and fsynced before returning).
     *
     * @return true when the file was new, false when identical content was already stored
     */
    boolean put(String sha256, byte[] bytes) throws IOException;

    /** Opens stored content for reading, or throws {@link java.nio.file.NoSuchFileException}. */
    InputStream open(String sha256) throws IOException;

    long size(String sha256) throws IOException;

    /** Deletes stored content (no error when it is already gone). */
    void delete(String sha256) throws IOException;

    /**
     * Deletes files older than {@code grace} for which {@code referenced} is false.
     *
     * @return how many were deleted
     */
    int sweep(Duration grace, Predicate<String> referenced) throws IOException;
}
