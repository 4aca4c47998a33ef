package dev.plateguard.server.evidence;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * Evidence encrypted at rest: every object under its own random AES-256 data key, wrapped by a master key
 * ({@link MasterKeys}) and kept in {@code evidence_key}, apart from the object. Objects written before encryption was
 * introduced are still read as they are until {@link EvidenceEncryptionMigration} has encrypted them.
 */
@Component
@Primary
class EncryptedEvidenceStore implements EvidenceStore {

    private final EvidenceObjects objects;
    private final EvidenceKeys keys;

    EncryptedEvidenceStore(EvidenceObjects objects, EvidenceKeys keys) {
        this.objects = objects;
        this.keys = keys;
    }

    @Override
    public boolean put(String sha256, byte[] bytes) throws IOException {
        if (objects.exists(sha256)) {
            return false;
        }
        return objects.put(sha256, encrypt(sha256, bytes, false));
    }

    @Override
    public StagedEvidence stage(String sha256, byte[] bytes) throws IOException {
        if (objects.exists(sha256)) {
            return new StagedEvidence(sha256, null);
        }
        return new StagedEvidence(sha256, objects.stage(sha256, encrypt(sha256, bytes, false)));
    }

    @Override
    public Set<String> publish(List<StagedEvidence> staged) throws IOException {
        List<EvidenceObjects.Staged> toPublish = new ArrayList<>(staged.size());
        for (StagedEvidence s : staged) {
            if (!s.alreadyStored()) {
                toPublish.add(s.staged());
            }
        }
        return objects.publish(toPublish);
    }

    @Override
    public void discard(List<StagedEvidence> staged) {
        for (StagedEvidence s : staged) {
            if (!s.alreadyStored()) {
                try {
                    objects.discard(s.staged());
                } catch (IOException | RuntimeException e) {
                    // a leftover temporary copy: the sweeper removes it after the grace period
                }
            }
        }
    }

    /** Encrypts a plain object stored before encryption in place; false when it is already encrypted or gone. */
    boolean encryptInPlace(String sha256, byte[] plaintext) throws IOException {
        if (!objects.exists(sha256)) {
            return false;
        }
        objects.replace(sha256, encrypt(sha256, plaintext, true));
        return true;
    }

    private byte[] encrypt(String sha256, byte[] bytes, boolean durableKey) throws IOException {
        try {
            return EvidenceCipher.encrypt(keys.obtain(sha256, durableKey), sha256, bytes);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt evidence " + sha256 + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        InputStream stored = objects.open(sha256);
        try {
            byte[] header = stored.readNBytes(EvidenceCipher.HEADER.length);
            if (!EvidenceCipher.isEncrypted(header)) {
                return new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(header), stored);
            }
            byte[] dataKey = dataKey(sha256);
            return new Authenticated(EvidenceCipher.decrypting(dataKey, sha256, new StorageErrors(stored)), sha256);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            stored.close();
            if (e instanceof EvidenceAuthenticationFailure failure) {
                throw failure;
            }
            if (e instanceof GeneralSecurityException) {
                throw new EvidenceAuthenticationFailure("evidence " + sha256 + " does not decrypt", e);
            }
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    @Override
    public Optional<SeekableByteChannel> openAuthenticated(String sha256) throws IOException {
        SeekableByteChannel stored = objects.channel(sha256);
        try {
            ByteBuffer header = ByteBuffer.allocate(EvidenceCipher.HEADER.length);
            while (header.hasRemaining() && stored.read(header) >= 0) {
                // read the whole header
            }
            if (!EvidenceCipher.isEncrypted(header.array())) {
                stored.close();
                return Optional.empty();
            }
            return Optional.of(EvidenceCipher.seekable(dataKey(sha256), sha256, stored));
        } catch (GeneralSecurityException e) {
            stored.close();
            throw new EvidenceAuthenticationFailure("evidence " + sha256 + " does not decrypt", e);
        } catch (IOException | RuntimeException e) {
            stored.close();
            throw e;
        }
    }

    private byte[] dataKey(String sha256) throws EvidenceAuthenticationFailure {
        try {
            return keys.dataKey(sha256).orElseThrow(() -> new EvidenceAuthenticationFailure(
                    "evidence " + sha256 + " has no data key (shredded, or its read never committed)", null));
        } catch (GeneralSecurityException e) {
            throw new EvidenceAuthenticationFailure("the data key of evidence " + sha256 + " does not unwrap: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String sha256) throws IOException {
        keys.delete(sha256);
        objects.delete(sha256);
    }

    @Override
    public int sweep(Duration grace, Predicate<String> referenced) throws IOException {
        int deleted = objects.sweep(grace, referenced);
        for (String sha : keys.orphans(grace)) {
            delete(sha);
        }
        return deleted;
    }

    /** Marks failures of the storage underneath, so that every other failure of decryption is authentication's. */
    private static final class StorageErrors extends FilterInputStream {
        StorageErrors(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new StorageFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new StorageFailure(e);
            }
        }
    }

    private static final class StorageFailure extends IOException {
        StorageFailure(IOException cause) {
            super(cause);
        }
    }

    private static final class Authenticated extends FilterInputStream {
        private final String sha256;

        Authenticated(InputStream decrypting, String sha256) {
            super(decrypting);
            this.sha256 = sha256;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw translate(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw translate(e);
            }
        }

        private IOException translate(IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof StorageFailure storage) {
                    return (IOException) storage.getCause();
                }
            }
            return new EvidenceAuthenticationFailure("evidence " + sha256 + " fails authentication", e);
        }
    }
}
