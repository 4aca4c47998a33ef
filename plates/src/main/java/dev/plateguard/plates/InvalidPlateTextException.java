package dev.plateguard.plates;

import java.util.Objects;

/**
 * Thrown when text cannot be a licence plate after normalisation.
 *
 * <p>The message is safe to log and show to users: it never echoes the rejected input, only the
 * offending character as a {@code U+XXXX} code point and its index, so a hostile string cannot
 * inject markup or line breaks into logs. Callers that need to branch on the cause use
 * {@link #reason()} rather than parsing the message.
 */
public final class InvalidPlateTextException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Why the text was rejected. */
    public enum Reason {
        /** Null, or nothing left after dropping separators. */
        EMPTY,
        /** Over 64 characters raw, or over 16 characters after normalisation. */
        TOO_LONG,
        /** A control, invisible-format or line-break character anywhere in the raw input. */
        CONTROL_CHARACTER,
        /** A character that is neither a separator, A–Z, 0–9 nor a Cyrillic look-alike. */
        INVALID_CHARACTER
    }

    private final Reason reason;

    /**
     * @param reason  why the text was rejected
     * @param message a human-readable message that must not contain the raw input
     */
    public InvalidPlateTextException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Machine-readable cause, for mapping to API error codes. */
    public Reason reason() {
        return reason;
    }
}
