package dev.plateguard.anpr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The module's Jackson set-up: one mapper for {@code models.json} and the command line's output, and numbers
 * rounded for output the way the CLI prints them ({@code 0.9877}, {@code 20}, never {@code 2E+1}).
 */
public final class AnprJson {

    /** Thread-safe; writes BigDecimal numbers as plain decimals. */
    public static final JsonMapper MAPPER = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private AnprJson() {
    }

    /** A number rounded half-up to at most {@code decimals} places, without trailing zeros; NaN and infinities become null. */
    public static JsonNode rounded(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return JsonNodeFactory.instance.nullNode();
        }
        BigDecimal d = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
        return JsonNodeFactory.instance.numberNode(d.signum() == 0 ? BigDecimal.ZERO : d);
    }
}
