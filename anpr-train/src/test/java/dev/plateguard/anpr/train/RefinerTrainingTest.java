package dev.plateguard.anpr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.plateguard.anpr.PlateContext;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RefinerTrainingTest {

    /** A plate 200 × 40 px, slightly tilted. */
    static final double[] TRUTH = {100, 100, 300, 110, 298, 150, 98, 140};

    /** The perturbation has the size the detector's errors have: larger across the plate than along it. */
    @Test
    void perturbationLooksLikeADetectorsError() {
        Random r = new Random(3);
        double along = 0;
        double across = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            double[] q = RefinerTraining.perturb(TRUTH, r);
            float[] f = PlateContext.toFractions(TRUTH, q); // in the true plate's own frame
            double[] unit = {0, 0, 1, 0, 1, 1, 0, 1};
            for (int k = 0; k < 4; k++) {
                double u = PlateContext.U0 + (PlateContext.U1 - PlateContext.U0) * f[2 * k];
                double v = PlateContext.V0 + (PlateContext.V1 - PlateContext.V0) * f[2 * k + 1];
                along += Math.abs(u - unit[2 * k]);
                across += Math.abs(v - unit[2 * k + 1]);
            }
        }
        along /= 4 * n;
        across /= 4 * n;
        // mean |error| of the measured detector: about 5 % of the width along, 15 % of the height across
        assertThat(along).isBetween(0.04, 0.09);
        assertThat(across).isBetween(0.12, 0.26);
    }

    @Test
    void anExamplesTargetPointsAtTheTrueCorners() {
        Supplier<RefinerExample> s = StandInData.refiner(5);
        for (int i = 0; i < 5; i++) {
            RefinerExample e = s.get();
            assertThat(e.grey()).hasSize(PlateContext.WIDTH * PlateContext.HEIGHT);
            double[] back = PlateContext.toImage(e.around(), e.target(), 0);
            for (int k = 0; k < 8; k++) {
                assertThat(back[k]).isCloseTo(e.truth()[k], within(1e-3));
            }
            assertThat(RefinerTraining.meanDistance(e.around(), e.truth())).isPositive();
        }
    }
}
