package dev.plateguard.simulator.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class NetworkPlannerTest {

    /** The server's SafeText rule for names and addresses (server/.../http/SafeText.java). */
    private static final Pattern SAFE_TEXT = Pattern.compile("[\\p{L}\\p{M}\\p{N} .,'’()/#&:;+_\\-№]*");

    private final List<SitePlan> plan = new NetworkPlanner().plan(100);

    @Test
    void placesAHundredSitesByCluster() {
        assertThat(plan).hasSize(100);
        Map<Cluster, Integer> counts = NetworkPlanner.siteCounts(100);
        assertThat(counts).containsEntry(Cluster.TASHKENT, 58).containsEntry(Cluster.JIZZAKH, 12)
                .containsEntry(Cluster.QARSHI, 11).containsEntry(Cluster.NAMANGAN, 12).containsEntry(Cluster.TAJIK_BORDER, 7);
        for (Cluster cluster : Cluster.values()) {
            assertThat(plan.stream().filter(s -> s.place().cluster() == cluster).count()).isEqualTo((long) counts.get(cluster));
        }
        assertThat(NetworkPlanner.siteCounts(7).values()).allMatch(n -> n >= 1);
        assertThat(NetworkPlanner.siteCounts(357).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(357);
    }

    @Test
    void everySiteIsInUzbekistanAndTashkentSitesInTashkent() {
        for (SitePlan site : new NetworkPlanner().plan(300)) {
            GeoPoint p = site.place().point();
            assertThat(p.latitude()).as(site.name()).isBetween(37.1, 45.6);
            assertThat(p.longitude()).as(site.name()).isBetween(55.9, 73.2);
            if (site.place().cluster() == Cluster.TASHKENT) {
                assertThat(p.latitude()).isBetween(Gazetteer.TASHKENT_SOUTH, Gazetteer.TASHKENT_NORTH);
                assertThat(p.longitude()).isBetween(Gazetteer.TASHKENT_WEST, Gazetteer.TASHKENT_EAST);
            }
        }
    }

    @Test
    void tashkentStartsWithTheSection44Anchors() {
        assertThat(plan).filteredOn(s -> s.place().cluster() == Cluster.TASHKENT).extracting(SitePlan::name)
                .startsWith("Amir Temur xiyoboni", "Mustaqillik maydoni", "Paxtakor", "Chorsu", "Oybek / Nukus",
                        "Chilonzor", "Hamid Olimjon", "Buyuk Ipak Yo'li");
        SitePlan amirTemur = plan.getFirst();
        assertThat(amirTemur.place().point()).isEqualTo(new GeoPoint(41.312159, 69.282545));
    }

    @Test
    void sitesAreDistinctJunctions() {
        List<SitePlan> many = new NetworkPlanner().plan(300);
        for (int i = 0; i < many.size(); i++) {
            for (int j = i + 1; j < many.size(); j++) {
                assertThat(many.get(i).place().point().distanceKm(many.get(j).place().point()))
                        .as(many.get(i).name() + " / " + many.get(j).name()).isGreaterThan(0.45);
            }
        }
    }

    @Test
    void namesAreUniqueStableAndAcceptedByTheServer() {
        Set<String> names = new HashSet<>();
        for (SitePlan site : plan) {
            assertThat(names.add(site.name())).as("unique " + site.name()).isTrue();
            assertThat(site.name()).hasSizeLessThanOrEqualTo(120).matches(SAFE_TEXT);
            assertThat(site.place().address()).hasSizeLessThanOrEqualTo(200).matches(SAFE_TEXT);
            assertThat(site.place().city()).matches(SAFE_TEXT);
            assertThat(site.place().region()).matches(SAFE_TEXT);
            Set<String> cameraNames = new HashSet<>();
            for (CameraPlan camera : site.cameras()) {
                assertThat(cameraNames.add(camera.name())).isTrue();
                assertThat(camera.name()).hasSizeLessThanOrEqualTo(120).matches(SAFE_TEXT);
            }
        }
        // The plan does not depend on anything but the site count, and grows by appending.
        assertThat(new NetworkPlanner().plan(100)).isEqualTo(plan);
        assertThat(new NetworkPlanner().plan(140).stream().map(SitePlan::name).toList())
                .containsAll(plan.stream().map(SitePlan::name).toList());
    }

    @Test
    void everySiteHasTwoToFourValidCameras() {
        for (SitePlan site : new NetworkPlanner().plan(200)) {
            assertThat(site.cameras()).as(site.name()).hasSizeBetween(2, 4);
            for (CameraPlan camera : site.cameras()) {
                assertThat(camera.heading()).isBetween(0, 359);
                assertThat(camera.lanes()).isNotEmpty().doesNotHaveDuplicates().allMatch(l -> l >= 1 && l <= 16);
                assertThat(camera.speedLimitKmh()).isEqualTo(site.place().setting().speedLimitKmh());
            }
            if (!site.place().setting().urban()) {
                assertThat(site.cameras()).extracting(CameraPlan::kind).doesNotContain(CameraKind.RED_LIGHT);
            }
        }
        assertThat(plan).flatExtracting(SitePlan::cameras).extracting(CameraPlan::kind).contains(CameraKind.values());
    }

    @Test
    void speedLimitsFollowTheSetting() {
        assertThat(RoadSetting.CENTRAL_TASHKENT.speedLimitKmh()).isEqualTo(50);
        assertThat(RoadSetting.CITY.speedLimitKmh()).isEqualTo(60);
        assertThat(RoadSetting.SETTLEMENT.speedLimitKmh()).isEqualTo(70);
        assertThat(RoadSetting.OPEN_ROAD.speedLimitKmh()).isEqualTo(100);
        for (SitePlan site : plan) {
            int limit = site.cameras().getFirst().speedLimitKmh();
            switch (site.place().cluster()) {
                case TASHKENT -> assertThat(limit).isIn(50, 60);
                case TAJIK_BORDER -> assertThat(limit).isIn(70, 100);
                default -> assertThat(limit).isIn(60, 70, 100);
            }
        }
        assertThat(plan).filteredOn(s -> s.name().startsWith("Amir Temur"))
                .allMatch(s -> s.cameras().getFirst().speedLimitKmh() == 50).hasSizeGreaterThanOrEqualTo(4);
        assertThat(plan).extracting(s -> s.cameras().getFirst().speedLimitKmh()).contains(50, 60, 70, 100);
    }

    @Test
    void borderSitesLieOnRoadsToSeveralCrossings() {
        List<SitePlan> border = plan.stream().filter(s -> s.place().cluster() == Cluster.TAJIK_BORDER).toList();
        assertThat(border).extracting(s -> s.place().city()).contains("Oybek", "Bekobod", "Jartepa", "Pop", "Sariosiyo");
        assertThat(border).allMatch(s -> !s.place().setting().urban());
    }

    @Test
    void compassNamesTheDirectionOfTravel() {
        assertThat(NetworkPlanner.compass(0)).isEqualTo("N");
        assertThat(NetworkPlanner.compass(44)).isEqualTo("NE");
        assertThat(NetworkPlanner.compass(181)).isEqualTo("S");
        assertThat(NetworkPlanner.compass(350)).isEqualTo("N");
    }
}
