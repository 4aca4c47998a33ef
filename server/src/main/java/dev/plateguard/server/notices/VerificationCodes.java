package dev.plateguard.server.notices;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.InstallationKeys;

/**
 * The code printed on a notice: HMAC-SHA256 of the notice number under a per-installation secret, in 10
 * unambiguous characters. Anyone holding a notice can prove it genuine; nobody can mint one without the secret.
 * <p>
 * The secret is the installation key {@value #KEY_NAME}, kept outside the database, so that a database dump
 * alone cannot mint notices. Installations from before kept it in table {@code notice_key}: at start, that key
 * is copied to the key file (printed notices keep verifying) and then removed from the database.
 */
@Component
class VerificationCodes {

    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray(); // no 0/O, 1/I

    static final String KEY_NAME = "notice-signing";
    private static final Logger log = LoggerFactory.getLogger(VerificationCodes.class);

    private final JdbcClient jdbc;
    private final InstallationKeys keys;
    private volatile byte[] secret;

    VerificationCodes(JdbcClient jdbc, InstallationKeys keys) {
        this.jdbc = jdbc;
        this.keys = keys;
    }

    /** Carries an old database key over at start rather than at the first notice. */
    @EventListener(ApplicationReadyEvent.class)
    void carryOverAtStart() {
        secret();
    }

    String codeFor(String noticeNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
            byte[] digest = mac.doFinal(noticeNumber.getBytes(StandardCharsets.US_ASCII));
            StringBuilder code = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                code.append(ALPHABET[(digest[i] & 0xff) % ALPHABET.length]);
            }
            return code.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean matches(String noticeNumber, String code) {
        String normalised = code == null ? "" : code.strip().toUpperCase(java.util.Locale.ROOT).replace("-", "").replace(" ", "");
        return MessageDigest.isEqual(codeFor(noticeNumber).getBytes(StandardCharsets.US_ASCII),
                normalised.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] secret() {
        byte[] s = secret;
        if (s == null) {
            synchronized (this) {
                s = secret;
                if (s == null) {
                    s = carryOver();
                    secret = s;
                }
            }
        }
        return s;
    }

    /** The key file's key, first importing the database's key when there is one and no file yet. */
    byte[] carryOver() {
        Optional<byte[]> legacy = jdbc.sql("select secret from notice_key where id = 1").query(byte[].class).optional();
        if (legacy.isEmpty()) {
            return keys.key(KEY_NAME);
        }
        byte[] kept = keys.importIfAbsent(KEY_NAME, legacy.get());
        if (Arrays.equals(kept, legacy.get())) {
            jdbc.sql("delete from notice_key where id = 1").update();
            log.info("The notice signing key moved from the database to {}", keys.file(KEY_NAME));
        } else {
            // Both exist and differ: notices signed with the database key would no longer verify. Keep the row
            // so that nothing is lost, and say so.
            log.error("Table notice_key and key file {} hold different notice signing keys; the file's is used. "
                    + "Notices printed with the database key will not verify until this is resolved.", keys.file(KEY_NAME));
        }
        return kept;
    }
}
