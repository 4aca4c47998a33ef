package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Edges of the bus-lane rule and of the rules that take their values from per-camera settings. */
class BusLaneRuleTest {

    static final ZoneId TASHKENT = ZoneId.of("Asia/Tashkent");
    private final BusLaneRule rule = new BusLaneRule();

    /** The seeded catalogue's shape, with the bus-lane offence. */
    static Catalogue catalogue() {
        Catalogue c = ViolationRulesTest.catalogue();
        List<Catalogue.Offence> offences = new ArrayList<>(c.offences());
        offences.add(new Catalogue.Offence("bus_lane", "128", new BigDecimal("0.5"), null, null));
        return new Catalogue(c.version(), c.publishedAt(), c.publishedBy(), c.note(), c.toleranceKmh(),
                c.redLightGraceSeconds(), c.occupantConfidenceThreshold(), c.brv(), offences, c.speedTiers());
    }

    /** Weekdays 07:00-10:00 in lane 1; buses and taxis allowed. */
    static RuleSettings weekdayMornings() {
        return settings(new RuleSettings.BusLane(1, List.of(window(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                "07:00", "10:00")), Set.of("bus", "taxi")));
    }

    static RuleSettings settings(RuleSettings.BusLane... lanes) {
        return new RuleSettings(Set.of(), null, null, List.of(lanes), Map.of(RuleSettings.BUS_LANES, "camera 2 v1"));
    }

    static RuleSettings.Window window(Set<DayOfWeek> days, String from, String to) {
        return new RuleSettings.Window(days, LocalTime.parse(from), to == null ? null : LocalTime.parse(to));
    }

    /** A read in {@code lane} at a Tashkent local time ({@code 2026-03-09} is a Monday). */
    static ReadFacts read(String local, Integer lane, String vehicleType, RuleSettings settings) {
        return new ReadFacts(1, 2, 3, "anpr", null, TASHKENT, LocalDateTime.parse(local).atZone(TASHKENT).toInstant(),
                "01A123BC", "UZ", null, null, null, 1, 0, null, null, null, lane, vehicleType, settings);
    }

    Optional<Finding> at(String local, Integer lane, String type, RuleSettings settings) {
        return rule.evaluate(read(local, lane, type, settings), catalogue());
    }

    @Nested
    class Schedule {

        @Test
        void insideTheWindowACarOffends() {
            Finding f = at("2026-03-09T08:30:00", 1, "car", weekdayMornings()).orElseThrow();
            assertThat(f.offenceType()).isEqualTo("bus_lane");
            assertThat(f.article()).isEqualTo("128");
            assertThat(f.fineBrv()).isEqualByComparingTo("0.5");
            assertThat(f.state()).isEqualTo(ViolationState.DETECTED);
            assertThat(f.repeatable()).isFalse();
            assertThat(f.measured()).containsEntry("lane", 1).containsEntry("vehicleType", "car")
                    .containsEntry("window", "mon,tue,wed,thu,fri 07:00-10:00")
                    .containsEntry("localTime", "2026-03-09T08:30:00+05:00")
                    .containsEntry("allowedVehicleTypes", "bus,taxi")
                    .containsEntry("ruleSettings", "camera 2 v1");
        }

        @Test
        void fromIsInsideToIsOutside() {
            assertThat(at("2026-03-09T07:00:00", 1, "car", weekdayMornings())).isPresent();
            assertThat(at("2026-03-09T06:59:59.999", 1, "car", weekdayMornings())).isEmpty();
            assertThat(at("2026-03-09T09:59:59.999", 1, "car", weekdayMornings())).isPresent();
            assertThat(at("2026-03-09T10:00:00", 1, "car", weekdayMornings())).isEmpty();
        }

        @Test
        void outsideTheWindowOrOnADayNotListedIsNothing() {
            assertThat(at("2026-03-09T14:00:00", 1, "car", weekdayMornings())).isEmpty();
            assertThat(at("2026-03-14T08:30:00", 1, "car", weekdayMornings())).as("Saturday").isEmpty();
            assertThat(at("2026-03-15T08:30:00", 1, "car", weekdayMornings())).as("Sunday").isEmpty();
        }

