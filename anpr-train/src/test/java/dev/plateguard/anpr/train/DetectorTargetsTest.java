package dev.plateguard.anpr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DetectorTargetsTest {

    @Test
    void perfectOutputsDecodeBackToThePlates() {
        double[] a = {40, 50, 140, 54, 139, 78, 39, 74};
        double[] b = {200, 150, 260, 150, 260, 180, 200, 180};
        int g = 80;
        DetectorTargets.Maps t = DetectorTargets.build(List.of(a, b), g, g);
        assertThat(t.positives()).isEqualTo(2);
        List<DetectorTargets.Detection> d = DetectorTargets.decode(t.heat(), t.corners(), g, g, 0.5);
        assertThat(d).hasSize(2);
        for (DetectorTargets.Detection det : d) {
            double[] truth = det.corners()[0] < 150 ? a : b;
            for (int i = 0; i < 8; i++) {
                assertThat(det.corners()[i]).isCloseTo(truth[i], within(1e-3));
            }
        }
        // the centre cell is the only positive; its neighbours carry down-weighted corner targets
        int ci = (int) Math.floor(DetectorTargets.centre(a)[1] / 4);
        int cj = (int) Math.floor(DetectorTargets.centre(a)[0] / 4);
        assertThat(t.positive()[ci * g + cj]).isEqualTo(1f);
        assertThat(t.cornerWeight()[ci * g + cj]).isEqualTo(1f);
        assertThat(t.cornerWeight()[ci * g + cj + 1]).isBetween(0.1f, 0.99f);
        assertThat(t.negativeWeight()[ci * g + cj]).isZero();
        assertThat(t.negativeWeight()[(ci + 5) * g + cj + 30]).isEqualTo(1f);
    }

    @Test
    void cropsKeepPlatesWhoseCentreIsInside() {
        DetectorExample full = StandInData.detector(4, 384).get();
        Random r = new Random(1);
        for (int i = 0; i < 20; i++) {
            DetectorExample c = Crops.crop(full, 160, r, 1.0);
            assertThat(c.chw()).hasSize(3 * 160 * 160);
            for (double[] q : c.plates()) {
                double[] centre = DetectorTargets.centre(q);
                assertThat(centre[0]).isBetween(0.0, 160.0);
                assertThat(centre[1]).isBetween(0.0, 160.0);
            }
        }
        assertThat(DetectorTargets.iou(new double[] {0, 0, 10, 10}, new double[] {5, 0, 15, 10})).isCloseTo(1 / 3.0,
                within(1e-9));
    }
}
