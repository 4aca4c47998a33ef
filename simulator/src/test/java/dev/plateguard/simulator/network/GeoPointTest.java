package dev.plateguard.simulator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GeoPointTest {

    private final GeoPoint tashkent = new GeoPoint(41.312159, 69.282545);

    @Test
    void distancesAndBearingsMatchTheMap() {
        GeoPoint qarshi = new GeoPoint(38.8633, 65.7978);
        assertThat(tashkent.distanceKm(qarshi)).isCloseTo(410, within(10.0)); // about 410 km as the crow flies
        assertThat(tashkent.bearingTo(qarshi)).isBetween(225.0, 240.0); // south-west
        assertThat(tashkent.distanceKm(tashkent)).isZero();
    }

    @Test
    void offsetsMoveByTheGivenKilometres() {
        GeoPoint moved = tashkent.offsetKm(3, 4);
        assertThat(tashkent.distanceKm(moved)).isCloseTo(5.0, within(0.05));
        assertThat(tashkent.bearingTo(moved)).isCloseTo(53.1, within(0.5));
    }
}
