package dev.plateguard.server.notices;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The code printed on a notice: HMAC-SHA256 of the notice number under a per-installation secret, in 10
 * unambiguous characters. Anyone holding a notice can prove it genuine; nobody can mint one without the secret.
 */
@Component
class VerificationCodes {

    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray(); // no 0/O, 1/I

    private final JdbcClient jdbc;
    private volatile byte[] secret;

    VerificationCodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            jdbc.sql("insert into notice_key (id, secret) values (1, ?) on conflict (id) do nothing").param(fresh).update();
            s = jdbc.sql("select secret from notice_key where id = 1").query(byte[].class).single();
            secret = s;
        }
        return s;
    }
}
