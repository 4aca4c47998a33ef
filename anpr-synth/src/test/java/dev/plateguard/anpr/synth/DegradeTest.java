package dev.plateguard.anpr.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DegradeTest {

    private static BufferedImage plate() {
        return new PlateRenderer(1).render("eu-de", 0.5).image();
    }

    @Test
    void deterministicPerRandomAndLeavesTheInputAlone() {
        BufferedImage in = plate();
        int[] before = PlateRendererTest.pixels(in);
        BufferedImage a = Degrade.apply(in, new Random(5), 1.0);
        BufferedImage b = Degrade.apply(in, new Random(5), 1.0);
        assertThat(PlateRendererTest.pixels(a)).isEqualTo(PlateRendererTest.pixels(b));
        assertThat(PlateRendererTest.pixels(in)).isEqualTo(before);
        assertThat(a.getWidth()).isEqualTo(in.getWidth());
        assertThat(a.getHeight()).isEqualTo(in.getHeight());
        assertThat(a.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    }

    @Test
    void strengthZeroChangesNothingAndStrongChangesSomething() {
        BufferedImage in = plate();
        assertThat(java.util.Arrays.equals(PlateRendererTest.pixels(Degrade.apply(in, new Random(1), 0.0)), PlateRendererTest.pixels(in)))
                .as("strength 0 is the identity").isTrue();
        int changed = 0;
        for (int seed = 0; seed < 10; seed++) {
            BufferedImage out = Degrade.apply(in, new Random(seed), SceneRenderer.Settings.heldOut());
            if (!java.util.Arrays.equals(PlateRendererTest.pixels(out), PlateRendererTest.pixels(in))) {
                changed++;
            }
        }
        assertThat(changed).isGreaterThanOrEqualTo(8);
    }

    @Test
    void everyStepRuns() {
        BufferedImage in = plate();
        var all = new Degrade.Params(1, 1.5, 1, 5, 1, 10, 1, 20, 40, 1, 1, 1, 1, 2.5, 1, 1, 0.2, true, 0.6, 1.3, 30, 3);
        BufferedImage out = Degrade.apply(in, new Random(3), all);
        assertThat(out.getWidth()).isEqualTo(in.getWidth());
        int[] px = Pixels.data(out);
        assertThat(px).isNotEmpty();
        // blur and resampling keep the image's mean brightness roughly, so it is not blank
        long sum = 0;
        for (int p : px) {
            sum += Pixels.luma(p);
        }
        assertThat(sum / px.length).isBetween(1L, 254L);
    }

    @Test
    void blurAndResizeKeepFlatImagesFlat() {
        int w = 37;
        int h = 23;
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, 0x336699);
        Pixels.blur(px, w, h, 1.7);
        Pixels.blur(px, w, h, 0.6);
        Degrade.lowRes(px, w, h, 2.3);
        for (int p : px) {
            assertThat(Math.abs(((p >> 16) & 255) - 0x33)).isLessThanOrEqualTo(1);
            assertThat(Math.abs(((p >> 8) & 255) - 0x66)).isLessThanOrEqualTo(1);
            assertThat(Math.abs((p & 255) - 0x99)).isLessThanOrEqualTo(1);
        }
    }
}
