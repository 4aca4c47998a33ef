package dev.plateguard.server.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;

/**
 * The format of an encrypted evidence object: an 8-byte header ({@code PGEV}, format version 1, three zero bytes),
 * then Tink's AES-256-GCM-HKDF streaming ciphertext in 64 KiB segments. Each segment is authenticated on its own,
 * so a range of a video is read by decrypting only the segments it touches; the object's SHA-256 name is the
 * associated data, so an object cannot be passed off under another name.
 */
final class EvidenceCipher {

    static final byte[] HEADER = {'P', 'G', 'E', 'V', 1, 0, 0, 0};
    static final int DATA_KEY_BYTES = 32;
    private static final int SEGMENT_BYTES = 64 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    private EvidenceCipher() {
    }

    static byte[] newDataKey() {
        byte[] key = new byte[DATA_KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** Whether stored bytes begin as an encrypted object does (anything else is a plain file from before encryption). */
    static boolean isEncrypted(byte[] firstBytes) {
        return firstBytes.length >= HEADER.length && Arrays.equals(firstBytes, 0, HEADER.length, HEADER, 0, HEADER.length);
    }

    static byte[] encrypt(byte[] dataKey, String sha256, byte[] plaintext) throws GeneralSecurityException {
        StreamingAead aead = aead(dataKey);
        ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + plaintext.length / 2000 + 128);
        out.writeBytes(HEADER);
        try (OutputStream encrypting = aead.newEncryptingStream(out, associatedData(sha256))) {
            encrypting.write(plaintext);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory encryption failed", e);
        }
        return out.toByteArray();
    }

    /** Decrypts a whole object read from {@code stored}, whose header has already been consumed. */
    static InputStream decrypting(byte[] dataKey, String sha256, InputStream afterHeader)
            throws GeneralSecurityException, IOException {
        return aead(dataKey).newDecryptingStream(afterHeader, associatedData(sha256));
    }

    /** The plaintext as a seekable channel over the stored object (header included in {@code stored}). */
    static SeekableByteChannel seekable(byte[] dataKey, String sha256, SeekableByteChannel stored)
            throws GeneralSecurityException, IOException {
        return aead(dataKey).newSeekableDecryptingChannel(new AfterHeader(stored), associatedData(sha256));
    }

    private static StreamingAead aead(byte[] dataKey) throws GeneralSecurityException {
        return new AesGcmHkdfStreaming(dataKey, "HmacSha256", DATA_KEY_BYTES, SEGMENT_BYTES, 0);
    }

    private static byte[] associatedData(String sha256) {
        return ("plateguard-evidence:" + sha256).getBytes(StandardCharsets.US_ASCII);
    }

    /** The stored object without its header, as Tink expects the ciphertext to begin. */
    private static final class AfterHeader implements SeekableByteChannel {
        private final SeekableByteChannel stored;

        AfterHeader(SeekableByteChannel stored) throws IOException {
            this.stored = stored;
            stored.position(HEADER.length);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return stored.read(dst);
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public long position() throws IOException {
            return stored.position() - HEADER.length;
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            stored.position(newPosition + HEADER.length);
            return this;
        }

        @Override
        public long size() throws IOException {
            return stored.size() - HEADER.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public boolean isOpen() {
            return stored.isOpen();
        }

        @Override
        public void close() throws IOException {
            stored.close();
        }
    }
}
