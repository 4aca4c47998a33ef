package dev.plateguard.server.validation;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Free-text fields from clients (site names, vehicle make, ...) are refused, not escaped, when they carry
 * markup or control characters: anything stored may later appear in a browser, a PDF or a CSV export.
 */
public final class SafeText {

    // Letters of any script, digits, space and ordinary punctuation; no < > " ` \ { } or controls.
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{M}\\p{N} .,'’‘ʻ()/#&:;+_\\-№]*");

    private SafeText() {
    }

    /** Adds a problem for {@code field} when {@code value} is present and unsafe or too long. */
    public static void check(String field, String value, int maxLength, List<FieldProblem> errors) {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            errors.add(FieldProblem.coded(field, "tooLong", "must be at most " + maxLength + " characters", maxLength));
        } else if (!ALLOWED.matcher(value).matches()) {
            errors.add(FieldProblem.coded(field, "unsafeText",
                    "contains characters that are not allowed (markup, quotes or control characters)"));
        }
    }

    /** As {@link #check} and also refuses a missing or blank value. */
    public static void require(String field, String value, int maxLength, List<FieldProblem> errors) {
        if (value == null || value.isBlank()) {
            errors.add(required(field));
        } else {
            check(field, value, maxLength, errors);
        }
    }

    /** "is required", with the message key {@code required}. */
    public static FieldProblem required(String field) {
        return FieldProblem.coded(field, "required", "is required");
    }
}
