package dev.plateguard.simulator.render;

import java.util.Set;

/**
 * The images of one read: the plate crop (sent first, so {@code plateBox} refers to it) and the overview.
 *
 * @param degradations what was done to the crop; empty for a clean one
 */
public record Evidence(byte[] plateCropJpeg, PlateBox plateBox, byte[] overviewJpeg, Set<Degradation> degradations) {

    public Evidence {
        degradations = Set.copyOf(degradations);
    }
}
