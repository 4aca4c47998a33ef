package dev.plateguard.server.hotlists;

import java.util.ArrayList;
import java.util.List;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;

/**
 * What a hotlist entry watches for, and how a plate is compared with it. Patterns are stored normalised, as plates
 * are ({@link PlateText#normalize}: separators dropped, upper case, Cyrillic look-alikes mapped), so that
 * {@code 01 a 123 bc} and {@code 01A123BC} are one entry.
 *
 * <ul>
 *   <li>EXACT: the normalised plate.</li>
 *   <li>WILDCARD: {@code ?} stands for exactly one character, {@code *} for any run of characters, none included
 *       ({@code 01A*BC}, {@code 01?123??}). Runs of {@code *} collapse into one. A pattern needs at least
 *       {@code minFixed} fixed characters: {@code *} alone would raise an alert for every car.</li>
 *   <li>LOOKALIKE: the normalised plate; it matches a plate whose confusable fold ({@link PlateText#fold}: 0 O D Q,
 *       1 I, 8 B, 5 S, 2 Z, 6 G) is within one edit (a character changed, added or dropped) of the pattern's. It
 *       needs at least {@code minFixed} characters, for the same reason.</li>
 * </ul>
 *
 * Matching is plain character comparison in time linear in the pattern and plate lengths (both at most 16
 * characters): no regular expression, so no pattern can make matching slow.
 */
final class HotlistPattern {

    /** Longest pattern as typed, as for plate text. */
    static final int MAX_RAW_LENGTH = PlateText.MAX_RAW_LENGTH;

    private HotlistPattern() {
    }

    /** A pattern that cannot be stored; the message says why, in English. */
    static final class Refused extends Exception {
        final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** The stored form of {@code raw} for entries of {@code kind}. */
    static String normalize(String raw, MatchKind kind, int minFixed) throws Refused {
        if (raw == null || raw.isBlank()) {
            throw new Refused("required", "is required");
        }
        if (raw.length() > MAX_RAW_LENGTH) {
            throw new Refused("tooLong", "must be at most " + MAX_RAW_LENGTH + " characters");
        }
        if (kind != MatchKind.WILDCARD) {
            if (raw.indexOf('*') >= 0 || raw.indexOf('?') >= 0) {
                throw new Refused("wildcardKind", "contains * or ?, which only a WILDCARD entry understands");
            }
            String plate = plate(raw);
            if (kind == MatchKind.LOOKALIKE && plate.length() < minFixed) {
                throw new Refused("tooBroad", "has " + plate.length() + " characters; a LOOKALIKE entry needs at least "
                        + minFixed + " so that it does not match most plates");
            }
            return plate;
        }
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '*' || c == '?') {
                out.append(literal(literal));
                if (c == '?' || out.isEmpty() || out.charAt(out.length() - 1) != '*') {
                    out.append(c);
                }
            } else {
                literal.append(c);
            }
        }
        out.append(literal(literal));
        String pattern = out.toString();
        int fixed = 0;
        int length = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            fixed += c == '*' || c == '?' ? 0 : 1;
            length += c == '*' ? 0 : 1;
        }
        if (fixed == pattern.length()) {
            throw new Refused("noWildcard", "has no * or ?; use an EXACT entry");
        }
        if (fixed < minFixed) {
            throw new Refused("tooBroad", "has " + fixed + " fixed characters; at least " + minFixed
                    + " are needed so that it does not match most plates");
        }
        if (length > PlateText.MAX_LENGTH) {
            throw new Refused("tooLong", "matches no plate: it needs more than " + PlateText.MAX_LENGTH + " characters");
        }
        return pattern;
    }

    private static String literal(StringBuilder literal) throws Refused {
        String text = literal.toString();
        literal.setLength(0);
        if (text.isEmpty()) {
            return "";
        }
        try {
            return PlateText.normalize(text);
        } catch (InvalidPlateTextException e) {
            if (e.reason() == InvalidPlateTextException.Reason.EMPTY) {
                return ""; // only separators between two wildcards
            }
            throw refused(e);
        }
    }

    private static String plate(String raw) throws Refused {
        try {
            return PlateText.normalize(raw);
        } catch (InvalidPlateTextException e) {
            throw refused(e);
        }
    }

    private static Refused refused(InvalidPlateTextException e) {
        return switch (e.reason()) {
            case EMPTY -> new Refused("required", "is required");
            case TOO_LONG -> new Refused("tooLong", "is longer than a plate can be");
            case CONTROL_CHARACTER, INVALID_CHARACTER -> new Refused("plateText",
                    "may hold only letters, digits, separators and (WILDCARD) * and ?");
        };
    }

    /** Whether the normalised {@code plate} matches the stored WILDCARD {@code pattern}. */
    static boolean wildcardMatches(String pattern, String plate) {
        // Greedy glob with one back-tracking point (the last *): linear for patterns without *, O(n·m) at worst.
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < plate.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == plate.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Whether two strings are at most one edit apart (one character changed, added or dropped). */
    static boolean withinOneEdit(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        int i = 0;
        while (i < shorter.length() && shorter.charAt(i) == longer.charAt(i)) {
            i++;
        }
        if (i == shorter.length()) {
            return true; // equal, or one character added at the end
        }
        if (shorter.length() == longer.length()) {
            return shorter.regionMatches(i + 1, longer, i + 1, shorter.length() - i - 1);
        }
        return shorter.regionMatches(i, longer, i + 1, shorter.length() - i);
    }

    /** The runs of fixed characters of a WILDCARD pattern, in order ({@code 01A*B?C} → 01A, B, C). */
    static List<String> literalRuns(String pattern) {
        List<String> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= pattern.length(); i++) {
            boolean wild = i == pattern.length() || pattern.charAt(i) == '*' || pattern.charAt(i) == '?';
            if (wild && start >= 0) {
                runs.add(pattern.substring(start, i));
                start = -1;
            } else if (!wild && start < 0) {
                start = i;
            }
        }
        return runs;
    }

    /** The string with the character at {@code index} dropped. */
    static String without(String s, int index) {
        return s.substring(0, index) + s.substring(index + 1);
    }
}
