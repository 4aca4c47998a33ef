package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Recognition#toJson()} byte for byte as the hand-written writer printed it before Jackson took over. */
class RecognitionJsonTest {

    @Test
    void writesTheDocumentedLine() {
        Recognition r = new Recognition(List.of(new PlateResult(new Box(98, 76, 48, 12),
                new double[] {98, 76, 146, 76, 146, 88, 98, 88.25}, "01A123BC", 0.98765432,
                List.of(new Candidate("01A123BC", 0.98765432, 0.9, "UZ_PRIVATE"), new Candidate("01A123B", 0.0123, 0.05, null)),
                "UZ", "UZ_PRIVATE", "01 A 123 BC", "Tashkent city", 0.95)), 12, "v\"1 é", 320, 240,
                new Timings(1.23456, 0, 2, 0.1, 0, 0.5, 3.0, Double.NaN));
        assertThat(r.toJson()).isEqualTo("{\"millis\":12,\"modelVersion\":\"v\\\"1 é\",\"width\":320,\"height\":240,"
                + "\"timings\":{\"decodeMs\":1.235,\"detectorPrepMs\":0,\"detectorRunMs\":2,\"detectorDecodeMs\":0.1,"
                + "\"refineMs\":0,\"readerPrepMs\":0.5,\"readerRunMs\":3,\"readerDecodeMs\":null},"
                + "\"plates\":[{\"text\":\"01A123BC\",\"confidence\":0.987654,\"box\":{\"x\":98,\"y\":76,\"w\":48,\"h\":12},"
                + "\"corners\":[98,76,146,76,146,88,98,88.3],\"country\":\"UZ\",\"format\":\"UZ_PRIVATE\","
                + "\"display\":\"01 A 123 BC\",\"region\":\"Tashkent city\",\"detectionScore\":0.95,"
                + "\"candidates\":[{\"text\":\"01A123BC\",\"confidence\":0.987654,\"modelProbability\":0.9,\"format\":\"UZ_PRIVATE\"},"
                + "{\"text\":\"01A123B\",\"confidence\":0.0123,\"modelProbability\":0.05,\"format\":null}]}]}");
        assertThat(new Recognition(List.of(), 3, "x").toJson()).isEqualTo("{\"millis\":3,\"modelVersion\":\"x\",\"width\":0,"
                + "\"height\":0,\"timings\":{\"decodeMs\":0,\"detectorPrepMs\":0,\"detectorRunMs\":0,\"detectorDecodeMs\":0,"
                + "\"refineMs\":0,\"readerPrepMs\":0,\"readerRunMs\":0,\"readerDecodeMs\":0},\"plates\":[]}");
    }

    @Test
    void roundsNumbersWithoutTrailingZeros() {
        assertThat(AnprJson.rounded(0.98765, 4).toString()).isEqualTo("0.9877");
        assertThat(AnprJson.rounded(1.0, 4).toString()).isEqualTo("1");
        assertThat(AnprJson.rounded(12.5, 2).toString()).isEqualTo("12.5");
        assertThat(AnprJson.rounded(-0.0, 2).toString()).isEqualTo("0");
        assertThat(AnprJson.rounded(1234.0, 1).toString()).isEqualTo("1234");
        assertThat(AnprJson.rounded(Double.NaN, 2).isNull()).isTrue();
        assertThat(AnprJson.MAPPER.writeValueAsString(AnprJson.rounded(2e7, 2))).isEqualTo("20000000");
    }
}
