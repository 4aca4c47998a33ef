package dev.plateguard.server.reads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.validation.Refusal;

/** The opaque cursor and the display form, without a database. */
class ReadQueriesTest {

    @Test
    void cursorRoundTripsToTheMicrosecond() {
        var cursor = new ReadQueries.Cursor(Instant.parse("2026-11-26T09:03:05.123456Z"), 42);
        String encoded = cursor.encode();
        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(ReadQueries.Cursor.decode(encoded)).isEqualTo(cursor);
    }

    @Test
    void cursorBeforeTheEpochRoundTrips() {
        var cursor = new ReadQueries.Cursor(Instant.parse("1969-07-20T20:17:40.5Z"), 1);
        assertThat(ReadQueries.Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "1:2", "1:2:x", "x:0:1", "1:-1:1", "1:1000000000:1", "1:0:1:4",
            "31556889864403199:0:1", "-99999999999999:0:1"})
    void anythingElseIsAnInvalidCursor(String raw) {
        String encoded = raw.equals("!!!") ? raw
                : Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> ReadQueries.Cursor.decode(encoded))
                .isInstanceOfSatisfying(Refusal.class, p -> {
                    assertThat(ProblemResponses.status(p.kind()).value()).isEqualTo(400);
                    assertThat(p.errors()).extracting(e -> e.field()).containsExactly("cursor");
                });
    }

    @Test
    void displayUsesTheStoredFormat() {
        assertThat(ReadQueries.display("01A123BC", "UZ_PRIVATE")).isEqualTo("01 A 123 BC");
        assertThat(ReadQueries.display("01123ABC", "UZ_LEGAL_ENTITY")).isEqualTo("01 123 ABC");
        assertThat(ReadQueries.display(null, null)).isNull();
        assertThat(ReadQueries.display("ZZZZ", "NO_SUCH_FORMAT")).isEqualTo("ZZZZ");
    }

    @Test
    void queryableTimesStayWithinTimestampRange() {
        assertThat(ReadQueries.queryable(Instant.parse("2026-11-26T09:03:05Z"))).isTrue();
        assertThat(ReadQueries.queryable(ReadQueries.EARLIEST)).isTrue();
        assertThat(ReadQueries.queryable(ReadQueries.LATEST)).isTrue();
        assertThat(ReadQueries.queryable(ReadQueries.LATEST.plusNanos(1))).isFalse();
        assertThat(ReadQueries.queryable(ReadQueries.EARLIEST.minusNanos(1))).isFalse();
    }
}
