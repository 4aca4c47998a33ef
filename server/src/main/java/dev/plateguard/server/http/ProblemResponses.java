package dev.plateguard.server.http;

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

/**
 * Turns every client error on the API into RFC 9457 problem+json naming what was wrong. Nothing the client
 * sends should end as a 500.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem, HttpServletRequest request) {
        ProblemDetail body = problem.toProblemDetail();
        body.setInstance(java.net.URI.create(request.getRequestURI()));
        return ResponseEntity.status(problem.status()).body(body);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return apiProblem(ApiProblem.invalid(e.getName(), "not a valid value"), request);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e, HttpServletRequest request) {
        return apiProblem(multipartProblem(e), request);
    }

    /** Tomcat reports size and part-count limits as causes of a generic MultipartException. */
    public static ApiProblem multipartProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (t instanceof MaxUploadSizeExceededException || name.contains("SizeLimitExceeded")
                    || name.contains("SizeException")) {
                return ApiProblem.tooLarge("request body exceeds the configured upload limit");
            }
            if (name.contains("FileCountLimitExceeded") || name.contains("PartCount")
                    || (t.getMessage() != null && t.getMessage().toLowerCase().contains("part count"))) {
                return ApiProblem.tooLarge("too many multipart parts");
            }
            // Tomcat limits parts without a filename (such as metadata) by the connector's maxPostSize and
            // reports it only as an IllegalStateException whose message names that setting.
            if (t.getMessage() != null && t.getMessage().contains("maxPostSize")) {
                return ApiProblem.tooLarge("a multipart field without a filename (such as metadata) exceeds the "
                        + "configured size limit");
            }
        }
        return ApiProblem.malformed("malformed multipart body");
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ApiProblem.tooLarge("request body exceeds the configured upload limit").toProblemDetail();
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ApiProblem problem = ex.getCause() instanceof JacksonException jackson
                ? JsonProblems.from(jackson, "")
                : ApiProblem.malformed("request body is missing or unreadable");
        return ResponseEntity.status(problem.status()).body(problem.toProblemDetail());
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(
                ApiProblem.invalid(List.of(new FieldProblem(ex.getParameterName(), "is required"))).toProblemDetail());
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
