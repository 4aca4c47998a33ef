package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.validation.FieldProblem;

/** Validation and normalisation of rule settings, and how a camera's settings override its site's. */
class RuleSettingsFormTest {

    static final Set<String> RULES = Set.of("spot_speed", "red_light", "seatbelt", "phone_use", "bus_lane", "average_speed");

    static List<FieldProblem> errors(RuleSettingsForm form) {
        List<FieldProblem> errors = new ArrayList<>();
        form.normalise(RULES, errors);
        return errors;
    }

    static List<String> fields(RuleSettingsForm form) {
        return errors(form).stream().map(FieldProblem::field).toList();
    }

    static RuleSettingsForm.BusLaneForm lane(Integer lane, List<RuleSettingsForm.WindowForm> schedule, List<String> types) {
        return new RuleSettingsForm.BusLaneForm(lane, schedule, types);
    }

    static RuleSettingsForm lanes(RuleSettingsForm.BusLaneForm... lanes) {
        return new RuleSettingsForm(null, null, null, Arrays.asList(lanes), null);
    }

    @Test
    void emptySettingsAreValidAndInheritEverything() {
        RuleSettingsForm empty = new RuleSettingsForm(null, null, null, null, null);
        assertThat(errors(empty)).isEmpty();
        assertThat(empty.normalise(RULES, new ArrayList<>())).isEqualTo(empty);
    }

    @Test
    void normalisesDaysTypesAndDefaults() {
        RuleSettingsForm form = new RuleSettingsForm(List.of("seatbelt", "bus_lane"), new BigDecimal("1.50"),
                new BigDecimal("0.900"), List.of(lane(3, List.of(new RuleSettingsForm.WindowForm(
                        List.of("FRIDAY", "Mon"), "07:00", "24:00"), new RuleSettingsForm.WindowForm(null, "22:00", "06:00")),
                        List.of(" Bus", "taxi")), lane(4, null, null)), "  Morning bus lane on Amir Temur  ");
        List<FieldProblem> errors = new ArrayList<>();
        RuleSettingsForm n = form.normalise(RULES, errors);
        assertThat(errors).isEmpty();
        assertThat(n.disabledRules()).containsExactly("bus_lane", "seatbelt");
        assertThat(n.redLightGraceSeconds()).isEqualTo(new BigDecimal("1.5"));
        assertThat(n.occupantConfidenceThreshold()).isEqualTo(new BigDecimal("0.9"));
        assertThat(n.note()).isEqualTo("Morning bus lane on Amir Temur");
        assertThat(n.busLanes().get(0).schedule().get(0).days()).containsExactly("mon", "fri");
        assertThat(n.busLanes().get(0).schedule().get(1).days()).hasSize(7);
        assertThat(n.busLanes().get(0).allowedVehicleTypes()).containsExactly("bus", "taxi");
        assertThat(n.busLanes().get(1).schedule()).isEmpty();
        assertThat(n.busLanes().get(1).allowedVehicleTypes()).containsExactly("bus");

        List<RuleSettings.BusLane> domain = RuleSettingsForm.toBusLanes(n.busLanes());
        assertThat(domain.get(0).schedule().get(0)).isEqualTo(new RuleSettings.Window(
                Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(7, 0), null));
        assertThat(domain.get(0).allows("BUS")).isTrue();
        assertThat(domain.get(1).allows("bus")).isTrue();
        assertThat(domain.get(1).allows("car")).isFalse();
    }

    @Test
    void unknownOrRepeatedRuleNamesAreRefused() {
        assertThat(fields(new RuleSettingsForm(Arrays.asList("spot_speed", "phone", "spot_speed", null, "registration"),
                null, null, null, null)))
                .containsExactly("disabledRules[1]", "disabledRules[2]", "disabledRules[3]", "disabledRules[4]");
        assertThat(errors(new RuleSettingsForm(List.of("speeding"), null, null, null, null)).getFirst().message())
                .contains("average_speed, bus_lane, phone_use, red_light, seatbelt, spot_speed");
        assertThat(errors(new RuleSettingsForm(List.of(), null, null, null, null))).isEmpty();
        assertThat(errors(new RuleSettingsForm(List.of("average_speed"), null, null, null, null))).isEmpty();
    }

    @Test
    void graceAndThresholdRanges() {
        assertThat(fields(new RuleSettingsForm(null, new BigDecimal("-0.001"), BigDecimal.ZERO, null, null)))
                .containsExactly("redLightGraceSeconds", "occupantConfidenceThreshold");
        assertThat(fields(new RuleSettingsForm(null, new BigDecimal("60.001"), new BigDecimal("1.001"), null, null)))
                .containsExactly("redLightGraceSeconds", "occupantConfidenceThreshold");
        assertThat(fields(new RuleSettingsForm(null, new BigDecimal("1.0001"), new BigDecimal("0.0001"), null, null)))
                .containsExactly("redLightGraceSeconds", "occupantConfidenceThreshold");
        assertThat(errors(new RuleSettingsForm(null, BigDecimal.ZERO, new BigDecimal("0.001"), null, null))).isEmpty();
        assertThat(errors(new RuleSettingsForm(null, new BigDecimal("60"), BigDecimal.ONE, null, null))).isEmpty();
    }

