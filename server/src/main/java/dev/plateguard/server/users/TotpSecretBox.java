package dev.plateguard.server.users;

import org.springframework.stereotype.Component;

import dev.plateguard.server.InstallationKeys;
import dev.plateguard.server.SecretBox;

/**
 * Encrypts TOTP secrets for the database under the installation key {@value #KEY_NAME} ({@link SecretBox}): a dump
 * or backup alone cannot produce codes, and a secret copied onto another user's row does not decrypt.
 */
@Component
class TotpSecretBox {

    static final String KEY_NAME = "totp-secrets";

    private final SecretBox box;

    TotpSecretBox(InstallationKeys keys) {
        this.box = new SecretBox(keys, KEY_NAME, "TOTP secret", "plateguard totp-secret v1 user:");
    }

    byte[] seal(long userId, byte[] secret) {
        return box.seal(userId, secret);
    }

    byte[] open(long userId, byte[] sealed) {
        return box.open(userId, sealed);
    }
}
