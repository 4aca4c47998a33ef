package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.registry.RegistrationStatus;
import dev.plateguard.server.registry.RegistryAnswer;
import dev.plateguard.server.registry.VehicleRecord;

/** Edge cases of the registry rules' judgement: dates in the site's zone, status, missing insurance. */
class RegistryRulesTest {

    /** 23:30 on 31 March in Tashkent is 18:30 UTC the same day; 00:30 on 1 April is 19:30 UTC on 31 March. */
    static final Instant LATE_31_MARCH = Instant.parse("2026-03-31T18:30:00Z");
    static final Instant EARLY_1_APRIL = Instant.parse("2026-03-31T19:30:00Z");

    static Catalogue catalogue() {
        Catalogue base = ViolationRulesTest.catalogue();
        List<Catalogue.Offence> offences = new java.util.ArrayList<>(base.offences());
        offences.add(new Catalogue.Offence("unregistered", "125 part 2", new BigDecimal("0.5"), null, null));
        offences.add(new Catalogue.Offence("no_insurance", "unverified", new BigDecimal("1"), null, null));
        return new Catalogue(base.version(), base.publishedAt(), base.publishedBy(), base.note(), base.toleranceKmh(),
                base.redLightGraceSeconds(), base.occupantConfidenceThreshold(), base.brv(), offences, base.speedTiers());
    }

    static ReadFacts read(Instant at) {
        return new ReadFacts(1, 2, 3, "speed", null, ZoneId.of("Asia/Tashkent"), at, "01A123BC", "UZ", null, null, null,
                1, 0, null, null, null, null, null, null);
    }

    static RegistryAnswer vehicle(RegistrationStatus status, String registration, String insurance) {
        return RegistryAnswer.found(new VehicleRecord("UZ", "01A123BC", status, LocalDate.parse(registration),
                insurance == null ? null : LocalDate.parse(insurance), "car", null, null, "OWN-1"));
    }

    static List<String> offences(Instant at, RegistryAnswer answer) {
        return RegistryRules.judge(read(at), answer, catalogue()).stream().map(j -> j.finding().offenceType()).toList();
    }

    @Test
    void validThroughTheOffenceDayInTheSiteZone() {
        RegistryAnswer lastDay31March = vehicle(RegistrationStatus.VALID, "2026-03-31", "2026-03-31");
        assertThat(offences(LATE_31_MARCH, lastDay31March)).isEmpty();
        // 19:30 UTC on 31 March is already 1 April in Tashkent: both have lapsed
        assertThat(offences(EARLY_1_APRIL, lastDay31March)).containsExactly("unregistered", "no_insurance");
    }

    @Test
    void expiredOrSuspendedStatusIsUnregisteredWhateverTheDate() {
        assertThat(offences(LATE_31_MARCH, vehicle(RegistrationStatus.EXPIRED, "2027-01-01", "2027-01-01")))
                .containsExactly("unregistered");
        assertThat(offences(LATE_31_MARCH, vehicle(RegistrationStatus.SUSPENDED, "2027-01-01", "2027-01-01")))
                .containsExactly("unregistered");
    }

    @Test
    void noInsuranceOnRecord() {
        var judged = RegistryRules.judge(read(LATE_31_MARCH), vehicle(RegistrationStatus.VALID, "2027-01-01", null),
                catalogue());
        assertThat(judged).hasSize(1);
        assertThat(judged.getFirst().rule()).isEqualTo(RegistryRules.INSURANCE);
        assertThat(judged.getFirst().finding().measured()).containsEntry("insuranceOnRecord", false)
                .doesNotContainKey("insuranceValidUntil");
        assertThat(judged.getFirst().finding().article()).isEqualTo("unverified");
    }

    @Test
    void notFoundIsUnregisteredAndUnavailableIsNothing() {
        var judged = RegistryRules.judge(read(LATE_31_MARCH), RegistryAnswer.notFound(), catalogue());
        assertThat(judged).extracting(RegistryRules.Judged::rule).containsExactly(RegistryRules.REGISTRATION);
        assertThat(judged.getFirst().finding().measured()).containsEntry("registry", "not_found")
                .containsEntry("offenceDate", "2026-03-31");
        assertThat(RegistryRules.judge(read(LATE_31_MARCH), RegistryAnswer.unavailable("down"), catalogue())).isEmpty();
    }

    @Test
    void measuredValuesCarryNoOwnerData() {
        var judged = RegistryRules.judge(read(EARLY_1_APRIL), vehicle(RegistrationStatus.EXPIRED, "2025-01-01",
                "2025-01-01"), catalogue());
        assertThat(judged).hasSize(2);
        judged.forEach(j -> assertThat(j.finding().measured().toString()).doesNotContain("OWN-1"));
    }

    @Test
    void aCatalogueWithoutTheOffenceRecordsNothing() {
        assertThat(RegistryRules.judge(read(LATE_31_MARCH), RegistryAnswer.notFound(), ViolationRulesTest.catalogue()))
                .isEmpty();
    }

    @Test
    void linkKeyNamesACorrectedPlate() {
        assertThat(RegistryRules.linkRule("registration", read(LATE_31_MARCH), "01A123BC")).isEqualTo("registration");
        assertThat(RegistryRules.linkRule("registration", read(LATE_31_MARCH), "01B777AA"))
                .isEqualTo("registration/01B777AA");
    }
}
