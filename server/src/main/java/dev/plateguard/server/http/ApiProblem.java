package dev.plateguard.server.http;

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

    public ApiProblem(HttpStatus status, String type, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
    }

    public HttpStatus status() {
        return status;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(ProblemResponses.typeUri(type));
        return problem;
    }
}
