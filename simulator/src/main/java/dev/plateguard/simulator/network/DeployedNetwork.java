package dev.plateguard.simulator.network;

import java.util.List;

/** What provisioning left on the server, and how much of it was already there. */
public record DeployedNetwork(List<DeployedSite> sites, int sitesReused, int sitesCreated, int camerasReused,
                              int camerasCreated, int keysRevoked) {

    public DeployedNetwork {
        sites = List.copyOf(sites);
    }

    public List<DeployedCamera> cameras() {
        return sites.stream().flatMap(s -> s.cameras().stream()).toList();
    }
}
