package dev.plateguard.server.http;

import java.net.URI;
import java.util.List;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.JsonProblems;
import dev.plateguard.server.validation.Refusal;

/**
 * Turns every client error on the API into RFC 9457 problem+json naming what was wrong. Nothing the client
 * sends should end as a 500. The one place where a {@link Refusal}'s kind becomes an HTTP status.
 *
 * <p>problem+json is the API's. A page (any path outside {@code /api/}) that fails the same way gets the same status
 * through the container's error dispatch instead, and so the translated error page (web's {@code ErrorPages}).
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    /** The problem type's URI for a slug such as {@code invalid-input}. */
    public static URI typeUri(String slug) {
        return URI.create("https://plateguard.dev/problems/" + slug);
    }

    /** The status a refusal of this kind is answered with. */
    public static HttpStatus status(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID, MALFORMED -> HttpStatus.BAD_REQUEST;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case UNSUPPORTED_MEDIA -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    /** The problem+json body of a refusal: its type, status, detail, field {@code errors} and further members. */
    public static ProblemDetail problem(Refusal refusal) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(refusal.kind()), refusal.getMessage());
        problem.setType(typeUri(refusal.type()));
        if (!refusal.errors().isEmpty()) {
            problem.setProperty("errors", refusal.errors());
        }
        refusal.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<ProblemDetail> refusal(Refusal refusal, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ProblemDetail body = problem(refusal);
        body.setInstance(URI.create(request.getRequestURI()));
        ResponseEntity.BodyBuilder status = ResponseEntity.status(status(refusal.kind()));
        if (refusal.retryAfter() != null) {
            status.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, refusal.retryAfter().toSeconds())));
        }
        return answer(status.body(body), request, response);
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ProblemDetail body = problem.toProblemDetail();
        body.setInstance(URI.create(request.getRequestURI()));
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.status());
        if (problem.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, problem.retryAfter().toSeconds())));
        }
        return answer(answer.body(body), request, response);
    }

    /**
     * The database or a disk failed under the request: 503 with Retry-After while the store is unreachable (devices
     * retry, and nothing was acknowledged), 507 when a disk is full. Anything else goes on as an unexpected error.
     */
    @ExceptionHandler({org.springframework.dao.DataAccessException.class, java.io.UncheckedIOException.class,
            IllegalStateException.class, IOException.class})
    ResponseEntity<ProblemDetail> storage(Exception failure, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        StorageTrouble trouble = StorageTrouble.of(failure).orElseThrow(() -> failure);
        logStorage(trouble, failure);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(trouble.status, trouble.detail);
        body.setType(typeUri(trouble.type));
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(trouble.status);
        if (trouble == StorageTrouble.UNAVAILABLE) {
            answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(StorageTrouble.RETRY_AFTER_SECONDS));
        }
        return answer(answer.body(body), request, response);
    }

    static void logStorage(StorageTrouble trouble, Throwable failure) {
        if (trouble == StorageTrouble.FULL) {
            log.error("Storage full: {}", failure.toString());
        } else {
            log.warn("Storage unavailable: {}", failure.toString());
        }
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request,
                                               HttpServletResponse response) throws IOException {
        return refusal(Refusal.invalid(e.getName(), "not a valid value"), request, response);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return refusal(multipartProblem(e), request, response);
    }

    /** Whether a request is the API's (problem+json) rather than a page's (the error page). */
    public static boolean isApi(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    /**
     * The problem itself for the API; for a page, the same status as an error for the container to dispatch to the
     * error page (nothing is written here, and null tells Spring MVC that the response is done).
     */
    private static <T> ResponseEntity<T> answer(ResponseEntity<T> problem, HttpServletRequest request,
                                                HttpServletResponse response) throws IOException {
        if (isApi(request) || response == null || response.isCommitted()) {
            return problem;
        }
        response.sendError(problem.getStatusCode().value());
        return null;
    }

    private static <T> ResponseEntity<T> answer(ResponseEntity<T> problem, WebRequest request) {
        if (!(request instanceof ServletWebRequest servlet)) {
            return problem;
        }
        try {
            return answer(problem, servlet.getRequest(), servlet.getResponse());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Tomcat reports size and part-count limits as causes of a generic MultipartException. */
    public static Refusal multipartProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (t instanceof MaxUploadSizeExceededException || name.contains("SizeLimitExceeded")
                    || name.contains("SizeException")) {
                return Refusal.tooLarge("request body exceeds the configured upload limit");
            }
            if (name.contains("FileCountLimitExceeded") || name.contains("PartCount")
                    || (t.getMessage() != null && t.getMessage().toLowerCase().contains("part count"))) {
                return Refusal.tooLarge("too many multipart parts");
            }
            // Tomcat limits parts without a filename (such as metadata) by the connector's maxPostSize and
            // reports it only as an IllegalStateException whose message names that setting.
            if (t.getMessage() != null && t.getMessage().contains("maxPostSize")) {
                return Refusal.tooLarge("a multipart field without a filename (such as metadata) exceeds the "
                        + "configured size limit");
            }
        }
        return Refusal.malformed("malformed multipart body");
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = problem(Refusal.tooLarge("request body exceeds the configured upload limit"));
        return answer(ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(body), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Refusal refusal = ex.getCause() instanceof JacksonException jackson
                ? JsonProblems.from(jackson, "")
                : Refusal.malformed("request body is missing or unreadable");
        return answer(ResponseEntity.status(status(refusal.kind())).body(problem(refusal)), request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(ResponseEntity.badRequest().body(
                problem(Refusal.invalid(List.of(new FieldProblem(ex.getParameterName(), "is required"))))), request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is5xxServerError()) {
            log.error("Unhandled API error", ex);
        }
        return answer(super.handleExceptionInternal(ex, body, headers, statusCode, request), request);
    }
}
