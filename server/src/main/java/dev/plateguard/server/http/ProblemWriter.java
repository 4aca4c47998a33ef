package dev.plateguard.server.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes problem+json from servlet filters and security handlers, where controller advice does not reach: the
 * statuses a request can get before any controller sees it.
 */
public final class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemWriter() {
    }

    /** 401: no credentials, or credentials that are not valid. */
    public static void unauthorized(HttpServletResponse response, String type, String detail) throws IOException {
        write(response, HttpStatus.UNAUTHORIZED, type, detail);
    }

    /** 403: authenticated, but the role does not allow this. */
    public static void forbidden(HttpServletResponse response, String type, String detail) throws IOException {
        write(response, HttpStatus.FORBIDDEN, type, detail);
    }

    /** 400: a request this endpoint cannot take as it is. */
    public static void badRequest(HttpServletResponse response, String type, String detail) throws IOException {
        write(response, HttpStatus.BAD_REQUEST, type, detail);
    }

    /** 429: too many failed attempts from this address. */
    public static void throttled(HttpServletResponse response, String type, String detail) throws IOException {
        write(response, HttpStatus.TOO_MANY_REQUESTS, type, detail);
    }

    /** Any other status, e.g. for an API request that ended in the container's error dispatch. */
    public static void status(HttpServletResponse response, HttpStatus status, String type, String detail)
            throws IOException {
        write(response, status, type, detail);
    }

    private static void write(HttpServletResponse response, HttpStatus status, String type, String detail)
            throws IOException {
        // The same members as problems from controllers; a plain mapper would also write ProblemDetail's
        // empty "instance" and "properties" as nulls.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemResponses.typeUri(type).toString());
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
