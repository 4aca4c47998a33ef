package dev.plateguard.simulator.traffic;

import java.util.List;

import dev.plateguard.simulator.network.Cluster;
import dev.plateguard.simulator.network.DeployedSite;

/**
 * Sites joined by roads (one connected part of a cluster), with the vehicles that drive between them. A car in
 * Tashkent never jumps to a border road in Surkhandarya in the middle of a trip.
 *
 * @param localRegionCode the plate region code most of its vehicles carry
 */
public record Area(int id, Cluster cluster, List<DeployedSite> sites, String localRegionCode) {

    public Area {
        sites = List.copyOf(sites);
    }

    /** Relative traffic volume: its sites times the cluster's traffic per site. */
    public double trafficWeight() {
        return sites.size() * cluster.trafficWeight();
    }
}
