package dev.plateguard.anpr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateguard.anpr.AnprJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BenchStatsTest {

    @Test
    void medianMeanAndP90() {
        assertThat(BenchStats.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(BenchStats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(BenchStats.mean(new double[] {1, 2, 6})).isEqualTo(3);
        double[] ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        assertThat(BenchStats.percentile(ten, 90)).isEqualTo(9); // nearest rank: the 9th of 10
        assertThat(BenchStats.percentile(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 90)).isEqualTo(10);
        assertThat(BenchStats.percentile(new double[] {7}, 90)).isEqualTo(7);
        assertThat(BenchStats.median(new double[0])).isNaN();
    }

    @Test
    void ratesAreFractionsOfLabelledPlates() {
        BenchStats s = new BenchStats(4, 5, 4, 3, 4, new double[] {1, 2, 3, 4});
        assertThat(s.detectionRate()).isEqualTo(0.8);
        assertThat(s.top1Rate()).isEqualTo(0.6);
        assertThat(s.topNRate()).isEqualTo(0.8);
        BenchStats merged = BenchStats.merge(List.of(s, new BenchStats(1, 1, 1, 1, 1, new double[] {10})));
        assertThat(merged.images()).isEqualTo(5);
        assertThat(merged.plates()).isEqualTo(6);
        assertThat(merged.top1Rate()).isEqualTo(4 / 6.0);
        assertThat(merged.median()).isEqualTo(3);
    }

    @Test
    void summaryLineHasTheDocumentedShape() {
        Map<String, BenchStats> sets = new LinkedHashMap<>();
        sets.put("eu", new BenchStats(2, 2, 2, 1, 2, new double[] {10, 20}));
        sets.put("us", new BenchStats(1, 1, 0, 0, 0, new double[] {30}));
        BenchStats overall = BenchStats.merge(List.copyOf(sets.values()));
        String line = BenchStats.summaryLine(overall, 123.456, sets);
        assertThat(line).isEqualTo("{\"overall\": {\"images\": 3, \"detectionRate\": 0.6667, \"top1\": 0.3333, \"topN\": 0.6667, "
                + "\"msMedian\": 20, \"msMean\": 20, \"msP90\": 30, \"peakMemoryMb\": 123.5}, \"sets\": {"
                + "\"eu\": {\"images\": 2, \"detectionRate\": 1, \"top1\": 0.5, \"topN\": 1, \"msMedian\": 15, \"msMean\": 15, \"msP90\": 20}, "
                + "\"us\": {\"images\": 1, \"detectionRate\": 0, \"top1\": 0, \"topN\": 0, \"msMedian\": 30, \"msMean\": 30, \"msP90\": 30}}}");
        JsonNode parsed = AnprJson.MAPPER.readTree(line);
        assertThat(parsed.propertyNames()).containsExactly("overall", "sets");
        assertThat(parsed.get("overall").propertyNames()).containsExactly("images", "detectionRate", "top1", "topN",
                "msMedian", "msMean", "msP90", "peakMemoryMb");
    }
}
