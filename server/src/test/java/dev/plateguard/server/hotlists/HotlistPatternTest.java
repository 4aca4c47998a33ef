package dev.plateguard.server.hotlists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Patterns as typed, as stored, and how plates compare with them. */
class HotlistPatternTest {

    private static String normalize(String raw, MatchKind kind) throws HotlistPattern.Refused {
        return HotlistPattern.normalize(raw, kind, 4);
    }

    @Test
    void patternsAreStoredAsPlatesAre() throws Exception {
        assertThat(normalize("01 a 123-bc", MatchKind.EXACT)).isEqualTo("01A123BC");
        assertThat(normalize("01 А 123 ВС", MatchKind.LOOKALIKE)).isEqualTo("01A123BC"); // Cyrillic look-alikes
        assertThat(normalize("01 a * bc", MatchKind.WILDCARD)).isEqualTo("01A*BC");
        assertThat(normalize("01a***?bc", MatchKind.WILDCARD)).isEqualTo("01A*?BC");
        assertThat(normalize("01A ** * BC", MatchKind.WILDCARD)).isEqualTo("01A*BC");
        assertThat(normalize("??a123bc", MatchKind.WILDCARD)).isEqualTo("??A123BC");
    }

    @Test
    void hostileAndUselessPatternsAreRefusedWithAReason() {
        assertRefused("", MatchKind.EXACT, "required");
        assertRefused("01A<script>", MatchKind.EXACT, "plateText");
        assertRefused("01A\u0000123BC", MatchKind.EXACT, "plateText");
        assertRefused("01A\u202E123BC", MatchKind.WILDCARD, "plateText"); // bidi override
        assertRefused("x".repeat(65), MatchKind.WILDCARD, "tooLong");
        assertRefused("01A123BC", MatchKind.WILDCARD, "noWildcard");
        assertRefused("*", MatchKind.WILDCARD, "tooBroad");
        assertRefused("*?*?*?*", MatchKind.WILDCARD, "tooBroad");
        assertRefused("0*1*A", MatchKind.WILDCARD, "tooBroad");
        assertRefused("01A*BC", MatchKind.EXACT, "wildcardKind");
        assertRefused("01A", MatchKind.LOOKALIKE, "tooBroad");
        assertRefused("A?B?C?D?E?F?G?H?J", MatchKind.WILDCARD, "tooLong"); // needs 17 characters
        assertRefused("01A.*BC(", MatchKind.WILDCARD, "plateText"); // no regular expressions
    }

    private static void assertRefused(String raw, MatchKind kind, String code) {
        assertThatThrownBy(() -> normalize(raw, kind)).isInstanceOfSatisfying(HotlistPattern.Refused.class,
                r -> assertThat(r.code).as(raw).isEqualTo(code));
    }

    @Test
    void wildcardsMatchOneOrAnyCharacters() {
        assertThat(HotlistPattern.wildcardMatches("01A*BC", "01A123BC")).isTrue();
        assertThat(HotlistPattern.wildcardMatches("01A*BC", "01ABC")).isTrue();
        assertThat(HotlistPattern.wildcardMatches("01A*BC", "01A123BD")).isFalse();
        assertThat(HotlistPattern.wildcardMatches("01A???BC", "01A123BC")).isTrue();
        assertThat(HotlistPattern.wildcardMatches("01A???BC", "01A12BC")).isFalse();
        assertThat(HotlistPattern.wildcardMatches("*123*", "01A123BC")).isTrue();
        assertThat(HotlistPattern.wildcardMatches("*A*A*A*", "AXAYA")).isTrue();
        assertThat(HotlistPattern.wildcardMatches("*A*A*A*B", "AAAAAAAAAAAAAAAA")).isFalse();
        assertThat(HotlistPattern.wildcardMatches("01*", "01")).isTrue();
        assertThat(HotlistPattern.wildcardMatches("01?", "01")).isFalse();
    }

    @Test
    void oneEditIsOneCharacterChangedAddedOrDropped() {
        assertThat(HotlistPattern.withinOneEdit("01A123BC", "01A123BC")).isTrue();
        assertThat(HotlistPattern.withinOneEdit("01A123BC", "01A128BC")).isTrue();
        assertThat(HotlistPattern.withinOneEdit("01A123BC", "01A1233BC")).isTrue();
        assertThat(HotlistPattern.withinOneEdit("01A123BC", "01A12BC")).isTrue();
        assertThat(HotlistPattern.withinOneEdit("01A123BC", "1A123BC")).isTrue();
        assertThat(HotlistPattern.withinOneEdit("01A123BC", "01A123BCX")).isTrue();
        assertThat(HotlistPattern.withinOneEdit("01A123BC", "10A123BC")).isFalse(); // a transposition is two edits
        assertThat(HotlistPattern.withinOneEdit("01A123BC", "01A1BC")).isFalse();
        assertThat(HotlistPattern.withinOneEdit("01A123BC", "01B124BC")).isFalse();
    }
}
