package dev.plateguard.anpr.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneRendererTest {

    @Test
    void sameSeedSamePixelsAndPlates() {
        var a = new SceneRenderer(11, SceneRenderer.Settings.training());
        var b = new SceneRenderer(11, SceneRenderer.Settings.training());
        for (int i = 0; i < 3; i++) {
            Scene x = a.render(320, 240);
            Scene y = b.render(320, 240);
            assertThat(PlateRendererTest.pixels(y.image())).isEqualTo(PlateRendererTest.pixels(x.image()));
            assertThat(y.plates()).hasSameSizeAs(x.plates());
            for (int k = 0; k < x.plates().size(); k++) {
                assertThat(y.plates().get(k).text()).isEqualTo(x.plates().get(k).text());
                assertThat(y.plates().get(k).corners()).containsExactly(x.plates().get(k).corners());
            }
        }
        Scene other = new SceneRenderer(12, SceneRenderer.Settings.training()).render(320, 240);
        assertThat(PlateRendererTest.pixels(other.image())).isNotEqualTo(
                PlateRendererTest.pixels(new SceneRenderer(11, SceneRenderer.Settings.training()).render(320, 240).image()));
    }

    @Test
    void cornersLieInsideTheImageAndThePlateIsReallyThere() {
        int w = 480;
        int h = 360;
        int checked = 0;
        int counted0 = 0;
        int countedMany = 0;
        for (int seed = 0; seed < 24; seed++) {
            Scene with = new SceneRenderer(seed, SceneRenderer.Settings.training()).render(w, h, true);
            Scene without = new SceneRenderer(seed, SceneRenderer.Settings.training()).render(w, h, false);
            assertThat(without.plates()).hasSameSizeAs(with.plates());
            assertThat(with.image().getWidth()).isEqualTo(w);
            assertThat(with.image().getHeight()).isEqualTo(h);
            counted0 += with.plates().isEmpty() ? 1 : 0;
            countedMany += with.plates().size() > 1 ? 1 : 0;
            for (PlacedPlate p : with.plates()) {
                assertThat(p.text()).matches("[A-Z0-9]{2,10}");
                double[] c = p.corners();
                assertThat(c).hasSize(8);
                for (int i = 0; i < 8; i += 2) {
                    assertThat(c[i]).isBetween(0.0, (double) w);
                    assertThat(c[i + 1]).isBetween(0.0, (double) h);
                }
                // corners are in order: top-left, top-right, bottom-right, bottom-left (clockwise on screen)
                assertThat(area(c)).isPositive();
                double[] box = p.box();
                assertThat(box[2] / w).isBetween(0.01, 0.6);
                if (area(c) >= 150) {
                    double diff = meanDiffInside(with.image(), without.image(), c);
                    assertThat(diff).as("plate %s differs from what is behind it", p.text()).isGreaterThan(12);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(countedMany).isPositive();
        assertThat(counted0).isLessThan(12);
    }

    @Test
    void sceneStylesFollowTheSettings() {
        var s = SceneRenderer.Settings.heldOut().withStyles(PlateRenderer.styles("uz")).withMinPlates(1);
        var r = new SceneRenderer(5, s);
        for (int i = 0; i < 6; i++) {
            Scene sc = r.render(400, 300);
            assertThat(sc.plates()).isNotEmpty();
            for (PlacedPlate p : sc.plates()) {
                assertThat(p.style()).startsWith("uz-");
                assertThat(p.country()).isEqualTo("UZ");
            }
        }
    }

    @Test
    void trainingAndHeldOutSettingsDiffer() {
        var t = SceneRenderer.Settings.training();
        var h = SceneRenderer.Settings.heldOut();
        assertThat(h).isNotEqualTo(t);
        assertThat(h.look()).isNotEqualTo(t.look());
        assertThat(h.camera()).isNotEqualTo(t.camera());
        assertThat(h.degrade()).isNotEqualTo(t.degrade());
        assertThat(h.look().glyphScaleMax()).isNotEqualTo(t.look().glyphScaleMax());
        assertThat(h.look().trackingMax()).isNotEqualTo(t.look().trackingMax());
        assertThat(h.degrade().castWarmCool()).isNotEqualTo(t.degrade().castWarmCool());
        assertThat(h.degrade().jpegMin()).isNotEqualTo(t.degrade().jpegMin());
        // and the same seed gives different images under the two
        BufferedImage a = new SceneRenderer(3, t).render(200, 150).image();
        BufferedImage b = new SceneRenderer(3, h).render(200, 150).image();
        assertThat(PlateRendererTest.pixels(a)).isNotEqualTo(PlateRendererTest.pixels(b));
    }

    @Test
    void settingsValidateAndCopyStyles() {
        var list = new java.util.ArrayList<>(List.of("uz-private"));
        var s = SceneRenderer.Settings.training().withStyles(list);
        list.add("eu-de");
        assertThat(s.styles()).containsExactly("uz-private");
        assertThat(s.withMinPlates(2).camera().minPlates()).isEqualTo(2);
    }

    /** Signed area (shoelace, y down): positive for clockwise-on-screen order. */
    static double area(double[] c) {
        double a = 0;
        for (int i = 0; i < 4; i++) {
            int j = (i + 1) % 4;
            a += c[2 * i] * c[2 * j + 1] - c[2 * j] * c[2 * i + 1];
        }
        return a / 2;
    }

    /** Mean absolute luma difference of two images over the pixels inside a quadrilateral (shrunk a little). */
    static double meanDiffInside(BufferedImage a, BufferedImage b, double[] c) {
        double cx = (c[0] + c[2] + c[4] + c[6]) / 4;
        double cy = (c[1] + c[3] + c[5] + c[7]) / 4;
        var poly = new java.awt.geom.Path2D.Double();
        for (int i = 0; i < 4; i++) {
            double x = cx + (c[2 * i] - cx) * 0.85;
            double y = cy + (c[2 * i + 1] - cy) * 0.85;
            if (i == 0) {
                poly.moveTo(x, y);
            } else {
                poly.lineTo(x, y);
            }
        }
        poly.closePath();
        var r = poly.getBounds();
        double sum = 0;
        int n = 0;
        for (int y = Math.max(0, r.y); y < Math.min(a.getHeight(), r.y + r.height + 1); y++) {
            for (int x = Math.max(0, r.x); x < Math.min(a.getWidth(), r.x + r.width + 1); x++) {
                if (poly.contains(x + 0.5, y + 0.5)) {
                    sum += Math.abs(Pixels.luma(a.getRGB(x, y)) - Pixels.luma(b.getRGB(x, y)));
                    int ca = a.getRGB(x, y);
                    int cb = b.getRGB(x, y);
                    sum += (Math.abs(((ca >> 16) & 255) - ((cb >> 16) & 255)) + Math.abs((ca & 255) - (cb & 255))) * 0.25;
                    n++;
                }
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
