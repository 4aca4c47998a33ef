package dev.plateguard.server.users;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;

/**
 * RFC 6238 time-based codes exactly as authenticator apps compute them: HMAC-SHA-1, 6 digits, 30-second steps from
 * the Unix epoch, a 160-bit secret shown in base32 (RFC 4648). Codes come from java-otp; base32 from commons-codec.
 */
final class Totp {

    static final Duration STEP = Duration.ofSeconds(30);
    static final int DIGITS = 6;
    /** Steps accepted either side of the server's current one, for a phone whose clock drifts. */
    static final int DRIFT_STEPS = 1;
    private static final int SECRET_BYTES = 20;
    private static final Pattern CODE = Pattern.compile("\\d{" + DIGITS + "}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TimeBasedOneTimePasswordGenerator GENERATOR =
            new TimeBasedOneTimePasswordGenerator(STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    private Totp() {
    }

    static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** The secret as authenticator apps take it when typed in: base32, upper case, no padding. */
    static String base32(byte[] secret) {
        return new Base32().encodeToString(secret).replace("=", "");
    }

    /** {@code otpauth://totp/Issuer:user?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30} (Key Uri Format). */
    static String uri(String issuer, String username, byte[] secret) {
        String label = encode(issuer) + ":" + encode(username);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Whether this looks like a TOTP code (six digits, spaces allowed as apps show "123 456"). */
    static boolean looksLikeCode(String input) {
        return input != null && CODE.matcher(normalise(input)).matches();
    }

    static String normalise(String input) {
        return input.replace(" ", "").strip();
    }

    static long step(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP.toSeconds());
    }

    static String code(byte[] secret, long step) {
        try {
            return GENERATOR.generateOneTimePasswordString(new SecretKeySpec(secret, "HmacSHA1"),
                    Instant.ofEpochSecond(step * STEP.toSeconds()), Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The step within {@link #DRIFT_STEPS} of {@code now} whose code this is and that is later than {@code after}
     * (the last step accepted before; null for none); empty when none is. Every candidate is compared in constant time.
     *
     * @param matchedAny set to true when the code matches some step in the window, used or not (a replay)
     */
    static OptionalLong match(byte[] secret, String input, Instant now, Long after, boolean[] matchedAny) {
        if (!looksLikeCode(input)) {
            return OptionalLong.empty();
        }
        byte[] given = normalise(input).getBytes(StandardCharsets.US_ASCII);
        long current = step(now);
        long found = Long.MIN_VALUE;
        for (long s = current - DRIFT_STEPS; s <= current + DRIFT_STEPS; s++) {
            if (MessageDigest.isEqual(given, code(secret, s).getBytes(StandardCharsets.US_ASCII))) {
                matchedAny[0] = true;
                if ((after == null || s > after) && found == Long.MIN_VALUE) {
                    found = s;
                }
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }
}
