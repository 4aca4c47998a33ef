package dev.plateguard.simulator.device;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the wait before retry {@code n} is drawn between half and all of
 * {@code min(max, initial × 2^(n-1))}, so that cameras that failed together do not retry together.
 *
 * @param maxAttempts attempts in all, the first included
 */
public record RetryPolicy(Duration initial, Duration max, int maxAttempts) {

    /** About four minutes of retrying before a read is given up, like a camera's short local buffer. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 12);

    public RetryPolicy {
        if (maxAttempts < 1 || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("invalid retry policy");
        }
    }

    /** Wait before attempt {@code attempt + 1}, after {@code attempt} (≥ 1) failed. */
    public Duration delayAfter(int attempt, RandomGenerator random) {
        long cap = initial.toMillis() << Math.min(30, attempt - 1);
        cap = Math.min(cap, max.toMillis());
        return Duration.ofMillis(cap / 2 + (cap <= 1 ? 0 : random.nextLong(cap / 2 + 1)));
    }
}
