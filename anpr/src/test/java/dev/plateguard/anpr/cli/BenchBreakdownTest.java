package dev.plateguard.anpr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateguard.anpr.AnprJson;
import dev.plateguard.anpr.Timings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BenchBreakdownTest {

    @Test
    void widthBinsSplitAt80And120Pixels() {
        assertThat(BenchBreakdown.widthBin(10)).isEqualTo("<80");
        assertThat(BenchBreakdown.widthBin(79.9)).isEqualTo("<80");
        assertThat(BenchBreakdown.widthBin(80)).isEqualTo("80-119");
        assertThat(BenchBreakdown.widthBin(119.5)).isEqualTo("80-119");
        assertThat(BenchBreakdown.widthBin(120)).isEqualTo(">=120");
        BenchBreakdown b = new BenchBreakdown();
        b.plate(50, true, true);
        b.plate(60, false, false);
        b.plate(100, true, false);
        b.plate(300, true, true);
        assertThat(b.bin("<80").plates).isEqualTo(2);
        assertThat(b.bin("<80").detected).isEqualTo(1);
        assertThat(b.bin("<80").top1).isEqualTo(1);
        assertThat(b.bin("80-119").plates).isEqualTo(1);
        assertThat(b.bin("80-119").top1).isZero();
        assertThat(b.bin(">=120").top1).isEqualTo(1);
        assertThat(b.widthLine()).isEqualTo("<80 px: 2 plates, detected 50.0%, top-1 50.0%; 80-119 px: 1 plates, "
                + "detected 100.0%, top-1 0.0%; >=120 px: 1 plates, detected 100.0%, top-1 100.0%");
    }

    @Test
    void confusionsCountSubstitutionsOfSameLengthReadingsAndLostOrGainedCharacters() {
        BenchBreakdown b = new BenchBreakdown();
        b.reading("01A123BC", "01A123BC"); // exact: nothing
        b.reading("01A123BC", null); // not found: nothing
        b.reading("01A103BC", "D1A1D5BC"); // 0→D twice, 3→5
        b.reading("10O123", "10O125"); // 3→5
        b.reading("ABC123", "ABC12"); // lost
        b.reading("ABC123", "ABC1234"); // gained
        b.reading("ABC123", "AB123"); // lost
        assertThat(b.misread()).isEqualTo(5);
        assertThat(b.sameLength()).isEqualTo(2);
        assertThat(b.lost()).isEqualTo(2);
        assertThat(b.gained()).isEqualTo(1);
        assertThat(b.pairs()).containsExactly(Map.entry("0→D", 2), Map.entry("3→5", 2));
        assertThat(b.topPairs(1)).containsExactly(Map.entry("0→D", 2));
        assertThat(b.confusionLine()).isEqualTo("5 misread: 2 same length (0→D 2, 3→5 2), 2 lost characters, 1 gained characters");
    }

    @Test
    void topPairsAreTheTenMostFrequentThenByPair() {
        BenchBreakdown b = new BenchBreakdown();
        String truth = "ABCDEFGHIJKL";
        b.reading(truth, "48003P6N17X1");
        b.reading("B", "8");
        assertThat(b.pairs()).hasSize(12);
        assertThat(b.topPairs(BenchBreakdown.TOP_PAIRS)).hasSize(10).first().isEqualTo(Map.entry("B→8", 2));
        assertThat(b.topPairs(10).get(1)).isEqualTo(Map.entry("A→4", 1));
    }

    @Test
    void mergeAddsSetsUpAndTheSummaryCarriesTheBreakdown() {
        BenchBreakdown eu = new BenchBreakdown();
        eu.plate(100, true, false);
        eu.reading("AB12", "A812");
        eu.timings(new Timings(1, 2, 3, 4, 5, 6, 7, 8));
        BenchBreakdown us = new BenchBreakdown();
        us.plate(60, true, true);
        us.plate(200, false, false);
        us.reading("XY9", "XY");
        us.timings(new Timings(3, 2, 3, 4, 5, 6, 7, 8));
        BenchBreakdown all = BenchBreakdown.merge(List.of(eu, us));
        assertThat(all.bin("<80").plates + all.bin("80-119").plates + all.bin(">=120").plates).isEqualTo(3);
        assertThat(all.pairs()).containsExactly(Map.entry("B→8", 1));
        assertThat(all.lost()).isEqualTo(1);
        assertThat(all.meanTimings().decodeMs()).isEqualTo(2);

        Map<String, BenchStats> sets = new LinkedHashMap<>();
        sets.put("eu", new BenchStats(1, 1, 1, 0, 0, new double[] {10}, eu));
        sets.put("us", new BenchStats(1, 2, 1, 1, 1, new double[] {20}, us));
        BenchStats overall = BenchStats.merge(List.copyOf(sets.values()));
        JsonNode json = AnprJson.MAPPER.readTree(BenchStats.summaryLine(overall, 100, sets, "reader-only"));
        assertThat(json.propertyNames()).containsExactly("overall", "sets", "mode");
        assertThat(json.get("mode").asString()).isEqualTo("reader-only");
        JsonNode o = json.get("overall");
        assertThat(o.propertyNames()).containsExactly("images", "detectionRate", "top1", "topN", "msMedian", "msMean", "msP90",
                "peakMemoryMb", "widthBins", "confusions", "msByStage");
        assertThat(o.get("widthBins").get("<80").get("top1").asInt()).isEqualTo(1);
        assertThat(o.get("widthBins").get(">=120").get("detected").asInt()).isZero();
        assertThat(o.get("confusions").get("top").get("B→8").asInt()).isEqualTo(1);
        assertThat(o.get("confusions").get("lost").asInt()).isEqualTo(1);
        assertThat(o.get("msByStage").get("decode").asDouble()).isEqualTo(2);
        assertThat(json.get("sets").get("us").get("widthBins").get("<80").get("plates").asInt()).isEqualTo(1);
    }
}
