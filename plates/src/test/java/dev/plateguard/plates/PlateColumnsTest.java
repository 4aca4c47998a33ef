package dev.plateguard.plates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlateColumnsTest {

    @Test
    void aTextIsNormalisedClassifiedAndFolded() {
        PlateColumns columns = PlateColumns.of(" 01-а-123-вс ", null);
        assertThat(columns.normalized()).isEqualTo("01A123BC");
        assertThat(columns.country()).isEqualTo("UZ");
        assertThat(columns.format()).isEqualTo("UZ_PRIVATE");
        assertThat(columns.region()).isEqualTo("Tashkent city");
        assertThat(columns.folded()).isEqualTo(PlateText.fold("01A123BC"));
    }

    @Test
    void theCountryTheCameraSawPicksAmongReadingsOfTheSameText() {
        // 1234AB01 is an Uzbek trailer plate or a Tajik private plate.
        assertThat(PlateColumns.of("1234AB01", null).country()).isEqualTo("UZ");
        assertThat(PlateColumns.of("1234AB01", "TJ").country()).isEqualTo("TJ");
        assertThat(PlateColumns.of("1234AB01", "TJ").format()).isEqualTo("TJ_PRIVATE");
        // A hint that fits no reading changes nothing.
        assertThat(PlateColumns.of("1234AB01", "KZ").country()).isEqualTo("UZ");
    }

    @Test
    void textThatIsNoPlateIsRefused() {
        assertThatThrownBy(() -> PlateColumns.of("<script>", null)).isInstanceOf(InvalidPlateTextException.class);
    }
}
