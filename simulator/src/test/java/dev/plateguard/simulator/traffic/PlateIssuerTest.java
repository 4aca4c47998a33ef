package dev.plateguard.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plateguard.plates.Country;
import dev.plateguard.plates.PlateClassifier;
import dev.plateguard.plates.PlateFormat;
import dev.plateguard.plates.PlateInterpretation;
import dev.plateguard.plates.PlateText;

class PlateIssuerTest {

    private static final int N = 20_000;

    private static List<VehiclePlate> issue(PlateMix mix, RegionMix regions, long seed) {
        PlateIssuer issuer = new PlateIssuer(mix, regions);
        SplittableRandom random = new SplittableRandom(seed);
        List<VehiclePlate> out = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            out.add(issuer.issue(random));
        }
        return out;
    }

    @Test
    void formatSharesMatchTheMix() {
        for (PlateMix mix : List.of(PlateMix.CITY, PlateMix.BORDER)) {
            List<VehiclePlate> plates = issue(mix, RegionMix.national(), 1);
            Map<PlateFormat, Integer> counts = new EnumMap<>(PlateFormat.class);
            plates.forEach(p -> counts.merge(p.format(), 1, Integer::sum));
            double total = mix.formats().values().stream().mapToDouble(Double::doubleValue).sum();
            mix.formats().forEach((format, weight) -> {
                double expected = weight / total;
                double actual = counts.getOrDefault(format, 0) / (double) N;
                // Three standard errors of a binomial share, and never tighter than 0.2 points.
                double tolerance = Math.max(0.002, 3 * Math.sqrt(expected * (1 - expected) / N));
                assertThat(actual).as(format.name()).isCloseTo(expected, within(tolerance));
            });
            double neighbours = plates.stream().filter(p -> p.country() != Country.UZ).count() / (double) N;
            assertThat(neighbours).isCloseTo(mix.neighbourShare(), within(0.01));
        }
        assertThat(PlateMix.BORDER.neighbourShare()).isGreaterThan(PlateMix.CITY.neighbourShare() * 5);
    }

    @Test
    void everyUzbekPlateClassifiesAsTheIntendedFormat() {
        for (VehiclePlate plate : issue(PlateMix.BORDER, RegionMix.local("10"), 2)) {
            assertThat(PlateText.isNormalized(plate.text())).isTrue();
            List<PlateInterpretation> readings = PlateClassifier.classify(plate.text());
            if (plate.country() == Country.UZ) {
                assertThat(readings.getFirst().format()).as(PlateText.mask(plate.text())).isEqualTo(plate.format());
            } else {
                // Text alone can be ambiguous (a Kyrgyz plate reads as an Uzbek legal entity): the country the
                // camera reports from the flag must pick the intended format, as the server does with it.
                PlateInterpretation byCountry = readings.stream().filter(r -> r.country() == plate.country())
                        .findFirst().orElseThrow();
                assertThat(byCountry.format()).isEqualTo(plate.format());
            }
        }
    }

    @Test
    void uzbekLettersFollowSection13() {
        List<VehiclePlate> plates = issue(PlateMix.CITY, RegionMix.national(), 3);
        int privates = 0, lastA = 0, lastB = 0;
        for (VehiclePlate plate : plates) {
            if (plate.format() == PlateFormat.UZ_PRIVATE || plate.format() == PlateFormat.UZ_LEGAL_ENTITY) {
                assertThat(plate.text()).doesNotContain("I");
            }
            if (plate.format() == PlateFormat.UZ_PRIVATE) {
                privates++;
                char last = plate.text().charAt(plate.text().length() - 1);
                lastA += last == 'A' ? 1 : 0;
                lastB += last == 'B' ? 1 : 0;
            }
        }
        assertThat(lastA / (double) privates).isCloseTo(4398 / 5146.0, within(0.015));
        assertThat(lastB / (double) privates).isCloseTo(723 / 5146.0, within(0.015));
    }

    @Test
    void nationalRegionCodesFollowSection12() {
        Map<String, Integer> counts = new HashMap<>();
        issue(PlateMix.CITY, RegionMix.national(), 4).stream().filter(p -> p.format() == PlateFormat.UZ_PRIVATE)
                .forEach(p -> counts.merge(p.interpretation().regionCode(), 1, Integer::sum));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        PlateStatistics.REGION_COUNTS.forEach((code, count) ->
                assertThat(counts.getOrDefault(code, 0) / (double) total).as(code)
                        .isCloseTo(count / (double) PlateStatistics.SAMPLE, within(0.012)));
        assertThat(counts.keySet()).isSubsetOf(PlateStatistics.REGION_COUNTS.keySet());
    }

    @Test
    void localRegionDominatesItsArea() {
        double national = RegionMix.national().probabilities().get("25");
        Map<String, Integer> counts = new HashMap<>();
        issue(PlateMix.CITY, RegionMix.local("25"), 5).stream().filter(p -> p.format() == PlateFormat.UZ_PRIVATE)
                .forEach(p -> counts.merge(p.interpretation().regionCode(), 1, Integer::sum));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        double jizzakh = counts.get("25") / (double) total;
        assertThat(national).isLessThan(0.02);
        assertThat(jizzakh).isGreaterThan(0.55).isGreaterThan(national * 20);
        // Visitors still come from everywhere, Tashkent first.
        assertThat(counts.get("01")).isGreaterThan(counts.get("95"));
        assertThat(counts.keySet()).hasSize(14);
        // Tashkent city traffic mixes city (01) and region (10) plates.
        Map<String, Double> tashkent = RegionMix.local("01").probabilities();
        assertThat(tashkent.get("01")).isGreaterThan(0.55);
        assertThat(tashkent.get("10")).isGreaterThan(0.2);
    }

    @Test
    void theFleetHasUniquePlatesAndTheUnregisteredShare() {
        var roads = RoadNetwork.connect(OfflineNetwork.deploy(100));
        Fleet fleet = Fleet.assemble(roads.areas(), 20_000, 0.05, new SplittableRandom(6));
        assertThat(fleet.all()).extracting(v -> v.plate().text()).doesNotHaveDuplicates();
        long unregistered = fleet.all().stream().filter(v -> !v.registered()).count();
        assertThat(unregistered / (double) fleet.all().size()).isCloseTo(0.05, within(0.01));
        assertThat(fleet.registeredPlates()).hasSize(fleet.all().size() - (int) unregistered);
        // Company vehicles carry legal-entity plates; Nexia leads the private fleet (§4.3).
        Map<String, Long> makes = new HashMap<>();
        fleet.all().stream().filter(v -> v.plate().format() == PlateFormat.UZ_PRIVATE)
                .forEach(v -> makes.merge(v.model().make(), 1L, Long::sum));
        assertThat(makes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey()).isEqualTo("Chevrolet Nexia");
    }

    @Test
    void platesNeverPrintInFull() {
        VehiclePlate plate = new VehiclePlate("01A123BC", PlateFormat.UZ_PRIVATE);
        assertThat(plate.toString()).doesNotContain("01A123BC").contains("01A***BC");
        assertThat(plate.display()).isEqualTo("01 A 123 BC");
    }
}
