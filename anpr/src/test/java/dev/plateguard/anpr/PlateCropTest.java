package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * A 200 × 50 "plate" whose left half is black and right half white, on a mid-grey background: the crop must show grey
 * margins (4 % of the width left and right, 10 % of the height above and below), then black, then white.
 */
class PlateCropTest {

    static final int W = 200;
    static final int H = 50;
    static final float GREY = 128 / 255f;

    static BufferedImage scene(double angleDegrees, double cx, double cy, double[] cornersOut) {
        BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 400, 300);
        AffineTransform t = new AffineTransform();
        t.translate(cx, cy);
        t.rotate(Math.toRadians(angleDegrees));
        g.setTransform(t);
        g.setColor(Color.BLACK);
        g.fillRect(-W / 2, -H / 2, W / 2, H);
        g.setColor(Color.WHITE);
        g.fillRect(0, -H / 2, W / 2, H);
        g.dispose();
        double[] local = {-W / 2.0, -H / 2.0, W / 2.0, -H / 2.0, W / 2.0, H / 2.0, -W / 2.0, H / 2.0};
        t.transform(local, 0, cornersOut, 0, 4);
        return img;
    }

    /** The expected crop value at (x, y), or NaN near an edge where interpolation blends two regions. */
    static double expected(int x, int y) {
        double u = (x + 0.5) / PlateCrop.WIDTH * (1 + 2 * PlateCrop.MARGIN_X) - PlateCrop.MARGIN_X; // 0..1 across the plate
        double v = (y + 0.5) / PlateCrop.HEIGHT * (1 + 2 * PlateCrop.MARGIN_Y) - PlateCrop.MARGIN_Y;
        double edge = 0.03;
        if (Math.abs(u) < edge || Math.abs(u - 1) < edge || Math.abs(v) < edge * 4 || Math.abs(v - 1) < edge * 4
                || Math.abs(u - 0.5) < edge) {
            return Double.NaN;
        }
        if (u < 0 || u > 1 || v < 0 || v > 1) {
            return GREY;
        }
        return u < 0.5 ? 0 : 1;
    }

    static void assertPattern(float[] crop, double tolerance) {
        assertThat(crop).hasSize(PlateCrop.WIDTH * PlateCrop.HEIGHT);
        int checked = 0;
        for (int y = 0; y < PlateCrop.HEIGHT; y++) {
            for (int x = 0; x < PlateCrop.WIDTH; x++) {
                double e = expected(x, y);
                if (!Double.isNaN(e)) {
                    assertThat((double) crop[y * PlateCrop.WIDTH + x]).as("crop (%d, %d)", x, y).isCloseTo(e, within(tolerance));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(PlateCrop.WIDTH * PlateCrop.HEIGHT / 2);
    }

    @Test
    void rectifiesAnAxisAlignedPlate() {
        double[] corners = new double[8];
        BufferedImage img = scene(0, 200, 150, corners);
        assertThat(corners).containsExactly(new double[] {100, 125, 300, 125, 300, 175, 100, 175}, within(1e-9));
        float[] crop = PlateCrop.grey(img, corners);
        assertPattern(crop, 1e-6);
        // the margins hold the background: 4 % of 200 px = 8 px each side, 10 % of 50 px = 5 px above and below
        assertThat(crop[16 * PlateCrop.WIDTH]).isCloseTo(GREY, within(1e-6f)); // left margin
        assertThat(crop[16 * PlateCrop.WIDTH + PlateCrop.WIDTH - 1]).isCloseTo(GREY, within(1e-6f)); // right margin
        assertThat(crop[64]).isCloseTo(GREY, within(1e-6f)); // top margin
        assertThat(crop[16 * PlateCrop.WIDTH + 20]).isZero();
        assertThat(crop[16 * PlateCrop.WIDTH + 100]).isEqualTo(1f);
    }

    @Test
    void rectifiesARotatedPlate() {
        double[] corners = new double[8];
        BufferedImage img = scene(25, 200, 150, corners);
        // anti-aliasing-free fills and bilinear sampling: interior points match closely
        assertPattern(PlateCrop.grey(img, corners), 0.02);
    }

    @Test
    void writesIntoABatchBufferAtAnOffset() {
        double[] corners = new double[8];
        BufferedImage img = scene(-10, 210, 140, corners);
        float[] single = PlateCrop.grey(img, corners);
        int n = PlateCrop.WIDTH * PlateCrop.HEIGHT;
        float[] batch = new float[3 * n];
        int[] rgb = DetectorInput.Pixels.rgb(img);
        PlateCrop.grey(rgb, img.getWidth(), img.getHeight(), corners, batch, 2 * n);
        assertThat(java.util.Arrays.copyOfRange(batch, 2 * n, 3 * n)).containsExactly(single);
        assertThat(java.util.Arrays.copyOfRange(batch, 0, n)).containsOnly(0f);
    }

    /** A 150 × 120 two-row "plate" on grey: top row black, bottom row white; the crop puts them side by side. */
    @Test
    void twoRowPlatesAreCutIntoTwoHalvesSideBySide() {
        BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 400, 300);
        g.setColor(Color.BLACK);
        g.fillRect(100, 100, 150, 60);
        g.setColor(Color.WHITE);
        g.fillRect(100, 160, 150, 60);
        g.dispose();
        double[] corners = {100, 100, 250, 100, 250, 220, 100, 220};
        assertThat(PlateCrop.aspect(corners)).isCloseTo(1.25, within(1e-9));
        assertThat(PlateCrop.mayHaveTwoRows(corners)).isTrue();

        float[] crop = PlateCrop.greyTwoRows(img, corners);
        int half = PlateCrop.WIDTH / 2;
        // the middle of each half: the top row (black) on the left, the bottom row (white) on the right
        for (int y = 8; y < 22; y++) {
            for (int x = 6; x < half - 6; x++) {
                assertThat(crop[y * PlateCrop.WIDTH + x]).as("top row (%d, %d)", x, y).isZero();
                assertThat(crop[y * PlateCrop.WIDTH + half + x]).as("bottom row (%d, %d)", x, y).isEqualTo(1f);
            }
        }
        // the top margin above the top row and the bottom margin below the bottom row hold the background
        assertThat(crop[half / 2]).isCloseTo(GREY, within(1e-6f));
        assertThat(crop[(PlateCrop.HEIGHT - 1) * PlateCrop.WIDTH + half + half / 2]).isCloseTo(GREY, within(1e-6f));
        // each half reaches a little past the split, into the other row
        assertThat(crop[(PlateCrop.HEIGHT - 1) * PlateCrop.WIDTH + half / 2]).isEqualTo(1f);
        assertThat(crop[half + half / 2]).isZero();
    }

    @Test
    void scalingKeepsTheCentreAndScalesAlongTheEdges() {
        double[] plate = {100, 100, 300, 100, 300, 150, 100, 150};
        assertThat(PlateCrop.scaled(plate, 1, 1)).containsExactly(plate, within(1e-9));
        assertThat(PlateCrop.scaled(plate, 1.1, 1.2)).containsExactly(new double[] {90, 95, 310, 95, 310, 155, 90, 155},
                within(1e-9));
        double[] rotated = new double[8];
        scene(30, 200, 150, rotated);
        double[] taller = PlateCrop.scaled(rotated, 1, 1.5);
        assertThat(PlateCrop.aspect(taller)).isCloseTo(PlateCrop.aspect(rotated) / 1.5, within(1e-9));
        assertThat((taller[0] + taller[4]) / 2).isCloseTo(200, within(1e-9));
        assertThat((taller[1] + taller[5]) / 2).isCloseTo(150, within(1e-9));
    }

    @Test
    void onlyTallPlatesMayHaveTwoRows() {
        double[] euPlate = {0, 0, 520, 0, 520, 110, 0, 110};
        double[] usPlate = {0, 0, 300, 0, 300, 150, 0, 150};
        double[] foreshortened = {0, 0, 200, 10, 200, 140, 0, 150}; // a US plate seen from the side
        assertThat(PlateCrop.mayHaveTwoRows(euPlate)).isFalse();
        assertThat(PlateCrop.mayHaveTwoRows(usPlate)).isTrue();
        assertThat(PlateCrop.aspect(foreshortened)).isCloseTo(2 * Math.hypot(200, 10) / (150 + 130), within(1e-9));
        assertThat(PlateCrop.mayHaveTwoRows(foreshortened)).isTrue();
    }

    @Test
    void degenerateCornersAreRejected() {
        BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> PlateCrop.grey(img, new double[8])).isInstanceOf(IllegalArgumentException.class);
    }
}
