package dev.plateguard.server.review;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic quality-control sample: a decision on violation {@code id} is sampled when the first 32 bits of
 * SHA-256(seed + ":" + id), as a fraction of 2^32, fall below the rate. The same id and seed always give the
 * same answer, so a supervisor (or a test) can tell in advance which decisions will be checked, and an operator
 * cannot.
 */
public final class QcSampler {

    private QcSampler() {
    }

    public static boolean sampled(long violationId, String seed, double rate) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        return fraction(violationId, seed) < rate;
    }

    static double fraction(long violationId, String seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((seed + ":" + violationId).getBytes(StandardCharsets.UTF_8));
            long top = ByteBuffer.wrap(hash, 0, 4).getInt() & 0xffff_ffffL;
            return top / 4294967296.0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
