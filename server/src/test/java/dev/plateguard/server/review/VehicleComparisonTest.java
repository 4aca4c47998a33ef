package dev.plateguard.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.registry.RegistrationStatus;
import dev.plateguard.server.registry.VehicleRecord;

/** What the camera saw against the registry: only a value both sides know, differing beyond case and separators. */
class VehicleComparisonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static VehicleRecord registered(String type, String make, String colour) {
        return new VehicleRecord("UZ", "01A123BC", RegistrationStatus.VALID, LocalDate.of(2030, 1, 1), null, type, make,
                colour, "OWN-1");
    }

    @Test
    void aDifferentColourIsAMismatchCaseAndSeparatorsAreNot() {
        var seen = JSON.readTree("""
                {"vehicle": {"make": "chevrolet", "type": "car", "color": "white"}}""");
        var comparison = VehicleComparison.of(seen, registered("Car", "Chevrolet", "dark-grey"));
        assertThat(comparison.registered()).isTrue();
        assertThat(comparison.rows()).extracting(VehicleComparison.Row::field).containsExactly("make", "type", "colour");
        assertThat(comparison.rows()).extracting(VehicleComparison.Row::mismatch).containsExactly(false, false, true);
        assertThat(comparison.anyMismatch()).isTrue();
        assertThat(VehicleComparison.of(JSON.readTree("""
                {"vehicle": {"color": "Dark Grey"}}"""), registered(null, null, "dark-grey")).anyMismatch()).isFalse();
    }

    @Test
    void anUnknownSideIsNoMismatch() {
        var comparison = VehicleComparison.of(JSON.readTree("{}"), registered("car", "Chevrolet", "white"));
        assertThat(comparison.anyMismatch()).isFalse();
        assertThat(comparison.rows()).allSatisfy(r -> assertThat(r.recognised()).isNull());
        var noRecord = VehicleComparison.of(JSON.readTree("""
                {"vehicle": {"make": "Lada"}}"""), null);
        assertThat(noRecord.registered()).isFalse();
        assertThat(noRecord.anyMismatch()).isFalse();
        assertThat(VehicleComparison.of(null, null).rows()).hasSize(3);
    }
}
