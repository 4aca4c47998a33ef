package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Edge cases of each rule, against a catalogue shaped like the seeded version 1. */
class ViolationRulesTest {

    static final Instant AT = Instant.parse("2026-03-10T09:15:30Z");

    static Catalogue catalogue() {
        return new Catalogue(1, AT, "system", null, new BigDecimal("5"), new BigDecimal("1.0"), new BigDecimal("0.8"),
                List.of(new Catalogue.Brv(LocalDate.parse("2021-09-01"), 270_000L, null),
                        new Catalogue.Brv(LocalDate.parse("2024-10-01"), 375_000L, null),
                        new Catalogue.Brv(LocalDate.parse("2025-08-01"), 412_000L, null)),
                List.of(new Catalogue.Offence("red_light", "128-4 part 2", new BigDecimal("2"), new BigDecimal("5"), null),
                        new Catalogue.Offence("seatbelt", "125 part 1", new BigDecimal("0.5"), null, null),
                        new Catalogue.Offence("phone", "128-1", new BigDecimal("3"), null, null)),
                List.of(new Catalogue.SpeedTier(new BigDecimal("20"), "128-3", new BigDecimal("1")),
                        new Catalogue.SpeedTier(new BigDecimal("40"), "128-3", new BigDecimal("5")),
                        new Catalogue.SpeedTier(new BigDecimal("60"), "128-3", new BigDecimal("9")),
                        new Catalogue.SpeedTier(null, "128-3", new BigDecimal("15"))));
    }

    static ReadFacts read(String kind, Integer limit, String speed, String signal, Instant redSince, int images, int videos,
                          ReadFacts.Flag driver, ReadFacts.Flag passenger, ReadFacts.Flag phone) {
        return new ReadFacts(1, 2, 3, kind, limit, ZoneId.of("Asia/Tashkent"), AT, "01A123BC", "UZ",
                speed == null ? null : new BigDecimal(speed), signal, redSince, images, videos, driver, passenger, phone, null, null, null);
    }

    static ReadFacts speed(String kmh) {
        return read("speed", 60, kmh, null, null, 1, 0, null, null, null);
    }

    static ReadFacts red(Instant redSince, int images, int videos) {
        return read("red_light", null, null, "red", redSince, images, videos, null, null, null);
    }

    static ReadFacts.Flag flag(boolean value, String confidence) {
        return new ReadFacts.Flag(value, new BigDecimal(confidence));
    }

    @Nested
    class SpotSpeed {

        private final SpotSpeedRule rule = new SpotSpeedRule();

        private Optional<Finding> at(String kmh) {
            return rule.evaluate(speed(kmh), catalogue());
        }

        @Test
        void exactlyLimitPlusToleranceIsNotAnOffence() {
            assertThat(at("65")).isEmpty();
            assertThat(at("64.9")).isEmpty();
            assertThat(at("30")).isEmpty();
        }

        @Test
        void aTenthOverIsTierOne() {
            Finding f = at("65.1").orElseThrow();
            assertThat(f.offenceType()).isEqualTo("speeding");
            assertThat(f.article()).isEqualTo("128-3");
            assertThat(f.fineBrv()).isEqualByComparingTo("1");
            assertThat(f.state()).isEqualTo(ViolationState.DETECTED);
            assertThat(f.measured()).containsEntry("overKmh", new BigDecimal("0.1")).containsEntry("tier", 1)
                    .containsEntry("limitKmh", 60).containsEntry("speedKmh", new BigDecimal("65.1"));
        }

        @Test
        void tierBoundariesBelongToTheLowerTier() {
            assertThat(at("85").orElseThrow().fineBrv()).isEqualByComparingTo("1");
            assertThat(at("85.1").orElseThrow().fineBrv()).isEqualByComparingTo("5");
            assertThat(at("105").orElseThrow().fineBrv()).isEqualByComparingTo("5");
            assertThat(at("105.1").orElseThrow().fineBrv()).isEqualByComparingTo("9");
            assertThat(at("125").orElseThrow().fineBrv()).isEqualByComparingTo("9");
            assertThat(at("125.1").orElseThrow().fineBrv()).isEqualByComparingTo("15");
            assertThat(at("250").orElseThrow().measured()).containsEntry("tier", 4);
        }

        @Test
        void noLimitOrNoSpeedIsNoFinding() {
            assertThat(rule.evaluate(read("speed", null, "190", null, null, 1, 0, null, null, null), catalogue())).isEmpty();
            assertThat(rule.evaluate(read("speed", 60, null, null, null, 1, 0, null, null, null), catalogue())).isEmpty();
        }

        @Test
        void toleranceComesFromTheCatalogue() {
            Catalogue c = catalogue();
            Catalogue strict = new Catalogue(2, AT, "x", null, BigDecimal.ZERO, c.redLightGraceSeconds(),
                    c.occupantConfidenceThreshold(), c.brv(), c.offences(), c.speedTiers());
            assertThat(rule.evaluate(speed("60.5"), strict)).isPresent();
            assertThat(rule.evaluate(speed("60"), strict)).isEmpty();
        }
    }

    @Nested
    class RedLight {

        private final RedLightRule rule = new RedLightRule();

