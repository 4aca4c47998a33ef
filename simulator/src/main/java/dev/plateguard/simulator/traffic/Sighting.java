package dev.plateguard.simulator.traffic;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.plateguard.simulator.network.DeployedCamera;
import dev.plateguard.simulator.network.DeployedSite;

/**
 * One vehicle passing one camera: the ground truth a read is made from.
 *
 * @param tripId    the trip it belongs to; sightings of a trip follow its route
 * @param route     the sites the trip passes, in order (the vehicle is not read at every one of them)
 * @param leg       position of {@code site} on the route, from 0
 * @param speedKmh  measured speed, or null for a camera that does not measure it
 * @param direction direction of travel, degrees from north
 * @param signal    the light's state, only at red-light cameras
 * @param occupants what an in-cabin detector sees, or null for overview cameras
 */
public record Sighting(long tripId, List<DeployedSite> route, int leg, Vehicle vehicle, DeployedSite site, DeployedCamera camera,
                       Instant capturedAt, Double speedKmh, int lane, int direction, Signal signal,
                       Occupants occupants, Set<Offence> offences) {

    public Sighting {
        offences = Set.copyOf(offences);
        route = List.copyOf(route); // a no-op for the trip's own immutable list, shared by its sightings
    }

    /** The traffic light at capture. */
    public record Signal(String state, Instant redSince) {
    }

    /**
     * @param passengerBelted null when there is no front passenger
     * @param confidence      the detector's confidence in its flags (lower at night)
     */
    public record Occupants(boolean driverBelted, Boolean passengerBelted, boolean phoneUse, double confidence) {
    }
}
