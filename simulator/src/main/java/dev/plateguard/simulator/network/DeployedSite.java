package dev.plateguard.simulator.network;

import java.util.List;

/**
 * A site as it exists on the server, joined with the plan it was made from (cluster, region code, road setting).
 * The position is the server's: a reused site keeps whatever coordinates it was created with.
 */
public record DeployedSite(long id, SitePlan plan, GeoPoint point, List<DeployedCamera> cameras) {

    public DeployedSite {
        cameras = List.copyOf(cameras);
    }

    public String name() {
        return plan.name();
    }

    public Cluster cluster() {
        return plan.place().cluster();
    }

    public RoadSetting setting() {
        return plan.place().setting();
    }
}
