package dev.plateguard.simulator.network;

import java.util.List;

/**
 * A camera as it exists on the server, with the device key this run issued for it.
 *
 * @param heading   direction it looks, or null when whoever created it did not say (treated as an overview)
 * @param deviceKey {@code pgd_…}, shown once by the server; never printed (see {@link #toString()})
 */
public record DeployedCamera(long id, long siteId, String name, CameraKind kind, Integer heading, List<Integer> lanes,
                             int speedLimitKmh, String deviceKey) {

    public DeployedCamera {
        lanes = lanes == null || lanes.isEmpty() ? List.of(1) : List.copyOf(lanes);
    }

    /** Direction of travel of the vehicles it reads (they drive towards it), or null for a whole-junction view. */
    public Integer travelBearing() {
        return heading == null || !kind.directional() ? null : (heading + 180) % 360;
    }

    @Override
    public String toString() {
        return "DeployedCamera[id=" + id + ", siteId=" + siteId + ", name=" + name + ", kind=" + kind + "]";
    }
}
