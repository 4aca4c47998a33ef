package dev.plateguard.simulator.traffic;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.random.RandomGenerator;

import dev.plateguard.simulator.network.CameraKind;
import dev.plateguard.simulator.network.DeployedCamera;
import dev.plateguard.simulator.network.DeployedSite;

/**
 * Vehicles making trips through the camera network, as a discrete-event simulation in real time.
 *
 * <p>Trips start as a Poisson process whose rate follows the {@link TrafficCurve}, scaled so that sightings
 * (reads) come at {@code meanRate} per second on average over a day. A trip is a walk along roads from site to
 * neighbouring site; the travel time between sites follows from road distance and a speed below the limit (city
 * traffic stops at lights). At each site the camera watching the vehicle's approach reads it, and an overview
 * camera often does too. A vehicle makes one trip at a time and rests between trips, so its sightings always
 * form a plausible track.
 *
 * <p>Not thread-safe: one dispatcher drives it.
 */
public final class TrafficModel {

    /** Trips already under way when the simulation starts, so that the first minutes are not quiet. */
    static final Duration WARM_UP = Duration.ofMinutes(20);
    private static final int MAX_SITES_PER_TRIP = 7;
    /** Chance a trip goes on to one more site. */
    private static final double CONTINUE = 0.7;
    /** A directional camera reads vehicles whose travel direction is within this of its approach. */
    private static final double APPROACH_TOLERANCE_DEGREES = 60;
    private static final double OVERVIEW_CHANCE = 0.5;
    /** Speed bands over the limit, from the fine scale of art. 128-3 (domain-uz.md §3.2). */
    private static final WeightedChoice<double[]> EXCESS_BANDS = WeightedChoice.of(List.of(
            new double[]{6, 20}, new double[]{20, 40}, new double[]{40, 60}, new double[]{60, 80}), 0.62, 0.27, 0.08, 0.03);

    private final RoadNetwork roads;
    private final Fleet fleet;
    private final TrafficCurve curve;
    private final ViolationShares shares;
    private final double meanRate;
    private final RandomGenerator random;
    private final WeightedChoice<Area> areas;
    private final PriorityQueue<Sighting> pending = new PriorityQueue<>(
            Comparator.comparing(Sighting::capturedAt).thenComparingLong(Sighting::tripId));
    private final Instant[] busyUntil;
    private final DeployedSite[] lastSite;
    private Instant nextTripAt;
    private long tripsStarted;
    private long sightingsMade;

