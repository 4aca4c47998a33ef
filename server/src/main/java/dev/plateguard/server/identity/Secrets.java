package dev.plateguard.server.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Bearer secrets: 256 random bits behind a recognisable prefix ({@code pgd_} device key, {@code pgu_} personal
 * token, {@code pge_} second-factor enrolment token, {@code pgm_} metrics scrape token) so that secret scanners can spot a leaked one. Only a SHA-256 of the secret is stored: with 256 bits
 * of entropy a slow password hash adds nothing, and lookups stay a single index probe.
 */
public final class Secrets {

    public static final String DEVICE_KEY_PREFIX = "pgd_";
    public static final String USER_TOKEN_PREFIX = "pgu_";
    /** Allows enrolling a second factor and nothing else; short-lived. */
    public static final String ENROLMENT_TOKEN_PREFIX = "pge_";
    /** Lets Prometheus read the metrics ({@code /actuator/prometheus}) and nothing else; configured as its hash. */
    public static final String SCRAPE_TOKEN_PREFIX = "pgm_";
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** A new secret: prefix plus 43 base62 characters (≥ 256 bits). */
    public static String generate(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 43; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first characters after the prefix, shown in key lists so that an operator can tell keys apart. */
    public static String hint(String secret) {
        return secret.substring(0, Math.min(secret.length(), 10)) + "…";
    }

    /** Cheap shape check before any database lookup. */
    public static boolean looksLike(String secret, String prefix) {
        if (secret == null || secret.length() != prefix.length() + 43 || !secret.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
