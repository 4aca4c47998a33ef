package dev.plateguard.server.validation;

import java.util.List;
import java.util.Map;

import org.springframework.context.MessageSourceResolvable;

/**
 * A request refused, and why: the input is invalid, the thing asked for does not exist, it clashes with what is
 * stored, and so on. Thrown by services and controllers alike; how a refusal is answered (an HTTP status and a
 * problem+json body on the API, a message on a page) is the caller's business.
 */
public class Refusal extends RuntimeException {

    /** What kind of refusal this is; each API answers a kind with its own status. */
    public enum Kind {
        INVALID, MALFORMED, TOO_LARGE, NOT_FOUND, CONFLICT, FORBIDDEN, UNSUPPORTED_MEDIA,
        /** Not refused for what it is, but cannot be taken now (a store underneath is down): try again later. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String type;
    private final List<FieldProblem> errors;
    private final String code;
    private final List<Object> arguments;
    private java.time.Duration retryAfter;

    /**
     * @param type   the problem type's slug, e.g. {@code invalid-input}
     * @param detail what was refused, in English
     */
    public Refusal(Kind kind, String type, String detail, List<FieldProblem> errors) {
        this(kind, type, detail, errors, null);
    }

    private Refusal(Kind kind, String type, String detail, List<FieldProblem> errors, String code,
                    Object... arguments) {
        super(detail);
        this.kind = kind;
        this.type = type;
        this.errors = List.copyOf(errors);
        this.code = code;
        this.arguments = List.of(arguments);
    }

    public static Refusal invalid(List<FieldProblem> errors) {
        String detail = errors.size() == 1
                ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : errors.size() + " fields are invalid";
        return new Refusal(Kind.INVALID, "invalid-input", detail, errors);
    }

    public static Refusal invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }

    public static Refusal malformed(String detail) {
        return new Refusal(Kind.MALFORMED, "malformed-request", detail, List.of());
    }

    public static Refusal tooLarge(String detail) {
        return new Refusal(Kind.TOO_LARGE, "too-large", detail, List.of());
    }

    public static Refusal notFound(String detail) {
        return new Refusal(Kind.NOT_FOUND, "not-found", detail, List.of());
    }

    public static Refusal conflict(String detail) {
        return new Refusal(Kind.CONFLICT, "conflict", detail, List.of());
    }

    /** A conflict that pages explain with the message key {@code <prefix><code>}, e.g. a name already in use. */
    public static Refusal conflict(String detail, String code, Object... arguments) {
        return new Refusal(Kind.CONFLICT, "conflict", detail, List.of(), code, arguments);
    }

    public static Refusal forbidden(String detail) {
        return new Refusal(Kind.FORBIDDEN, "forbidden", detail, List.of());
    }

    public static Refusal unsupportedMedia(String field, String detail) {
        return new Refusal(Kind.UNSUPPORTED_MEDIA, "unsupported-media", field + ": " + detail,
                List.of(new FieldProblem(field, detail)));
    }

    /** The request cannot be taken now; the client should retry after {@code retryAfter} (nothing was stored). */
    public static Refusal unavailable(String type, String detail, java.time.Duration retryAfter) {
        Refusal refusal = new Refusal(Kind.UNAVAILABLE, type, detail, List.of());
        refusal.retryAfter = retryAfter;
        return refusal;
    }

    /** How long to wait before retrying an {@link Kind#UNAVAILABLE} refusal; null otherwise. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The problem type's slug. */
    public String type() {
        return type;
    }

    /** The fields at fault, in the order found; empty when the refusal is not about fields. */
    public List<FieldProblem> errors() {
        return errors;
    }

    /** The message-key suffix of the refusal as a whole, or null. */
    public String code() {
        return code;
    }

    /** Further members for the problem body (none unless a subclass adds them). */
    public Map<String, Object> properties() {
        return Map.of();
    }

    /** The refusal as a whole for a {@code MessageSource}; see {@link FieldProblem#resolvable(String)}. */
    public MessageSourceResolvable resolvable(String prefix) {
        return FieldProblem.resolvable(prefix, code, arguments, getMessage());
    }
}
