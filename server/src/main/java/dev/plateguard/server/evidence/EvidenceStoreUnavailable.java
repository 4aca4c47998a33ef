package dev.plateguard.server.evidence;

import java.io.IOException;
import java.time.Duration;

/**
 * The evidence store cannot be reached or answers with a server error (an object store that is down, overloaded or
 * unreachable): worth a retry after {@link #retryAfter()}. Ingest answers it with 503 and Retry-After.
 */
public class EvidenceStoreUnavailable extends IOException {

    private final transient Duration retryAfter;

    public EvidenceStoreUnavailable(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long a client should wait before it tries again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