    /**
     * @param meanRate sightings per second, averaged over a day
     * @param start    the simulation's "now"; trips that started in the {@link #WARM_UP} before it are already on
     *                 the road, and their sightings before {@code start} are dropped
     */
    public TrafficModel(RoadNetwork roads, Fleet fleet, TrafficCurve curve, ViolationShares shares, double meanRate,
                        RandomGenerator random, Instant start) {
        if (!(meanRate > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        if (roads.areas().isEmpty()) {
            throw new IllegalArgumentException("no site has a camera: nothing to simulate");
        }
        this.roads = roads;
        this.fleet = fleet;
        this.curve = curve;
        this.shares = shares;
        this.meanRate = meanRate;
        this.random = random;
        this.areas = WeightedChoice.of(roads.areas(), roads.areas().stream().mapToDouble(Area::trafficWeight).toArray());
        this.busyUntil = new Instant[fleet.all().size()];
        this.lastSite = new DeployedSite[fleet.all().size()];
        this.nextTripAt = start.minus(WARM_UP);
        advanceTo(start).clear();
        // Sightings exactly at start were returned above; everything later is still pending.
    }

    /** All sightings captured up to and including {@code until}, in time order. */
    public List<Sighting> advanceTo(Instant until) {
        while (!nextTripAt.isAfter(until)) {
            startTrip(nextTripAt);
            double tripsPerSecond = meanRate * curve.factor(nextTripAt) / meanSightingsPerTrip();
            long gapMicros = Math.max(1, (long) (random.nextExponential() / tripsPerSecond * 1e6));
            nextTripAt = nextTripAt.plus(gapMicros, ChronoUnit.MICROS);
        }
        List<Sighting> out = new ArrayList<>();
        while (!pending.isEmpty() && !pending.peek().capturedAt().isAfter(until)) {
            out.add(pending.poll());
        }
        return out;
    }

    /** When the next sighting or trip start is due, so a real-time dispatcher knows how long it may sleep. */
    public Instant nextEventAt() {
        Instant next = nextTripAt;
        if (!pending.isEmpty() && pending.peek().capturedAt().isBefore(next)) {
            next = pending.peek().capturedAt();
        }
        return next;
    }

    /** Target sightings per second at {@code time}. */
    public double rateAt(Instant time) {
        return meanRate * curve.factor(time);
    }

    public long tripsStarted() {
        return tripsStarted;
    }

    /** Running mean, with a prior of 3 so that the first trips do not swing the rate. */
    private double meanSightingsPerTrip() {
        return (sightingsMade + 3.0 * 20) / (tripsStarted + 20);
    }

    private void startTrip(Instant start) {
        Area area = areas.draw(random);
        DeployedSite first = area.sites().get(random.nextInt(area.sites().size()));
        Vehicle vehicle = idleVehicle(area, first, start);
        if (vehicle == null) {
            return; // the whole sample was on the road; the next trip will find someone
        }
        List<DeployedSite> route = List.copyOf(route(first));
        TripConditions conditions = new TripConditions(
                random.nextDouble() < Math.min(1, shares.seatbelt() * vehicle.habits().beltless()),
                random.nextDouble() < 0.35, random.nextDouble() < 0.75);
        long tripId = ++tripsStarted;
        List<Sighting> made = new ArrayList<>();
        Instant clock = start;
        double bearing = initialBearing(first);
        for (int leg = 0; leg < route.size(); leg++) {
            DeployedSite site = route.get(leg);
            if (leg > 0) {
                DeployedSite previous = route.get(leg - 1);
                bearing = previous.point().bearingTo(site.point());
                clock = clock.plus(travelTime(previous, site, vehicle));
            }
            for (DeployedCamera camera : camerasSeeing(site, bearing)) {
                made.add(sighting(tripId, route, leg, vehicle, site, camera, clock.truncatedTo(ChronoUnit.MILLIS), bearing, conditions));
                clock = clock.plusMillis(400 + random.nextInt(1200));
            }
        }
        sightingsMade += made.size();
        pending.addAll(made);
        busyUntil[vehicle.id()] = clock.plus(Duration.ofMinutes(10 + random.nextInt(80)));
        lastSite[vehicle.id()] = route.getLast();
    }

    /** Trip-long facts about the people in the car. */
    private record TripConditions(boolean driverBeltless, boolean passenger, boolean passengerBelted) {
    }

    private Vehicle idleVehicle(Area area, DeployedSite first, Instant start) {
        List<Vehicle> pool = fleet.inArea(area.id());
        for (int attempt = 0; attempt < 8; attempt++) {
            Vehicle candidate = pool.get(random.nextInt(pool.size()));
            Instant free = busyUntil[candidate.id()];
            if (free == null) {
                return candidate;
            }
            // It must also have had time to get from where it stopped to where this trip begins.
            long repositionSeconds = (long) (RoadNetwork.roadKm(lastSite[candidate.id()], first) / 50.0 * 3600);
            if (!start.isBefore(free.plusSeconds(repositionSeconds))) {
                return candidate;
            }
        }
        return null;
    }

    private List<DeployedSite> route(DeployedSite first) {
        List<DeployedSite> route = new ArrayList<>(List.of(first));
        Set<Long> visited = new HashSet<>(Set.of(first.id()));
        double heading = Double.NaN;
        while (route.size() < MAX_SITES_PER_TRIP && random.nextDouble() < CONTINUE) {
            DeployedSite here = route.getLast();
            List<DeployedSite> options = roads.neighbours(here).stream().filter(n -> !visited.contains(n.id())).toList();
            if (options.isEmpty()) {
                break;
            }
            // Drivers mostly keep going the way they were heading rather than zig-zagging.
            double[] weights = new double[options.size()];
            for (int i = 0; i < weights.length; i++) {
                double turn = Double.isNaN(heading) ? 0 : angle(heading, here.point().bearingTo(options.get(i).point()));
                weights[i] = turn < 100 ? 3 : 1;
            }
            DeployedSite next = WeightedChoice.of(options, weights).draw(random);
            heading = here.point().bearingTo(next.point());
            visited.add(next.id());
            route.add(next);
        }
        return route;
    }

    private double initialBearing(DeployedSite site) {
        List<DeployedCamera> directional = site.cameras().stream().filter(c -> c.travelBearing() != null).toList();
        if (directional.isEmpty()) {
            return random.nextDouble(360);
        }
        double bearing = directional.get(random.nextInt(directional.size())).travelBearing() + random.nextDouble(-20, 20);
        return (bearing + 360) % 360;
    }

    private List<DeployedCamera> camerasSeeing(DeployedSite site, double bearing) {
        List<DeployedCamera> seen = new ArrayList<>();
        site.cameras().stream().filter(c -> c.travelBearing() != null)
                .min(Comparator.comparingDouble(c -> angle(c.travelBearing(), bearing)))
                .filter(c -> angle(c.travelBearing(), bearing) <= APPROACH_TOLERANCE_DEGREES)
                .ifPresent(seen::add);
        for (DeployedCamera camera : site.cameras()) {
            if (camera.travelBearing() == null && (seen.isEmpty() || random.nextDouble() < OVERVIEW_CHANCE)) {
                seen.add(camera);
            }
        }
        return seen;
    }

    private Duration travelTime(DeployedSite from, DeployedSite to, Vehicle vehicle) {
        double km = RoadNetwork.roadKm(from, to);
        int limit = Math.min(from.setting().speedLimitKmh(), to.setting().speedLimitKmh());
        boolean urban = from.setting().urban() || to.setting().urban();
        // Average speed between sites: well under the limit in town (lights, turns), near it on open roads.
        double factor = urban ? random.nextDouble(0.45, 0.75) : random.nextDouble(0.75, 0.95);
        if (vehicle.habits().speeding() > 1) {
            factor *= 1.12;
        }
        double seconds = km / (limit * factor) * 3600 + (urban ? random.nextDouble(0, 40) : 0);
        return Duration.ofMillis((long) (seconds * 1000));
    }

    private Sighting sighting(long tripId, List<DeployedSite> route, int leg, Vehicle vehicle, DeployedSite site, DeployedCamera camera,
                              Instant at, double bearing, TripConditions trip) {
        Set<Offence> offences = EnumSet.noneOf(Offence.class);
        Double speed = null;
        if (camera.kind().measuresSpeed()) {
            int limit = camera.speedLimitKmh();
            double kmh;
            if (random.nextDouble() < Math.min(1, shares.speeding() * vehicle.habits().speeding())) {
                double[] band = EXCESS_BANDS.draw(random);
                kmh = limit + random.nextDouble(band[0], band[1]);
                offences.add(Offence.SPEEDING);
            } else {
                boolean slowing = camera.kind() == CameraKind.RED_LIGHT;
                kmh = limit * (slowing ? random.nextDouble(0.35, 0.95) : random.nextDouble(0.6, 0.98));
            }
            speed = Math.round(kmh * 10) / 10.0;
        }
        Sighting.Signal signal = null;
        if (camera.kind() == CameraKind.RED_LIGHT) {
            if (random.nextDouble() < Math.min(1, shares.redLight() * vehicle.habits().redLight())) {
                signal = new Sighting.Signal("red", at.minusMillis(300 + random.nextInt(7700)));
                offences.add(Offence.RED_LIGHT);
            } else {
                signal = new Sighting.Signal(random.nextDouble() < 0.9 ? "green" : "amber", null);
            }
        }
        Sighting.Occupants occupants = null;
        if (camera.kind().directional()) {
            boolean phone = random.nextDouble() < Math.min(1, shares.phone() * vehicle.habits().phone());
            double confidence = TrafficCurve.night(at) ? random.nextDouble(0.6, 0.85) : random.nextDouble(0.82, 0.98);
            occupants = new Sighting.Occupants(!trip.driverBeltless(), trip.passenger() ? trip.passengerBelted() : null,
                    phone, Math.round(confidence * 100) / 100.0);
            if (trip.driverBeltless()) {
                offences.add(Offence.NO_SEATBELT);
            }
            if (phone) {
                offences.add(Offence.PHONE_USE);
            }
        }
        if (!vehicle.registered()) {
            offences.add(Offence.UNREGISTERED);
        }
        int lane = camera.lanes().get(random.nextInt(camera.lanes().size()));
        return new Sighting(tripId, route, leg, vehicle, site, camera, at, speed, lane, ((int) Math.round(bearing)) % 360,
                signal, occupants, offences);
    }

    /** Smallest angle between two bearings, 0–180. */
    static double angle(double a, double b) {
        double d = Math.abs(a - b) % 360;
        return d > 180 ? 360 - d : d;
    }
}
