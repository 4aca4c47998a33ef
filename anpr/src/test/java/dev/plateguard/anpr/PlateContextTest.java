package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PlateContextTest {

    static final double[] QUAD = {100, 50, 300, 60, 295, 110, 98, 100};

    @Test
    void fractionsAndImagePointsAreInverses() {
        double[] plate = {110, 58, 290, 66, 286, 104, 105, 96};
        float[] f = PlateContext.toFractions(QUAD, plate);
        double[] back = PlateContext.toImage(QUAD, f, 0);
        for (int i = 0; i < 8; i++) {
            assertThat(back[i]).isCloseTo(plate[i], within(1e-3));
        }
    }

    @Test
    void theQuadItselfSitsInTheMiddleOfTheView() {
        float[] f = PlateContext.toFractions(QUAD, QUAD);
        double x0 = -PlateContext.U0 / (PlateContext.U1 - PlateContext.U0);
        double y0 = -PlateContext.V0 / (PlateContext.V1 - PlateContext.V0);
        assertThat((double) f[0]).isCloseTo(x0, within(1e-5));
        assertThat((double) f[1]).isCloseTo(y0, within(1e-5));
        assertThat((double) f[4]).isCloseTo(1 - x0, within(1e-5));
        assertThat((double) f[5]).isCloseTo(1 - y0, within(1e-5));
    }

    /** A white plate on black, cut around its own corners: white in the middle band, black far above and below. */
    @Test
    void cropShowsThePlateWithItsSurroundings() {
        BufferedImage img = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(100, 80, 200, 40);
        g.dispose();
        float[] crop = PlateContext.grey(img, new double[] {100, 80, 300, 80, 300, 120, 100, 120});
        assertThat(crop).hasSize(PlateContext.WIDTH * PlateContext.HEIGHT);
        int w = PlateContext.WIDTH;
        int middleRow = PlateContext.HEIGHT / 2;
        assertThat(crop[middleRow * w + w / 2]).isGreaterThan(0.99f);
        assertThat(crop[2 * w + w / 2]).isLessThan(0.01f); // 0.8 plate heights above the plate
        assertThat(crop[middleRow * w + 2]).isLessThan(0.01f); // 0.3 plate widths left of it
        // the plate spans v 0..1, i.e. rows (0.8 / 2.6) .. (1.8 / 2.6) of the crop
        int top = (int) Math.ceil(0.8 / 2.6 * PlateContext.HEIGHT) + 1;
        int bottom = (int) Math.floor(1.8 / 2.6 * PlateContext.HEIGHT) - 2;
        assertThat(crop[top * w + w / 2]).isGreaterThan(0.99f);
        assertThat(crop[bottom * w + w / 2]).isGreaterThan(0.99f);
        assertThat(crop[(top - 3) * w + w / 2]).isLessThan(0.01f);
    }
}
