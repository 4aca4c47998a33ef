package dev.plateguard.server.users;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import dev.plateguard.server.InstallationKeys;

/**
 * Encrypts TOTP secrets for the database with AES-256-GCM (JDK) under the installation key {@value #KEY_NAME}, which
 * lives outside the database ({@link InstallationKeys}): a dump or backup alone cannot produce codes. Each secret
 * gets a fresh 96-bit nonce, and the user id is authenticated with it, so that a secret copied onto another user's
 * row does not decrypt. Stored as {@code version (1) ‖ nonce (12) ‖ ciphertext and tag}.
 */
@Component
class TotpSecretBox {

    static final String KEY_NAME = "totp-secrets";
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InstallationKeys keys;

    TotpSecretBox(InstallationKeys keys) {
        this.keys = keys;
    }

    byte[] seal(long userId, byte[] secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, userId);
            byte[] sealed = cipher.doFinal(secret);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a TOTP secret", e);
        }
    }

    byte[] open(long userId, byte[] box) {
        if (box == null || box.length < 1 + NONCE_BYTES + TAG_BITS / 8 || box[0] != VERSION) {
            throw new IllegalStateException("unreadable TOTP secret of user " + userId);
        }
        byte[] nonce = java.util.Arrays.copyOfRange(box, 1, 1 + NONCE_BYTES);
        try {
            return cipher(Cipher.DECRYPT_MODE, nonce, userId).doFinal(box, 1 + NONCE_BYTES, box.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the TOTP secret of user " + userId + " does not decrypt under the key "
                    + keys.file(KEY_NAME) + " (another installation's key, or a row moved between users)", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, long userId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(keys.key(KEY_NAME), 0, 32, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(("plateguard totp-secret v1 user:" + userId).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
