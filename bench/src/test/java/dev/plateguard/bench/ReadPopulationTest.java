package dev.plateguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.plateguard.plates.PlateColumns;
import dev.plateguard.plates.PlateText;

/**
 * The search benchmark's history is what docs/benchmarks.md says it is: plates the plates module reads as the kind
 * generated (as ingest would store them), the day/night curve, repeat vehicles, and the exact number of reads.
 */
class ReadPopulationTest {

    private static final Instant END = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void everyPlateIsReadAsTheKindGeneratedAndStoredAsIngestWouldStoreIt() {
        Random random = new Random(3);
        Map<ReadPopulation.Kind, Integer> kinds = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            ReadPopulation.Kind kind = ReadPopulation.kind(random);
            kinds.merge(kind, 1, Integer::sum);
            String plate = ReadPopulation.plate(kind, random);
            PlateColumns columns = PlateColumns.of(plate, kind.country);
            assertThat(columns.format()).as(plate).isEqualTo(kind.format.name());
            assertThat(columns.country()).as(plate).isEqualTo(kind.country);
            assertThat(columns.normalized()).isEqualTo(plate);
            assertThat(columns.folded()).isEqualTo(PlateText.fold(plate));
            if (kind.country.equals("UZ") && kind != ReadPopulation.Kind.UZ_DIPLOMATIC) {
                assertThat(columns.region()).as(plate).isNotNull(); // a base region code, named
            }
        }
        // the mix: mostly Uzbek private plates, every kind present
        assertThat(kinds.get(ReadPopulation.Kind.UZ_PRIVATE)).isBetween(16_800, 17_600);
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(ReadPopulation.Kind.values());
    }

    @Test
    void privatePlatesFollowTheRealRegionAndSuffixShares() {
        Random random = new Random(4);
        int tashkent = 0;
        int suffixA = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String plate = ReadPopulation.plate(ReadPopulation.Kind.UZ_PRIVATE, random);
            tashkent += plate.startsWith("01") ? 1 : 0;
            suffixA += plate.endsWith("A") ? 1 : 0;
            assertThat(plate).doesNotContain("I");
        }
        assertThat(tashkent / (double) n).isBetween(0.30, 0.36); // 1,696 of 5,146
        assertThat(suffixA / (double) n).isBetween(0.83, 0.88);
    }

    @Test
    void sitesCoverEveryCityAndTashkentMost() {
        List<ReadPopulation.Site> sites = ReadPopulation.layout(120, new Random(1));
        assertThat(sites).hasSize(120);
        Set<String> cities = new HashSet<>();
        Map<String, Integer> perCity = new HashMap<>();
        for (ReadPopulation.Site s : sites) {
            cities.add(s.city().name());
            perCity.merge(s.city().name(), 1, Integer::sum);
        }
        assertThat(cities).hasSize(ReadPopulation.CITIES.size());
        assertThat(perCity.get("Tashkent")).isGreaterThan(25);
        assertThat(new HashSet<>(sites.stream().map(ReadPopulation.Site::name).toList())).hasSize(120);
    }

    @Test
    void readsAreExactlyAsManyAsAskedInTimeOrderWithinTheDays() throws Exception {
        ReadPopulation population = new ReadPopulation(200_000, 14, 120, 5);
        List<Instant> minutes = new ArrayList<>();
        long[] count = {0};
        population.forEachRead(END, read -> {
            count[0]++;
            minutes.add(read.capturedAt().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
            assertThat(read.site()).isBetween(0, 119);
            assertThat(read.camera()).isBetween(0, 1);
        });
        assertThat(count[0]).isEqualTo(200_000);
        assertThat(minutes.getFirst()).isAfterOrEqualTo(END.minus(java.time.Duration.ofDays(14)));
        assertThat(minutes.getLast()).isBefore(END);
        for (int i = 1; i < minutes.size(); i++) {
            assertThat(minutes.get(i)).isAfterOrEqualTo(minutes.get(i - 1));
        }
    }

    @Test
    void trafficFollowsTheDayAndNightCurve() throws Exception {
        ReadPopulation population = new ReadPopulation(300_000, 14, 120, 6);
        long[] perHour = new long[24];
        population.forEachRead(END, read -> perHour[read.capturedAt().atOffset(ZoneOffset.ofHours(5)).getHour()]++);
        // the night trough at 03:00 against the peaks at 08:00 and 18:00 local time
        assertThat(perHour[8]).isGreaterThan(10 * perHour[3]);
        assertThat(perHour[18]).isGreaterThan(perHour[8]);
        assertThat(perHour[13]).isBetween(perHour[3], perHour[18]);
    }

    @Test
    void aMinorityOfVehiclesMakesMostReadsAndCommutersReturnToTheirSites() throws Exception {
        ReadPopulation population = new ReadPopulation(500_000, 28, 120, 7);
        Map<String, Integer> perPlate = new HashMap<>();
        Map<String, Set<Integer>> commuterSites = new HashMap<>();
        Set<String> commuters = new HashSet<>();
        population.commuters().forEach(v -> commuters.add(v.plate()));
        population.forEachRead(END, read -> {
            perPlate.merge(read.vehicle().plate(), 1, Integer::sum);
            if (commuters.contains(read.vehicle().plate())) {
                commuterSites.computeIfAbsent(read.vehicle().plate(), k -> new HashSet<>()).add(read.site());
            }
        });
        List<Integer> counts = perPlate.values().stream().sorted((a, b) -> b - a).toList();
        long top20 = counts.subList(0, counts.size() / 5).stream().mapToLong(Integer::longValue).sum();
        assertThat(top20).isGreaterThan(500_000 / 2); // a fifth of the plates seen make more than half the reads
        assertThat(counts.getFirst()).isGreaterThan(20 * counts.get(counts.size() / 2)); // the median plate is rare
        // commuters are seen on many days, always at their home or work site (the same one or two)
        ReadPopulation.Vehicle commuter = population.commuters().getFirst();
        assertThat(perPlate.get(commuter.plate())).isGreaterThan(20);
        assertThat(commuterSites.get(commuter.plate())).isSubsetOf(Set.of(commuter.homeSite(), commuter.workSite()));
    }
}
