package dev.plateguard.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plateguard.simulator.network.Cluster;
import dev.plateguard.simulator.network.DeployedSite;

class RoadNetworkTest {

    private final List<DeployedSite> sites = OfflineNetwork.deploy(100);
    private final RoadNetwork roads = RoadNetwork.connect(sites);

    @Test
    void eachCityIsOneRoadArea() {
        for (Cluster city : List.of(Cluster.TASHKENT, Cluster.JIZZAKH, Cluster.QARSHI, Cluster.NAMANGAN)) {
            assertThat(roads.areas()).filteredOn(a -> a.cluster() == city).as(city.name()).hasSize(1);
        }
        assertThat(roads.areas()).filteredOn(a -> a.cluster() == Cluster.TASHKENT).first()
                .satisfies(a -> assertThat(a.localRegionCode()).isEqualTo("01"));
    }

    @Test
    void borderRoadsAreSeparateAreasWithTheirOwnRegion() {
        List<Area> border = roads.areas().stream().filter(a -> a.cluster() == Cluster.TAJIK_BORDER).toList();
        assertThat(border.size()).isGreaterThan(1);
        assertThat(border).extracting(Area::localRegionCode).contains("10", "30", "50");
    }

    @Test
    void roadsRunBothWaysAndStayInsideTheirCluster() {
        for (DeployedSite site : sites) {
            for (DeployedSite next : roads.neighbours(site)) {
                assertThat(next.cluster()).isEqualTo(site.cluster());
                assertThat(roads.linked(next, site)).isTrue();
                assertThat(next.point().distanceKm(site.point())).isLessThanOrEqualTo(site.cluster().border() ? site.cluster().maxLinkKm() : 15);
            }
        }
    }
}