        @Test
        void aWindowCrossingMidnightBelongsToTheDayItStarts() {
            // Friday 22:00 to Saturday 06:00 only.
            RuleSettings nights = settings(new RuleSettings.BusLane(2,
                    List.of(window(EnumSet.of(DayOfWeek.FRIDAY), "22:00", "06:00")), Set.of("bus")));
            assertThat(at("2026-03-13T21:59:59", 2, "car", nights)).as("Friday before").isEmpty();
            assertThat(at("2026-03-13T22:00:00", 2, "car", nights)).as("Friday at from").isPresent();
            assertThat(at("2026-03-13T23:59:59", 2, "car", nights)).as("Friday late").isPresent();
            assertThat(at("2026-03-14T00:00:00", 2, "car", nights)).as("Saturday midnight").isPresent();
            assertThat(at("2026-03-14T05:59:59", 2, "car", nights)).as("Saturday early").isPresent();
            assertThat(at("2026-03-14T06:00:00", 2, "car", nights)).as("Saturday at to").isEmpty();
            assertThat(at("2026-03-14T22:30:00", 2, "car", nights)).as("Saturday night: not listed").isEmpty();
            assertThat(at("2026-03-13T03:00:00", 2, "car", nights)).as("Friday early: Thursday not listed").isEmpty();
            assertThat(at("2026-03-13T22:00:00", 2, "car", nights).orElseThrow().measured())
                    .containsEntry("window", "fri 22:00-06:00");
        }

        @Test
        void untilMidnightAndAnEmptyScheduleMeanAllDay() {
            RuleSettings evening = settings(new RuleSettings.BusLane(1,
                    List.of(window(EnumSet.of(DayOfWeek.MONDAY), "18:00", null)), Set.of("bus")));
            assertThat(at("2026-03-09T23:59:59.999", 1, "car", evening)).isPresent();
            assertThat(at("2026-03-10T00:00:00", 1, "car", evening)).isEmpty();
            RuleSettings always = settings(new RuleSettings.BusLane(1, List.of(), Set.of()));
            Finding f = at("2026-03-15T03:00:00", 1, "car", always).orElseThrow();
            assertThat(f.measured()).containsEntry("window", "always").containsEntry("allowedVehicleTypes", "bus");
            assertThat(at("2026-03-15T03:00:00", 1, "bus", always)).isEmpty();
        }

        @Test
        void theSiteTimeZoneDecides() {
            // 02:30 UTC on Monday is 07:30 in Tashkent: inside the morning window there, not in UTC.
            ReadFacts utc = new ReadFacts(1, 2, 3, "anpr", null, TASHKENT,
                    java.time.Instant.parse("2026-03-09T02:30:00Z"), "01A123BC", "UZ", null, null, null, 1, 0, null,
                    null, null, 1, "car", weekdayMornings());
            assertThat(rule.evaluate(utc, catalogue())).isPresent();
        }
    }

    @Nested
    class Vehicles {

        @Test
        void allowedTypesPassWhateverTheirCase() {
            assertThat(at("2026-03-09T08:30:00", 1, "bus", weekdayMornings())).isEmpty();
            assertThat(at("2026-03-09T08:30:00", 1, "Taxi ", weekdayMornings())).isEmpty();
            assertThat(at("2026-03-09T08:30:00", 1, "truck", weekdayMornings())).isPresent();
        }

        @Test
        void anUnclassifiedVehicleIsACandidateForReview() {
            Finding f = at("2026-03-09T08:30:00", 1, null, weekdayMornings()).orElseThrow();
            assertThat(f.measured()).containsEntry("vehicleType", "unknown");
            assertThat(f.state()).isEqualTo(ViolationState.DETECTED);
        }
    }

    @Nested
    class Lanes {

        @Test
        void noLaneOrAnotherLaneIsNothing() {
            assertThat(at("2026-03-09T08:30:00", null, "car", weekdayMornings())).isEmpty();
            assertThat(at("2026-03-09T08:30:00", 2, "car", weekdayMornings())).isEmpty();
        }

