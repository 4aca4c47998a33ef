package dev.plateguard.server.reads;

/**
 * A user has run more investigative queries, or pulled more rows, than the configured limit for a window.
 * Not a {@link dev.plateguard.server.validation.Refusal}: the API answers it with 429 and Retry-After.
 *
 * @see InvestigationProblems
 */
class VolumeLimitExceeded extends RuntimeException {

    private final String limit;
    private final long retryAfterSeconds;

    /** @param limit which limit, e.g. {@code queries-per-hour} */
    VolumeLimitExceeded(String limit, int max, long retryAfterSeconds) {
        super("volume limit reached: at most " + max + " " + limit.replace('-', ' ')
                + "; the auditors have been alerted. Try again in " + retryAfterSeconds + " s.");
        this.limit = limit;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    String limit() {
        return limit;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
