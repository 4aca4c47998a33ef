package dev.plateguard.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ViolationSharesTest {

    @Test
    void parsesNamedSharesAndKeepsDefaultsForTheRest() {
        ViolationShares shares = ViolationShares.parse("speeding:0.2, red-light:0.1");
        assertThat(shares.speeding()).isEqualTo(0.2);
        assertThat(shares.redLight()).isEqualTo(0.1);
        assertThat(shares.phone()).isEqualTo(ViolationShares.DEFAULT.phone());
        assertThat(ViolationShares.parse("")).isEqualTo(ViolationShares.DEFAULT);
    }

    @Test
    void refusesUnknownNamesAndSharesOutsideZeroToOne() {
        assertThatThrownBy(() -> ViolationShares.parse("drunk:0.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ViolationShares.parse("speeding:1.5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ViolationShares.parse("speeding:lots")).isInstanceOf(IllegalArgumentException.class);
    }
}
