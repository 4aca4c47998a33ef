package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoxTest {

    @Test
    void iou() {
        Box a = new Box(0, 0, 10, 10);
        assertThat(a.iou(a)).isEqualTo(1.0);
        assertThat(a.iou(new Box(10, 0, 10, 10))).isZero(); // touching
        assertThat(a.iou(new Box(20, 20, 5, 5))).isZero();
        assertThat(a.iou(new Box(5, 0, 10, 10))).isCloseTo(50.0 / 150, within(1e-12));
        assertThat(a.iou(new Box(2, 2, 5, 5))).isCloseTo(25.0 / 100, within(1e-12)); // inside
        assertThat(a.iou(new Box(0, 0, 0, 10))).isZero(); // empty
        assertThat(Box.iou(0, 0, 4, 2, 1, 1, 4, 2)).isCloseTo(3.0 / 13, within(1e-12));
        assertThat(a.iou(new Box(5, 0, 10, 10))).isEqualTo(new Box(5, 0, 10, 10).iou(a));
    }

    @Test
    void aroundCornersIsClippedAndRoundedOutwards() {
        assertThat(Box.around(new double[] {10.2, 5.7, 30.9, 6.1, 31.0, 15.2, 9.8, 14.0}, 100, 100))
                .isEqualTo(new Box(9, 5, 22, 11));
        assertThat(Box.around(new double[] {-5, -5, 50, -5, 50, 20, -5, 20}, 40, 10)).isEqualTo(new Box(0, 0, 40, 10));
    }
}
