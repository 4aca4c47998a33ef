package dev.plateguard.server;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;

/**
 * The suite's authenticator app: it keeps the TOTP secret of every test user that enrolled (per server, since several
 * test servers run in one JVM) and computes codes with java-otp, as a phone would. The server accepts a code within
 * one 30-second step of its clock and never the same step twice for a user, so codes are handed out for steps that
 * are later than the last one used and that the server accepts even if a request takes a moment; when none is left,
 * this waits for the clock (at most one step). Real time throughout: the server under test is not given a fake clock.
 */
public final class TestAuthenticator {

    private static final long STEP_MILLIS = 30_000;
    /** A code must still be accepted this long after it was computed. */
    private static final long MARGIN_MILLIS = 5_000;
    private static final TimeBasedOneTimePasswordGenerator TOTP = new TimeBasedOneTimePasswordGenerator();

    private static final Map<String, String> SECRETS = new ConcurrentHashMap<>();
    private static final Map<String, Long> LAST_STEP = new ConcurrentHashMap<>();
    private static final Map<String, Deque<String>> RECOVERY = new ConcurrentHashMap<>();

    private TestAuthenticator() {
    }

    private static String key(String base, String username) {
        return base + " " + username;
    }

    /** Adds a (new) secret for the user, as scanning a QR code would; codes start afresh. */
    public static void remember(String base, String username, String secret) {
        SECRETS.put(key(base, username), secret);
        LAST_STEP.remove(key(base, username));
        RECOVERY.remove(key(base, username));
    }

    public static void rememberRecoveryCodes(String base, String username, List<String> codes) {
        RECOVERY.put(key(base, username), new ArrayDeque<>(codes));
    }

    /** Forgets a user's authenticator (an admin reset it). */
    public static void forget(String base, String username) {
        SECRETS.remove(key(base, username));
        LAST_STEP.remove(key(base, username));
        RECOVERY.remove(key(base, username));
    }

    public static boolean knows(String base, String username) {
        return SECRETS.containsKey(key(base, username));
    }

    public static String secret(String base, String username) {
        String secret = SECRETS.get(key(base, username));
        if (secret == null) {
            throw new IllegalStateException("no authenticator for " + username + " at " + base);
        }
        return secret;
    }

    /** An unused recovery code of the user, now taken. */
    public static String recoveryCode(String base, String username) {
        Deque<String> codes = RECOVERY.get(key(base, username));
        if (codes == null || codes.isEmpty()) {
            throw new IllegalStateException("no recovery codes left for " + username);
        }
        return codes.pop();
    }

    /** A code the server accepts now and that was not used before for this user. */
    public static String code(String base, String username) {
        return code(base, username, MARGIN_MILLIS);
    }

    /**
     * As {@link #code(String, String)}, for a code that the server must still take (as current, or as a replay) for
     * at least {@code validForMillis} (at most a minute): a test that uses a code twice, a while apart.
     */
    public static String code(String base, String username, long validForMillis) {
        String secret = secret(base, username);
        return code(secret, nextStep(key(base, username), Math.max(MARGIN_MILLIS, validForMillis)));
    }

    /** Marks a step as used for this user (a test that sent a code by other means). */
    public static void used(String base, String username, long step) {
        LAST_STEP.merge(key(base, username), step, Math::max);
    }

    /** The code of a base32 secret at a 30-second step, as any authenticator app computes it. */
    public static String code(String secret, long step) {
        try {
            return TOTP.generateOneTimePasswordString(new SecretKeySpec(new Base32().decode(secret), "HmacSHA1"),
                    Instant.ofEpochSecond(step * (STEP_MILLIS / 1000)));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long step(long epochMillis) {
        return Math.floorDiv(epochMillis, STEP_MILLIS);
    }

    public static long currentStep() {
        return step(System.currentTimeMillis());
    }

    /**
     * Waits, if needed, until at least {@code margin} millis remain in the current step and {@code margin} have
     * passed since it began, so that a test reasoning about "the current step" is not split by a step boundary.
     */
    public static void awayFromStepBoundary(long margin) {
        while (true) {
            long into = Math.floorMod(System.currentTimeMillis(), STEP_MILLIS);
            if (into >= margin && into <= STEP_MILLIS - margin) {
                return;
            }
            sleep(into < margin ? margin - into + 5 : STEP_MILLIS - into + margin + 5);
        }
    }

    private static synchronized long nextStep(String key, long validForMillis) {
        while (true) {
            long now = System.currentTimeMillis();
            // The server's clock reads somewhere in [now, now + margin] when it checks the code; it accepts the steps
            // around its current one, so step s is taken until the end of step s + 1. Both ends must hold.
            long lowest = step(now + MARGIN_MILLIS) - 1;
            long highest = step(now) + 1;
            Long last = LAST_STEP.get(key);
            for (long step = last == null ? lowest : Math.max(lowest, last + 1); step <= highest; step++) {
                if ((step + 2) * STEP_MILLIS - now >= validForMillis) {
                    LAST_STEP.put(key, step);
                    return step;
                }
            }
            // None left: the next step of the clock opens one more.
            sleep((step(now) + 1) * STEP_MILLIS - now + 20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
