package dev.plateguard.server.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Content-addressed evidence: an object's name is the SHA-256 of its bytes. What callers put and read is the media
 * itself; at rest it is encrypted ({@link EncryptedEvidenceStore}).
 */
public interface EvidenceStore {

    /**
     * Stores bytes durably (written and fsynced before returning).
     *
     * @return true when the object was new, false when identical content was already stored
     */
    boolean put(String sha256, byte[] bytes) throws IOException;

    /**
     * The first half of a grouped {@link #put}, on the caller's thread: encrypts the bytes and writes them durably
     * under a temporary name, unless identical content is already stored.
     */
    StagedEvidence stage(String sha256, byte[] bytes) throws IOException;

    /**
     * The second half, for many objects at once (ingest's group commit): puts every staged object in place, durably,
     * unless one of that name exists by now.
     *
     * @return the names of the objects that were new
     */
    Set<String> publish(List<StagedEvidence> staged) throws IOException;

    /** Drops staged objects that will not be published (their temporary copies); never throws. */
    void discard(List<StagedEvidence> staged);

    /**
     * Opens stored content for reading, or throws {@link java.nio.file.NoSuchFileException}. A stream of encrypted
     * content throws {@link EvidenceAuthenticationFailure} where its bytes were altered or its key is gone.
     */
    InputStream open(String sha256) throws IOException;

    /**
     * The content as a seekable channel whose every byte is authenticated as it is read (a video seek decrypts only
     * the segments it touches), or empty for an object stored before encryption, which only a whole read can
     * verify.
     */
    Optional<SeekableByteChannel> openAuthenticated(String sha256) throws IOException;

    /** Deletes stored content and destroys its key, so that no copy of it can be read (no error when already gone). */
    void delete(String sha256) throws IOException;

    /**
     * Deletes objects older than {@code grace} for which {@code referenced} is false.
     *
     * @return how many were deleted
     */
    int sweep(Duration grace, Predicate<String> referenced) throws IOException;
}
