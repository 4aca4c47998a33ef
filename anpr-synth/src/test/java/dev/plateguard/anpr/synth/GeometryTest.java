package dev.plateguard.anpr.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GeometryTest {

    @Test
    void homographyMapsTheFourCorners() {
        double[] src = {0, 0, 520, 0, 520, 110, 0, 110};
        double[] dst = {10, 20, 200, 35, 190, 90, 15, 70};
        double[] h = Geometry.homography(src, dst);
        for (int i = 0; i < 8; i += 2) {
            assertThat(Geometry.mapX(h, src[i], src[i + 1])).isCloseTo(dst[i], within(1e-6));
            assertThat(Geometry.mapY(h, src[i], src[i + 1])).isCloseTo(dst[i + 1], within(1e-6));
        }
        double[] inv = Geometry.invert(h);
        assertThat(Geometry.mapX(inv, 200, 35)).isCloseTo(520, within(1e-6));
    }

    @Test
    void cameraProjectsThePlateCentreWhereItWasPlaced() {
        var cam = new Geometry.Cam(800, 320, 240, 0.3, 0.2, 0.05);
        cam.place(100, 300, 5000);
        double[] uv = new double[2];
        assertThat(cam.project(0, 0, 0, uv, 0)).isTrue();
        assertThat(uv[0]).isCloseTo(100, within(1e-6));
        assertThat(uv[1]).isCloseTo(300, within(1e-6));
        // the rear face looks at the camera; y up projects upwards on screen
        assertThat(cam.facing(0, 0, -1, 0, 0, 0)).isTrue();
        cam.project(0, 100, 0, uv, 0);
        assertThat(uv[1]).isLessThan(300);
    }

    @Test
    void roundedRectangleDistance() {
        assertThat(Geometry.sdRoundRect(260, 55, 520, 110, 5)).isCloseTo(-55, within(1e-9));
        assertThat(Geometry.sdRoundRect(-3, 55, 520, 110, 5)).isCloseTo(3, within(1e-9));
        assertThat(Geometry.sdRoundRect(0, 0, 520, 110, 5)).isGreaterThan(0);
    }
}
