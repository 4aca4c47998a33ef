package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesValues() {
        Object v = Json.parse(" {\"a\": [1, -2.5, 3e2, true, false, null], \"b\": {\"c\": \"x\\\"y\\u0041\\n\"}, \"d\": []} ");
        assertThat(v).isEqualTo(Map.of("a", java.util.Arrays.asList(1L, -2.5, 300.0, true, false, null),
                "b", Map.of("c", "x\"yA\n"), "d", List.of()));
    }

    @Test
    void reportsWhereTheTextIsBroken() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1,\n  \"b\" 2}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid JSON at line 3, column 7: expected ':'");
        assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("unterminated");
    }

    @Test
    void writesStringsAndNumbers() {
        assertThat(Json.quote("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
        assertThat(Json.quote(null)).isEqualTo("null");
        assertThat(Json.number(0.98765, 4)).isEqualTo("0.9877");
        assertThat(Json.number(1.0, 4)).isEqualTo("1");
        assertThat(Json.number(12.5, 2)).isEqualTo("12.5");
        assertThat(Json.number(0.0, 2)).isEqualTo("0");
        assertThat(Json.number(Double.NaN, 2)).isEqualTo("null");
        assertThat(Json.parse(Json.quote("tab\there \u2028"))).isEqualTo("tab\there \u2028");
    }
}