    @Test
    void lanesMustBeOneToSixteenAndListedOnce() {
        assertThat(fields(lanes(lane(0, null, null), lane(17, null, null), lane(null, null, null), lane(2, null, null),
                lane(2, null, null), null)))
                .containsExactly("busLanes[0].lane", "busLanes[1].lane", "busLanes[2].lane", "busLanes[4].lane", "busLanes[5]");
        assertThat(errors(lanes(lane(1, null, null), lane(16, null, null)))).isEmpty();
    }

    @Test
    void daysAndTimesMustBeReal() {
        RuleSettingsForm.WindowForm[] w = {
                new RuleSettingsForm.WindowForm(List.of("mon", "funday", "MON"), "07:00", "10:00"),
                new RuleSettingsForm.WindowForm(List.of(), "7:00", "25:00"),
                new RuleSettingsForm.WindowForm(null, null, null),
                new RuleSettingsForm.WindowForm(null, "24:00", "10:60"),
                new RuleSettingsForm.WindowForm(null, "08:00", "08:00"),
                new RuleSettingsForm.WindowForm(null, "07:00:00", "10:00")};
        assertThat(fields(lanes(lane(1, Arrays.asList(w), null)))).containsExactly(
                "busLanes[0].schedule[0].days[1]", "busLanes[0].schedule[0].days[2]",
                "busLanes[0].schedule[1].days", "busLanes[0].schedule[1].from", "busLanes[0].schedule[1].to",
                "busLanes[0].schedule[2].from", "busLanes[0].schedule[2].to",
                "busLanes[0].schedule[3].from", "busLanes[0].schedule[3].to",
                "busLanes[0].schedule[4].to",
                "busLanes[0].schedule[5].from");
    }

    @Test
    void vehicleTypesMustNotBeEmpty() {
        assertThat(fields(lanes(lane(1, null, List.of()), lane(2, null, Arrays.asList("bus", "", null, "  ", "<b>")))))
                .containsExactly("busLanes[0].allowedVehicleTypes", "busLanes[1].allowedVehicleTypes[1]",
                        "busLanes[1].allowedVehicleTypes[2]", "busLanes[1].allowedVehicleTypes[3]",
                        "busLanes[1].allowedVehicleTypes[4]");
    }

    @Test
    void cameraWinsFieldByFieldAndItsListsReplaceTheSites() {
        RuleSettingsStore.Stored site = new RuleSettingsStore.Stored(RuleSettingsStore.Scope.SITE, 3, 2,
                new RuleSettingsForm(List.of("spot_speed"), new BigDecimal("2"), new BigDecimal("0.9"),
                        List.of(lane(1, List.of(), List.of("bus"))), null), Instant.EPOCH, "sup");
        RuleSettingsStore.Stored camera = new RuleSettingsStore.Stored(RuleSettingsStore.Scope.CAMERA, 7, 5,
                new RuleSettingsForm(List.of(), new BigDecimal("0.5"), null, null, null), Instant.EPOCH, "sup");

        RuleSettings both = RuleSettingsStore.merge(7, 3, site, camera).settings();
        assertThat(both.enabled("spot_speed")).isTrue(); // the camera's empty list replaces the site's
        assertThat(both.redLightGraceSeconds()).isEqualByComparingTo("0.5");
        assertThat(both.occupantConfidenceThreshold()).isEqualByComparingTo("0.9");
        assertThat(both.busLanes()).extracting(RuleSettings.BusLane::lane).containsExactly(1);
        assertThat(both.sources()).containsEntry(RuleSettings.DISABLED_RULES, "camera 7 v5")
                .containsEntry(RuleSettings.RED_LIGHT_GRACE, "camera 7 v5")
                .containsEntry(RuleSettings.OCCUPANT_THRESHOLD, "site 3 v2")
                .containsEntry(RuleSettings.BUS_LANES, "site 3 v2");

        RuleSettings siteOnly = RuleSettingsStore.merge(8, 3, site, null).settings();
        assertThat(siteOnly.enabled("spot_speed")).isFalse();
        assertThat(siteOnly.redLightGraceSeconds()).isEqualByComparingTo("2");

        RuleSettings cameraOnly = RuleSettingsStore.merge(7, 4, null, camera).settings();
        assertThat(cameraOnly.occupantConfidenceThreshold()).isNull();
        assertThat(cameraOnly.busLanes()).isEmpty();
        assertThat(cameraOnly.source(RuleSettings.OCCUPANT_THRESHOLD)).isEmpty();

        assertThat(RuleSettingsStore.merge(9, 4, null, null).settings()).isSameAs(RuleSettings.DEFAULTS);
    }
}
