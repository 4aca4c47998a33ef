package dev.plateguard.anpr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchLabelsTest {

    @Test
    void parsesTabAndSpaceSeparatedLines() {
        List<BenchLabels.Label> labels = BenchLabels.parse("""
                eu1.jpg\t396\t340\t203\t46\tM5XSX
                # a comment

                eu1.jpg  10 20   30 40 ab-12 cd
                """, "eu1.txt");
        assertThat(labels).containsExactly(
                new BenchLabels.Label("eu1.jpg", 396, 340, 203, 46, "M5XSX"),
                new BenchLabels.Label("eu1.jpg", 10, 20, 30, 40, "ab-12cd"));
        assertThat(labels.get(1).normalisedPlate()).isEqualTo("AB12CD");
        assertThat(BenchLabels.parse("a.jpg 1 2 3 4 X\r\nb.jpg 1 2 3 4 Y", "w")).hasSize(2);
    }

    @Test
    void badLinesAreClearErrors() {
        assertThatThrownBy(() -> BenchLabels.parse("ok.jpg 1 2 3 4 A\nbad.jpg 1 2 3", "us/x.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("us/x.txt line 2: expected 'file x y width height plate' separated by tabs or spaces, got 4 fields");
        assertThatThrownBy(() -> BenchLabels.parse("a.jpg 1 two 3 4 A", "x.txt"))
                .hasMessage("x.txt line 1: y is not a number: 'two'");
        assertThatThrownBy(() -> BenchLabels.parse("a.jpg 1 2 0 4 A", "x.txt")).hasMessageContaining("positive");
        assertThatThrownBy(() -> BenchLabels.parse("a.jpg 1 2 3 4 -", "x.txt")).hasMessageContaining("empty");
    }

    @Test
    void normalisesLikeTheBenchmark() {
        assertThat(BenchLabels.normalise(" ab-12 c\td ")).isEqualTo("AB12CD");
    }
}
