package dev.plateguard.simulator.network;

import java.util.List;

/**
 * A camera the simulator wants at a site.
 *
 * @param heading direction the camera looks, degrees from north; a directional camera looks against the traffic
 *                it reads, so vehicles it sees travel towards {@code (heading + 180) % 360}
 */
public record CameraPlan(String name, CameraKind kind, int heading, List<Integer> lanes, int speedLimitKmh) {

    public CameraPlan {
        lanes = List.copyOf(lanes);
    }
}
