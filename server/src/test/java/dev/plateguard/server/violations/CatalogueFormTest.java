package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.validation.FieldProblem;

class CatalogueFormTest {

    private static CatalogueForm valid() {
        Catalogue c = ViolationRulesTest.catalogue();
        return new CatalogueForm("note", c.toleranceKmh(), c.redLightGraceSeconds(), c.occupantConfidenceThreshold(),
                c.brv(), c.offences(), c.speedTiers());
    }

    private static List<String> fields(CatalogueForm form) {
        return form.validate().stream().map(FieldProblem::field).toList();
    }

    @Test
    void theSeedShapeIsValid() {
        assertThat(valid().validate()).isEmpty();
    }

    @Test
    void everyBadFieldIsNamed() {
        CatalogueForm v = valid();
        List<Catalogue.Brv> brv = new ArrayList<>(v.brv());
        brv.set(1, new Catalogue.Brv(LocalDate.parse("2020-01-01"), 0L, null));
        List<Catalogue.SpeedTier> tiers = new ArrayList<>(v.speedTiers());
        tiers.set(1, new Catalogue.SpeedTier(new BigDecimal("10"), "128-3", new BigDecimal("-1")));
        tiers.set(3, new Catalogue.SpeedTier(new BigDecimal("99"), "", new BigDecimal("15")));
        List<Catalogue.Offence> offences = List.of(
                new Catalogue.Offence("Red Light", "128", new BigDecimal("2"), new BigDecimal("1"), null),
                new Catalogue.Offence("phone", "128-1", new BigDecimal("0.001"), null, null));
        CatalogueForm bad = new CatalogueForm("<b>", new BigDecimal("-1"), new BigDecimal("61"), BigDecimal.ZERO, brv,
                offences, tiers);
        assertThat(fields(bad)).containsExactly("note", "toleranceKmh", "redLightGraceSeconds",
                "occupantConfidenceThreshold", "brv[1].validFrom", "brv[1].amountSom", "offences[0].code",
                "offences[0].repeatFineBrv", "offences[1].fineBrv", "offences", "offences", "speedTiers[1].upToKmhOver",
                "speedTiers[1].fineBrv", "speedTiers[3].upToKmhOver", "speedTiers[3].article");
    }

    @Test
    void missingPartsAreRequired() {
        CatalogueForm empty = new CatalogueForm(null, null, null, null, null, null, List.of());
        assertThat(fields(empty)).containsExactly("toleranceKmh", "redLightGraceSeconds", "occupantConfidenceThreshold",
                "brv", "offences", "speedTiers");
    }

    @Test
    void repeatedOffenceCodeIsRefused() {
        CatalogueForm v = valid();
        List<Catalogue.Offence> offences = new ArrayList<>(v.offences());
        offences.add(offences.getFirst());
        CatalogueForm twice = new CatalogueForm(null, v.toleranceKmh(), v.redLightGraceSeconds(),
                v.occupantConfidenceThreshold(), v.brv(), offences, v.speedTiers());
        assertThat(fields(twice)).containsExactly("offences[3].code");
    }
}
