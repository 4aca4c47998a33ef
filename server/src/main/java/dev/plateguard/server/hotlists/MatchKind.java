package dev.plateguard.server.hotlists;

/** How a hotlist entry is compared with a plate ({@link HotlistPattern} has the rules). */
public enum MatchKind {
    /** The plate as normalised, character for character. */
    EXACT,
    /** {@code ?} is one character, {@code *} any run of characters. */
    WILDCARD,
    /** Confusable characters folded, then at most one edit apart. */
    LOOKALIKE
}
