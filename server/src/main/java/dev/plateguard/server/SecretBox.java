package dev.plateguard.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets the server must read back (TOTP secrets, webhook signing secrets) for the database with
 * AES-256-GCM (JDK) under an installation key, which lives outside the database ({@link InstallationKeys}): a dump
 * or backup alone reveals none of them. Each secret gets a fresh 96-bit nonce, and its owner (a user id, a webhook
 * id) is authenticated with it, so that a secret copied onto another row does not decrypt. Stored as
 * {@code version (1) ‖ nonce (12) ‖ ciphertext and tag}.
 */
public final class SecretBox {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InstallationKeys keys;
    private final String keyName;
    private final String what;
    private final String context;

    /**
     * @param keyName the installation key's name ({@code totp-secrets})
     * @param what    what is kept, for messages ({@code TOTP secret})
     * @param context the authenticated context before the owner ({@code plateguard totp-secret v1 user:})
     */
    public SecretBox(InstallationKeys keys, String keyName, String what, String context) {
        this.keys = keys;
        this.keyName = keyName;
        this.what = what;
        this.context = context;
    }

    public byte[] seal(Object owner, byte[] secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, owner).doFinal(secret);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a " + what, e);
        }
    }

    public byte[] open(Object owner, byte[] box) {
        if (box == null || box.length < 1 + NONCE_BYTES + TAG_BITS / 8 || box[0] != VERSION) {
            throw new IllegalStateException("unreadable " + what + " of " + owner);
        }
        byte[] nonce = Arrays.copyOfRange(box, 1, 1 + NONCE_BYTES);
        try {
            return cipher(Cipher.DECRYPT_MODE, nonce, owner).doFinal(box, 1 + NONCE_BYTES, box.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the " + what + " of " + owner + " does not decrypt under the key "
                    + keys.file(keyName) + " (another installation's key, or a row moved to another owner)", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, Object owner) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(keys.key(keyName), 0, 32, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((context + owner).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
