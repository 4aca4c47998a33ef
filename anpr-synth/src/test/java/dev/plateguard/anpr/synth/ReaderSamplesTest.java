package dev.plateguard.anpr.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ReaderSamplesTest {

    @Test
    void sameSeedSameSamples() {
        var a = new ReaderSamples(9, SceneRenderer.Settings.training());
        var b = new ReaderSamples(9, SceneRenderer.Settings.training());
        for (int i = 0; i < 20; i++) {
            ReaderSamples.Sample x = a.next();
            ReaderSamples.Sample y = b.next();
            assertThat(y.text()).isEqualTo(x.text());
            assertThat(y.corners()).containsExactly(x.corners());
            assertThat(PlateRendererTest.pixels(y.plateInContext())).isEqualTo(PlateRendererTest.pixels(x.plateInContext()));
        }
    }

    @Test
    void samplesHoldTheirPlateWithRoomForTheCrop() {
        var rs = new ReaderSamples(4, SceneRenderer.Settings.heldOut());
        for (int i = 0; i < 150; i++) {
            ReaderSamples.Sample s = rs.next();
            BufferedImage img = s.plateInContext();
            assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
            assertThat(s.text()).matches("[A-Z0-9]{2,10}");
            double[] t = rs.lastTrueCorners();
            double pw = Math.hypot(t[2] - t[0], t[3] - t[1]);
            double ph = Math.hypot(t[6] - t[0], t[7] - t[1]);
            assertThat(pw).isBetween(20.0, 400.0);
            // PlateCrop widens by 4 % of the width and 10 % of the height: that region is inside the patch
            double[] b = Geometry.bounds(t);
            assertThat(b[0] - 0.04 * pw).isGreaterThanOrEqualTo(-1.0);
            assertThat(b[2] + 0.04 * pw).isLessThanOrEqualTo(img.getWidth() + 1.0);
            assertThat(b[1] - 0.1 * ph).isGreaterThanOrEqualTo(-1.0);
            assertThat(b[3] + 0.1 * ph).isLessThanOrEqualTo(img.getHeight() + 1.0);
            // jitter is a few percent, never a different plate
            double[] c = s.corners();
            for (int k = 0; k < 8; k += 2) {
                assertThat(Math.abs(c[k] - t[k])).isLessThan(0.25 * pw + 2);
                assertThat(Math.abs(c[k + 1] - t[k + 1])).isLessThan(0.4 * ph + 2);
                assertThat(c[k]).isBetween(0.0, (double) img.getWidth());
                assertThat(c[k + 1]).isBetween(0.0, (double) img.getHeight());
            }
            assertThat(SceneRendererTest.area(c)).isPositive();
        }
    }

    @Test
    void jitterIsSmallOnAverage() {
        var rs = new ReaderSamples(8, SceneRenderer.Settings.training());
        double sum = 0;
        int n = 100;
        for (int i = 0; i < n; i++) {
            double[] c = rs.next().corners();
            double[] t = rs.lastTrueCorners();
            double pw = Math.hypot(t[2] - t[0], t[3] - t[1]);
            sum += Math.abs(c[0] - t[0]) / pw;
        }
        assertThat(sum / n).isBetween(0.005, 0.08);
    }

    /** With a wide context the patch keeps 40 % of the width beside the plate and 1.4 heights above and below it. */
    @Test
    void wideContextKeepsRoomForTheRefinersView() {
        var rs = new ReaderSamples(6, SceneRenderer.Settings.heldOut(), true);
        for (int i = 0; i < 60; i++) {
            BufferedImage img = rs.next().plateInContext();
            double[] b = Geometry.bounds(rs.lastTrueCorners());
            double bw = b[2] - b[0];
            double bh = b[3] - b[1];
            assertThat(b[0]).isGreaterThanOrEqualTo(0.4 * bw - 1);
            assertThat(img.getWidth() - b[2]).isGreaterThanOrEqualTo(0.4 * bw - 1);
            assertThat(b[1]).isGreaterThanOrEqualTo(1.4 * bh - 1);
            assertThat(img.getHeight() - b[3]).isGreaterThanOrEqualTo(1.4 * bh - 1);
        }
    }
}
