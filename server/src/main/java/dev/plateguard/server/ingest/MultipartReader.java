package dev.plateguard.server.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.plateguard.server.validation.Refusal;

/**
 * Splits a multipart/form-data body (RFC 7578) that is already in memory into its parts.
 *
 * <p>Why not the servlet container's parser: Tomcat's (commons-fileupload's) boundary search inspects the body
 * byte by byte through several stream layers and was the largest single cost of ingesting a 100 KB read in
 * the ingest benchmark. Here the body is scanned once for CR and the delimiter compared with a vectorised
 * {@link Arrays#equals(byte[], int, int, byte[], int, int)}. Every malformation is a 400, never a guess.
 */
public final class MultipartReader {

    /** A part's name, declared type (may be null) and bytes. */
    public record Part(String name, String filename, String contentType, byte[] bytes) {
    }

    private static final int MAX_HEADER_BYTES = 8 * 1024;

    private MultipartReader() {
    }

    /** The boundary parameter of a multipart/form-data content type, or a 400. */
    public static String boundary(String contentType) {
        if (contentType != null) {
            for (String param : contentType.split(";")) {
                String p = param.strip();
                if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                    String b = p.substring(9);
                    if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                        b = b.substring(1, b.length() - 1);
                    }
                    if (!b.isEmpty() && b.length() <= 70) {
                        return b;
                    }
                }
            }
        }
        throw Refusal.malformed("multipart body has no valid boundary parameter");
    }

    /**
     * @param maxParts more parts than this is a 413, detected while parsing
     */
    public static List<Part> parse(byte[] body, String boundary, int maxParts) {
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        // The first delimiter may sit at the very start (no preceding CRLF) or after a preamble.
        int at = startsWith(body, 0, delimiter, 2) ? 0 : indexOf(body, delimiter, 0);
        if (at < 0) {
            throw Refusal.malformed("malformed multipart body: boundary not found");
        }
        int pos = at == 0 && startsWith(body, 0, delimiter, 2) ? delimiter.length - 2 : at + delimiter.length;
        while (true) {
            if (pos + 2 <= body.length && body[pos] == '-' && body[pos + 1] == '-') {
                return parts; // close delimiter; anything after it is epilogue
            }
            while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
                pos++; // transport padding
            }
            if (pos + 2 > body.length || body[pos] != '\r' || body[pos + 1] != '\n') {
                throw Refusal.malformed("malformed multipart body: delimiter not followed by CRLF");
            }
            pos += 2;
            int headersEnd = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, pos);
            int emptyHeaders = startsWith(body, pos, new byte[] {'\r', '\n'}, 0) ? pos : -1;
            int contentStart;
            String headers;
            if (emptyHeaders == pos) {
                headers = "";
                contentStart = pos + 2;
            } else if (headersEnd < 0 || headersEnd - pos > MAX_HEADER_BYTES) {
                throw Refusal.malformed("malformed multipart body: part headers missing or too long");
            } else {
                headers = new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8);
                contentStart = headersEnd + 4;
            }
            int next = indexOf(body, delimiter, contentStart - 2 >= pos ? contentStart - 2 : contentStart);
            if (next < contentStart - 2 || next < 0) {
                throw Refusal.malformed("malformed multipart body: a part is not terminated (truncated body?)");
            }
            int contentEnd = Math.max(next, contentStart);
            if (parts.size() == maxParts) {
                throw Refusal.tooLarge("too many parts, at most " + maxParts);
            }
            parts.add(part(headers, Arrays.copyOfRange(body, contentStart, contentEnd)));
            pos = next + delimiter.length;
        }
    }

    private static Part part(String headers, byte[] content) {
        String name = null;
        String filename = null;
        String contentType = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw Refusal.malformed("malformed multipart part header");
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (key.equals("content-disposition")) {
                if (!value.toLowerCase(Locale.ROOT).startsWith("form-data")) {
                    throw Refusal.malformed("multipart part is not form-data");
                }
                name = parameter(value, "name");
                filename = parameter(value, "filename");
            } else if (key.equals("content-type")) {
                contentType = value;
            }
        }
        if (name == null || name.isEmpty()) {
            throw Refusal.malformed("multipart part without a name");
        }
        return new Part(name, filename, contentType, content);
    }

    private static String parameter(String disposition, String key) {
        for (String param : disposition.split(";")) {
            String p = param.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase(key)) {
                String v = p.substring(eq + 1).strip();
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] body, int at, byte[] pattern, int patternFrom) {
        int len = pattern.length - patternFrom;
        return at + len <= body.length && Arrays.equals(body, at, at + len, pattern, patternFrom, pattern.length);
    }

    static int indexOf(byte[] body, byte[] pattern, int from) {
        byte first = pattern[0];
        int last = body.length - pattern.length;
        for (int i = Math.max(0, from); i <= last; i++) {
            if (body[i] == first && Arrays.equals(body, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }
}
