package dev.plateguard.plates;

import dev.plateguard.plates.InvalidPlateTextException.Reason;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Canonical plate text: normalisation, confusable folding and log masking.
 *
 * <p>Every plate the system stores, compares or classifies goes through {@link #normalize(String)}
 * first, so that {@code "01 a 123-bc"}, {@code "01A123BC"} and the same text typed with Cyrillic
 * look-alike letters are one key. The normalised form is {@code ^[A-Z0-9]{1,16}$}: safe to put in
 * SQL parameters, URLs, file names and logs without escaping.
 */
public final class PlateText {

    /** Longest normalised plate text accepted. The longest real format is 10 characters. */
    public static final int MAX_LENGTH = 16;

    /** Longest raw input examined, so hostile megabyte strings are rejected in O(1). */
    public static final int MAX_RAW_LENGTH = 64;

    private static final String NONE = "(none)";
    private static final String HIDDEN = "***";

    private PlateText() {
    }

    /**
     * Normalises raw plate text (OCR output, operator input, API parameters) to the canonical form.
     *
     * <p>Rules, in order:
     * <ol>
     *   <li>Reject null ({@link Reason#EMPTY}) and raw input over {@value #MAX_RAW_LENGTH} chars
     *       ({@link Reason#TOO_LONG}).</li>
     *   <li>Reject any control character anywhere in the raw input, including tab, CR/LF, Unicode
     *       line/paragraph separators and invisible format characters such as zero-width space or
     *       bidi overrides ({@link Reason#CONTROL_CHARACTER}): they are never typos, and they are how
     *       log injection and spoofing are done.</li>
     *   <li>Drop whitespace (all Unicode space separators), dashes, {@code .} and {@code |}; this also
     *       trims.</li>
     *   <li>Upper-case ASCII letters (locale-independent) and map Cyrillic letters that look like
     *       Latin plate letters to them: А В Е К М Н О Р С Т У Х (and lower case) → A B E K M H O P C
     *       T Y X, plus the homoglyphs Ѕ І Ј Ү → S I J Y. Ё, Ж and other Cyrillic letters are not
     *       look-alikes and are rejected, as is every other character ({@link Reason#INVALID_CHARACTER}).</li>
     *   <li>Reject an empty result ({@link Reason#EMPTY}) or one over {@value #MAX_LENGTH} characters
     *       ({@link Reason#TOO_LONG}).</li>
     * </ol>
     * The function is idempotent.
     *
     * @return text matching {@code ^[A-Z0-9]{1,16}$}
     * @throws InvalidPlateTextException if the text cannot be a plate
     */
    public static String normalize(String raw) {
        if (raw == null) {
            throw new InvalidPlateTextException(Reason.EMPTY, "plate text is missing");
        }
        if (raw.length() > MAX_RAW_LENGTH) {
            throw new InvalidPlateTextException(Reason.TOO_LONG,
                    "plate text is longer than " + MAX_RAW_LENGTH + " characters");
        }
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            if (isControl(cp)) {
                throw new InvalidPlateTextException(Reason.CONTROL_CHARACTER,
                        "plate text contains control character " + codePoint(cp) + " at index " + i);
            }
            i += Character.charCount(cp);
        }
        var out = new StringBuilder(MAX_LENGTH);
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            if (!isSeparator(cp)) {
                char c = toPlateChar(cp);
                if (c == 0) {
                    throw new InvalidPlateTextException(Reason.INVALID_CHARACTER,
                            "plate text contains " + codePoint(cp) + " at index " + i
                                    + "; only A-Z, 0-9 and Cyrillic look-alikes are allowed");
                }
                out.append(c);
            }
            i += Character.charCount(cp);
        }
        if (out.isEmpty()) {
            throw new InvalidPlateTextException(Reason.EMPTY, "plate text is empty");
        }
        if (out.length() > MAX_LENGTH) {
            throw new InvalidPlateTextException(Reason.TOO_LONG,
                    "plate text is longer than " + MAX_LENGTH + " characters after normalisation");
        }
        return out.toString();
    }

    /**
     * Like {@link #normalize(String)}, but returns empty instead of throwing, for callers that only
     * filter (e.g. search boxes) and have no use for the reason.
     */
    public static Optional<String> tryNormalize(String raw) {
        try {
            return Optional.of(normalize(raw));
        } catch (InvalidPlateTextException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code text} is already in normalised form ({@code ^[A-Z0-9]{1,16}$}), i.e.
     * {@code normalize(text).equals(text)}.
     */
    public static boolean isNormalized(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Folds normalised plate text to a key in which characters that OCR and people confuse are equal,
     * for fuzzy matching (watch lists, deduplicating reads of one car from several cameras).
     *
     * <p>Classes, each folded to its digit: {@code 0 O D Q → 0}, {@code 1 I → 1}, {@code 8 B → 8},
     * {@code 5 S → 5}, {@code 2 Z → 2}, {@code 6 G → 6}; every other character is unchanged. The
     * result has the same length as the input and {@code fold(fold(x)).equals(fold(x))}. A folded key
     * is for lookup only: it is not a plate, and two different plates may share one, so confirm a
     * fuzzy hit against the exact text before acting on it.
     *
     * @param normalized output of {@link #normalize(String)}; other text is folded character by
     *                   character as is
     * @throws NullPointerException if {@code normalized} is null
     */
    public static String fold(String normalized) {
        Objects.requireNonNull(normalized, "normalized");
        var out = new StringBuilder(normalized.length());
        for (int i = 0; i < normalized.length(); i++) {
            out.append(foldChar(normalized.charAt(i)));
        }
        return out.toString();
    }

    /**
     * Masks plate text for logs, so that logs do not become a vehicle-tracking database.
     *
     * <p>Keeps the first 3 and last 2 characters of the normalised text and replaces the middle with
     * {@code ***} ({@code "01 A 123 BC"} → {@code "01A***BC"}); text of 5 or fewer characters becomes
     * its first character and {@code ***}; null becomes {@code (none)}. Text that fails normalisation
     * is masked the same way using only its plate characters (A–Z, 0–9, look-alikes mapped) from the
     * first {@value #MAX_RAW_LENGTH} raw characters, at most {@value #MAX_LENGTH} of them. The output
     * therefore only ever contains {@code A-Z}, {@code 0-9} and {@code *} (or the null marker), so it
     * is also safe against log injection. Never throws.
     */
    public static String mask(String anyText) {
        if (anyText == null) {
            return NONE;
        }
        try {
            String text = tryNormalize(anyText).orElseGet(() -> salvagePlateChars(anyText));
            return maskNormalized(text);
        } catch (RuntimeException e) {
            return HIDDEN; // mask is called from error paths; it must not add a second failure
        }
    }

    private static String maskNormalized(String text) {
        if (text.isEmpty()) {
            return HIDDEN;
        }
        if (text.length() <= 5) {
            return text.charAt(0) + HIDDEN;
        }
        return text.substring(0, 3) + HIDDEN + text.substring(text.length() - 2);
    }

    private static String salvagePlateChars(String raw) {
        var out = new StringBuilder(MAX_LENGTH);
        int end = Math.min(raw.length(), MAX_RAW_LENGTH);
        for (int i = 0; i < end && out.length() < MAX_LENGTH; ) {
            int cp = raw.codePointAt(i);
            char c = toPlateChar(cp);
            if (c != 0) {
                out.append(c);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    static char foldChar(char c) {
        return switch (c) {
            case 'O', 'D', 'Q' -> '0';
            case 'I' -> '1';
            case 'B' -> '8';
            case 'S' -> '5';
            case 'Z' -> '2';
            case 'G' -> '6';
            default -> c;
        };
    }

    private static boolean isControl(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean isSeparator(int cp) {
        return cp == '-' || cp == '.' || cp == '|' || cp == '\u2212' // minus sign
                || Character.isWhitespace(cp)
                || Character.isSpaceChar(cp) // also no-break spaces, which isWhitespace excludes
                || Character.getType(cp) == Character.DASH_PUNCTUATION;
    }

    /** The plate character {@code cp} stands for, or 0 if it stands for none. */
    private static char toPlateChar(int cp) {
        if (cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9') {
            return (char) cp;
        }
        if (cp >= 'a' && cp <= 'z') {
            return String.valueOf((char) cp).toUpperCase(Locale.ROOT).charAt(0);
        }
        return CyrillicLookalikes.toLatin(cp);
    }

    private static String codePoint(int cp) {
        return String.format(Locale.ROOT, "U+%04X", cp);
    }

    /** Cyrillic letters that are drawn like a Latin plate letter (Unicode confusables). */
    static final class CyrillicLookalikes {
        /** Upper-case Cyrillic, then its Latin twin; lower-case forms are derived. */
        static final String PAIRS = "АAВBЕEКKМMНHОOРPСCТTУYХXЅSІIЈJҮY";

        private CyrillicLookalikes() {
        }

        static char toLatin(int cp) {
            for (int i = 0; i < PAIRS.length(); i += 2) {
                char upper = PAIRS.charAt(i);
                if (cp == upper || cp == Character.toLowerCase(upper)) {
                    return PAIRS.charAt(i + 1);
                }
            }
            return 0;
        }
    }
}
