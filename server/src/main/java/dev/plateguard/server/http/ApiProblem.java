package dev.plateguard.server.http;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An HTTP answer that only a controller can give, with an RFC 9457 body: bad credentials (401), throttling
 * (429), a failed evidence integrity check (500), an event id reused for other content (409). Everything a
 * service refuses is a {@link dev.plateguard.server.validation.Refusal}; {@link ProblemResponses} renders both.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final transient Duration retryAfter;

    public ApiProblem(HttpStatus status, String type, String detail) {
        this(status, type, detail, null);
    }

    /** With a Retry-After header: a 503 whose cause passes (an evidence store that is down). */
    public ApiProblem(HttpStatus status, String type, String detail, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.type = type;
        this.retryAfter = retryAfter;
    }

    public HttpStatus status() {
        return status;
    }

    /** How long the client should wait before it retries, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(ProblemResponses.typeUri(type));
        return problem;
    }
}