        @Test
        void noBusLanesOrTheRuleSwitchedOffIsNothing() {
            assertThat(at("2026-03-09T08:30:00", 1, "car", RuleSettings.DEFAULTS)).isEmpty();
            assertThat(at("2026-03-09T08:30:00", 1, "car", null)).isEmpty();
            RuleSettings off = new RuleSettings(Set.of("bus_lane"), null, null, weekdayMornings().busLanes());
            assertThat(off.enabled("bus_lane")).isFalse();
            assertThat(off.enabled("red_light")).isTrue();
            assertThat(at("2026-03-09T08:30:00", 1, "car", off)).isEmpty();
        }

        @Test
        void aCatalogueWithoutTheOffenceRecordsNothing() {
            assertThat(rule.evaluate(read("2026-03-09T08:30:00", 1, "car", weekdayMornings()),
                    ViolationRulesTest.catalogue())).isEmpty();
        }
    }

    @Nested
    class SettingsInOtherRules {

        static ReadFacts red(java.time.Instant redSince, RuleSettings settings) {
            return ViolationRulesTest.red(redSince, 2, 0).withSettings(settings);
        }

        @Test
        void redLightGraceOverrideDecidesAndIsRecorded() {
            java.time.Instant at = ViolationRulesTest.AT;
            RuleSettings longer = new RuleSettings(Set.of(), new BigDecimal("2.5"), null, List.of(),
                    Map.of(RuleSettings.RED_LIGHT_GRACE, "site 3 v2"));
            RedLightRule rule = new RedLightRule();
            assertThat(rule.evaluate(red(at.minusMillis(2000), RuleSettings.DEFAULTS), catalogue())).isPresent();
            assertThat(rule.evaluate(red(at.minusMillis(2500), longer), catalogue())).isEmpty();
            Finding f = rule.evaluate(red(at.minusMillis(2501), longer), catalogue()).orElseThrow();
            assertThat(f.measured()).containsEntry("graceSeconds", new BigDecimal("2.5"))
                    .containsEntry("ruleSettings", "site 3 v2");
            assertThat(rule.evaluate(red(at.minusMillis(1001), RuleSettings.DEFAULTS), catalogue()).orElseThrow().measured())
                    .containsEntry("graceSeconds", new BigDecimal("1")).doesNotContainKey("ruleSettings");
            RuleSettings none = new RuleSettings(Set.of(), BigDecimal.ZERO, null, List.of());
            assertThat(rule.evaluate(red(at.minusNanos(1_000_000), none), catalogue())).isPresent();
        }

        @Test
        void occupantThresholdOverrideDecidesAndIsRecorded() {
            RuleSettings strict = new RuleSettings(Set.of(), null, new BigDecimal("0.95"), List.of(),
                    Map.of(RuleSettings.OCCUPANT_THRESHOLD, "camera 2 v4"));
            ReadFacts belt = ViolationRulesTest.read("anpr", null, null, null, null, 1, 0,
                    ViolationRulesTest.flag(false, "0.9"), null, null);
            ReadFacts phone = ViolationRulesTest.read("anpr", null, null, null, null, 1, 0, null, null,
                    ViolationRulesTest.flag(true, "0.9"));
            assertThat(new SeatbeltRule().evaluate(belt, catalogue())).isPresent();
            assertThat(new SeatbeltRule().evaluate(belt.withSettings(strict), catalogue())).isEmpty();
            assertThat(new PhoneUseRule().evaluate(phone, catalogue())).isPresent();
            assertThat(new PhoneUseRule().evaluate(phone.withSettings(strict), catalogue())).isEmpty();
            RuleSettings lax = new RuleSettings(Set.of(), null, new BigDecimal("0.85"), List.of(),
                    Map.of(RuleSettings.OCCUPANT_THRESHOLD, "site 3 v1"));
            assertThat(new SeatbeltRule().evaluate(belt.withSettings(lax), catalogue()).orElseThrow().measured())
                    .containsEntry("threshold", new BigDecimal("0.85")).containsEntry("ruleSettings", "site 3 v1");
            assertThat(new PhoneUseRule().evaluate(phone.withSettings(lax), catalogue()).orElseThrow().measured())
                    .containsEntry("threshold", new BigDecimal("0.85")).containsEntry("ruleSettings", "site 3 v1");
        }
    }
}
