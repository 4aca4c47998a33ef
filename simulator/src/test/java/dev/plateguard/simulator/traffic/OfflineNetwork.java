package dev.plateguard.simulator.traffic;

import java.util.ArrayList;
import java.util.List;

import dev.plateguard.simulator.network.CameraPlan;
import dev.plateguard.simulator.network.DeployedCamera;
import dev.plateguard.simulator.network.DeployedSite;
import dev.plateguard.simulator.network.NetworkPlanner;
import dev.plateguard.simulator.network.SitePlan;

/** The planned network as if a server had created it, with made-up ids and keys, for tests without a server. */
final class OfflineNetwork {

    private OfflineNetwork() {
    }

    static List<DeployedSite> deploy(int sites) {
        List<DeployedSite> out = new ArrayList<>();
        long cameraId = 1000;
        long siteId = 1;
        for (SitePlan plan : new NetworkPlanner().plan(sites)) {
            List<DeployedCamera> cameras = new ArrayList<>();
            for (CameraPlan camera : plan.cameras()) {
                cameras.add(new DeployedCamera(cameraId++, siteId, camera.name(), camera.kind(), camera.heading(),
                        camera.lanes(), camera.speedLimitKmh(), "pgd_test"));
            }
            out.add(new DeployedSite(siteId++, plan, plan.place().point(), cameras));
        }
        return out;
    }
}
