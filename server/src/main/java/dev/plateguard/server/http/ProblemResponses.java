package dev.plateguard.server.http;

import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
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
    ResponseEntity<ProblemDetail> refusal(Refusal refusal, HttpServletRequest request) {
        ProblemDetail body = problem(refusal);
        body.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status(refusal.kind())).body(body);
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem, HttpServletRequest request) {
        ProblemDetail body = problem.toProblemDetail();
        body.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(problem.status()).body(body);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return refusal(Refusal.invalid(e.getName(), "not a valid value"), request);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e, HttpServletRequest request) {
        return refusal(multipartProblem(e), request);
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
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Refusal refusal = ex.getCause() instanceof JacksonException jackson
                ? JsonProblems.from(jackson, "")
                : Refusal.malformed("request body is missing or unreadable");
        return ResponseEntity.status(status(refusal.kind())).body(problem(refusal));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(
                problem(Refusal.invalid(List.of(new FieldProblem(ex.getParameterName(), "is required")))));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is5xxServerError()) {
            log.error("Unhandled API error", ex);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }
}
