package dev.plateguard.server.reads;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.plateguard.server.http.ProblemResponses;

/** 429 with Retry-After and a problem body when a user's investigative volume limit is reached. */
@RestControllerAdvice(assignableTypes = {ReadController.class, JourneyController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvestigationProblems {

    @ExceptionHandler(VolumeLimitExceeded.class)
    ResponseEntity<ProblemDetail> volume(VolumeLimitExceeded e, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        body.setType(ProblemResponses.typeUri("volume-limit"));
        body.setInstance(URI.create(request.getRequestURI()));
        body.setProperty("limit", e.limit());
        body.setProperty("retryAfterSeconds", e.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds())).body(body);
    }
}
