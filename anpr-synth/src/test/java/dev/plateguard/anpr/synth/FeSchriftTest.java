package dev.plateguard.anpr.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Shape;
import java.awt.geom.Rectangle2D;
import org.junit.jupiter.api.Test;

/** The FE-Schrift shapes that real Uzbek plates have and that fool readers trained on DIN-like fonts. */
class FeSchriftTest {

    @Test
    void everyRegistrationCharacterIsDrawnInsideItsCell() {
        var glyphs = FeSchrift.glyphs();
        assertThat(glyphs).hasSize(36);
        glyphs.forEach((c, g) -> {
            Rectangle2D b = g.bounds();
            assertThat(b.getHeight()).as("%s height", c).isBetween(95.0, 100.0);
            assertThat(b.getMinY()).as("%s top", c).isGreaterThanOrEqualTo(-100.0);
            assertThat(b.getMaxY()).as("%s baseline", c).isLessThanOrEqualTo(0.0);
            assertThat(g.advance()).as("%s advance", c).isGreaterThan(b.getMaxX());
        });
    }

    @Test
    void theDigitZeroIsANarrowStadiumAndTheLetterOIsWider() {
        var z = FeSchrift.glyph('0');
        var o = FeSchrift.glyph('O');
        assertThat(o.bounds().getWidth()).isGreaterThan(z.bounds().getWidth() * 1.1);
        // its sides are straight: filled at the left edge from a quarter to three quarters of the height
        for (double y = -75; y <= -25; y += 5) {
            assertThat(z.outline().contains(FeSchrift.STROKE / 2, y)).as("0's left side at %s", y).isTrue();
        }
    }

    @Test
    void zeroAndDDifferOnlyInTheLeftCorners() {
        Shape zero = FeSchrift.glyph('0').outline();
        Shape d = FeSchrift.glyph('D').outline();
        double corner = FeSchrift.STROKE * 0.4;
        assertThat(d.contains(corner, -100 + corner)).as("D's top-left corner is square").isTrue();
        assertThat(zero.contains(corner, -100 + corner)).as("0's top-left corner is round").isFalse();
        // both have a straight left side in the middle
        assertThat(d.contains(corner, -50)).isTrue();
        assertThat(zero.contains(corner, -50)).isTrue();
    }

    @Test
    void threeHasAFlatTopAndFiveNot() {
        Shape three = FeSchrift.glyph('3').outline();
        double w = FeSchrift.DIGIT_WIDTH;
        int filled = 0;
        for (double x = 2; x < w - 2; x += 1) {
            filled += three.contains(x, -100 + FeSchrift.STROKE / 2) ? 1 : 0;
        }
        assertThat(filled).as("3's top bar spans the cell").isGreaterThan((int) (0.85 * (w - 4)));
        // 5's top bar ends on the left in a vertical, 3's top bar on the right in a diagonal
        Shape five = FeSchrift.glyph('5').outline();
        assertThat(five.contains(FeSchrift.STROKE / 2, -70)).isTrue();
        assertThat(three.contains(FeSchrift.STROKE / 2, -70)).isFalse();
    }

    @Test
    void theFeKindOffersTheseShapesFirst() {
        var faces = Fonts.faces(Fonts.Kind.FE);
        assertThat(faces.get(0).toString()).isEqualTo("FE-Schrift");
        assertThat(faces.get(0).glyph('0').bounds().getHeight()).isCloseTo(faces.get(0).capHeight,
                org.assertj.core.data.Offset.offset(5.0));
        // characters outside 0-9 A-Z come from the fallback font at the same cap height
        assertThat(faces.get(0).glyph('-').bounds().getWidth()).isPositive();
    }
}