        @Test
        void exactlyAtTheGraceIsNotAnOffenceJustAfterIs() {
            assertThat(rule.evaluate(red(AT.minusMillis(1000), 2, 0), catalogue())).isEmpty();
            assertThat(rule.evaluate(red(AT.minusMillis(500), 2, 0), catalogue())).isEmpty();
            Finding f = rule.evaluate(red(AT.minusMillis(1001), 2, 0), catalogue()).orElseThrow();
            assertThat(f.state()).isEqualTo(ViolationState.DETECTED);
            assertThat(f.article()).isEqualTo("128-4 part 2");
            assertThat(f.fineBrv()).isEqualByComparingTo("2");
            assertThat(f.repeatable()).isTrue();
            assertThat(f.measured()).containsEntry("redSeconds", new BigDecimal("1.001"));
        }

        @Test
        void lessThanTwoImagesAndNoVideoIsIncompleteEvidence() {
            Instant since = AT.minusSeconds(4);
            assertThat(rule.evaluate(red(since, 1, 0), catalogue()).orElseThrow().state())
                    .isEqualTo(ViolationState.INCOMPLETE_EVIDENCE);
            assertThat(rule.evaluate(red(since, 0, 0), catalogue()).orElseThrow().state())
                    .isEqualTo(ViolationState.INCOMPLETE_EVIDENCE);
            assertThat(rule.evaluate(red(since, 0, 1), catalogue()).orElseThrow().state()).isEqualTo(ViolationState.DETECTED);
            assertThat(rule.evaluate(red(since, 2, 0), catalogue()).orElseThrow().state()).isEqualTo(ViolationState.DETECTED);
        }

        @Test
        void onlyRedOnRedLightCamerasWithRedSince() {
            Instant since = AT.minusSeconds(4);
            assertThat(rule.evaluate(read("anpr", null, null, "red", since, 2, 0, null, null, null), catalogue())).isEmpty();
            assertThat(rule.evaluate(read("red_light", null, null, "amber", since, 2, 0, null, null, null), catalogue())).isEmpty();
            assertThat(rule.evaluate(read("red_light", null, null, "green", since, 2, 0, null, null, null), catalogue())).isEmpty();
            assertThat(rule.evaluate(red(null, 2, 0), catalogue())).isEmpty();
        }
    }

    @Nested
    class Occupants {

        private final SeatbeltRule seatbelt = new SeatbeltRule();
        private final PhoneUseRule phone = new PhoneUseRule();

        @Test
        void seatbeltBelowThresholdIsNothingAtThresholdGoesToReview() {
            assertThat(seatbelt.evaluate(read("anpr", null, null, null, null, 1, 0, flag(false, "0.79"), null, null),
                    catalogue())).isEmpty();
            Finding f = seatbelt.evaluate(read("anpr", null, null, null, null, 1, 0, flag(false, "0.8"), null, null),
                    catalogue()).orElseThrow();
            assertThat(f.state()).isEqualTo(ViolationState.PENDING_REVIEW);
            assertThat(f.article()).isEqualTo("125 part 1");
            assertThat(f.fineBrv()).isEqualByComparingTo("0.5");
            assertThat(f.measured()).containsKey("driverSeatbeltConfidence").doesNotContainKey("passengerSeatbeltConfidence");
        }

        @Test
        void wornSeatbeltOrUnknownIsNothingPassengerCounts() {
            assertThat(seatbelt.evaluate(read("anpr", null, null, null, null, 1, 0, flag(true, "0.99"), null, null),
                    catalogue())).isEmpty();
            assertThat(seatbelt.evaluate(read("anpr", null, null, null, null, 1, 0, new ReadFacts.Flag(false, null),
                    null, null), catalogue())).isEmpty();
            assertThat(seatbelt.evaluate(read("anpr", null, null, null, null, 1, 0, flag(true, "0.99"),
                    flag(false, "0.9"), null), catalogue()).orElseThrow().measured())
                    .containsKey("passengerSeatbeltConfidence");
        }

        @Test
        void phoneAtThresholdGoesToReview() {
            assertThat(phone.evaluate(read("anpr", null, null, null, null, 1, 0, null, null, flag(true, "0.79")),
                    catalogue())).isEmpty();
            assertThat(phone.evaluate(read("anpr", null, null, null, null, 1, 0, null, null, flag(false, "0.99")),
                    catalogue())).isEmpty();
            Finding f = phone.evaluate(read("anpr", null, null, null, null, 1, 0, null, null, flag(true, "0.8")),
                    catalogue()).orElseThrow();
            assertThat(f.offenceType()).isEqualTo("phone");
            assertThat(f.article()).isEqualTo("128-1");
            assertThat(f.state()).isEqualTo(ViolationState.PENDING_REVIEW);
        }
    }

    @Nested
    class Fines {

        @Test
        void brvInForceOnTheDate() {
            Catalogue c = catalogue();
            assertThat(c.brvOn(LocalDate.parse("2025-07-31"))).contains(375_000L);
            assertThat(c.brvOn(LocalDate.parse("2025-08-01"))).contains(412_000L);
            assertThat(c.brvOn(LocalDate.parse("2024-10-01"))).contains(375_000L);
            assertThat(c.brvOn(LocalDate.parse("2021-08-31"))).isEmpty();
        }

        @Test
        void fineInSomIsRoundedHalfUp() {
            assertThat(Catalogue.fineSom(new BigDecimal("0.5"), 412_000)).isEqualTo(206_000);
            assertThat(Catalogue.fineSom(new BigDecimal("15"), 412_000)).isEqualTo(6_180_000);
            assertThat(Catalogue.fineSom(new BigDecimal("0.25"), 2)).isEqualTo(1); // 0.5 → 1
        }
    }
}
