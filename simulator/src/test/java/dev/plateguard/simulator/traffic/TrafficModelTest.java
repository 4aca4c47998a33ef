package dev.plateguard.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.plateguard.simulator.network.CameraKind;
import dev.plateguard.simulator.network.Cluster;
import dev.plateguard.simulator.network.DeployedSite;

class TrafficModelTest {

    /** 14:00 in Tashkent: daytime, so rates are high and images are day images. */
    static final Instant AFTERNOON = Instant.parse("2026-11-26T09:00:00Z");
    static RoadNetwork roads;
    static Fleet fleet;
    static List<Sighting> twoHours;
    static final double RATE = 5;

    @BeforeAll
    static void simulate() {
        List<DeployedSite> sites = OfflineNetwork.deploy(100);
        roads = RoadNetwork.connect(sites);
        SplittableRandom random = new SplittableRandom(7);
        fleet = Fleet.assemble(roads.areas(), 20_000, ViolationShares.DEFAULT.unregistered(), random);
        TrafficModel model = new TrafficModel(roads, fleet, TrafficCurve.FLAT, ViolationShares.DEFAULT, RATE, random, AFTERNOON);
        twoHours = new ArrayList<>();
        for (Instant t = AFTERNOON; t.isBefore(AFTERNOON.plus(Duration.ofHours(2))); t = t.plusSeconds(1)) {
            twoHours.addAll(model.advanceTo(t));
        }
    }

    @Test
    void deliversTheConfiguredRate() {
        double perSecond = twoHours.size() / 7200.0;
        assertThat(perSecond).isCloseTo(RATE, within(RATE * 0.1));
    }

    @Test
    void sightingsComeInTimeOrderAndNeverBeforeTheStart() {
        assertThat(twoHours).isSortedAccordingTo(Comparator.comparing(Sighting::capturedAt));
        assertThat(twoHours.getFirst().capturedAt()).isAfter(AFTERNOON);
    }

    @Test
    void aVehicleFollowsItsRouteInOrderAtPlausibleSpeeds() {
        Map<Integer, List<Sighting>> byVehicle = new LinkedHashMap<>();
        twoHours.forEach(s -> byVehicle.computeIfAbsent(s.vehicle().id(), id -> new ArrayList<>()).add(s));
        int checkedPairs = 0;
        for (List<Sighting> track : byVehicle.values()) {
            for (int i = 1; i < track.size(); i++) {
                Sighting previous = track.get(i - 1), next = track.get(i);
                assertThat(next.capturedAt()).isAfterOrEqualTo(previous.capturedAt());
                assertThat(next.site().cameras()).contains(next.camera());
                assertThat(next.route().get(next.leg())).isEqualTo(next.site());
                double km = previous.site().point().distanceKm(next.site().point());
                double hours = Duration.between(previous.capturedAt(), next.capturedAt()).toMillis() / 3_600_000.0;
                if (km > 0) {
                    assertThat(km / hours).as("straight-line speed between two sightings, km/h").isLessThan(130);
                }
                if (next.tripId() == previous.tripId()) {
                    // Same trip: another camera at the same site, or a later site of the same route.
                    assertThat(next.route()).isSameAs(previous.route());
                    assertThat(next.leg()).isGreaterThanOrEqualTo(previous.leg());
                    checkedPairs++;
                } else {
                    assertThat(next.tripId()).isGreaterThan(previous.tripId());
                }
            }
        }
        assertThat(checkedPairs).as("trips with several sightings").isGreaterThan(2000);
    }

    @Test
    void routesRunAlongRoadsWithoutRevisitingASite() {
        for (Sighting s : twoHours) {
            List<DeployedSite> route = s.route();
            assertThat(route).doesNotHaveDuplicates().hasSizeBetween(1, 7);
            for (int i = 1; i < route.size(); i++) {
                assertThat(roads.linked(route.get(i - 1), route.get(i))).isTrue();
            }
        }
    }

    @Test
    void vehiclesStayInTheirAreaAndCluster() {
        for (Sighting s : twoHours) {
            assertThat(roads.areaOf(s.site()).id()).isEqualTo(s.vehicle().areaId());
        }
    }

    @Test
    void directionalCamerasReadTrafficComingTowardsThem() {
        for (Sighting s : twoHours) {
            Integer travel = s.camera().travelBearing();
            if (travel != null) {
                assertThat(TrafficModel.angle(travel, s.direction())).isLessThanOrEqualTo(61);
            }
        }
    }

    @Test
    void offencesFollowTheConfiguredShares() {
        Map<Offence, Integer> counts = new EnumMap<>(Offence.class);
        int measured = 0, redLightPasses = 0, directional = 0;
        for (Sighting s : twoHours) {
            s.offences().forEach(o -> counts.merge(o, 1, Integer::sum));
            if (s.speedKmh() != null) {
                measured++;
                int limit = s.camera().speedLimitKmh();
                if (s.offences().contains(Offence.SPEEDING)) {
                    assertThat(s.speedKmh()).isGreaterThan(limit + 5.0);
                } else {
                    assertThat(s.speedKmh()).isLessThanOrEqualTo(limit);
                }
            }
            if (s.camera().kind() == CameraKind.RED_LIGHT) {
                redLightPasses++;
                assertThat(s.signal()).isNotNull();
                if (s.offences().contains(Offence.RED_LIGHT)) {
                    assertThat(s.signal().state()).isEqualTo("red");
                    assertThat(s.signal().redSince()).isBefore(s.capturedAt());
                }
            } else {
                assertThat(s.signal()).isNull();
                assertThat(s.offences()).doesNotContain(Offence.RED_LIGHT);
            }
            if (s.occupants() != null) {
                directional++;
            }
            assertThat(s.offences().contains(Offence.UNREGISTERED)).isEqualTo(!s.vehicle().registered());
        }
        ViolationShares shares = ViolationShares.DEFAULT;
        assertThat(counts.getOrDefault(Offence.SPEEDING, 0) / (double) measured).isCloseTo(shares.speeding(), within(0.015));
        assertThat(counts.getOrDefault(Offence.RED_LIGHT, 0) / (double) redLightPasses).isCloseTo(shares.redLight(), within(0.015));
        assertThat(counts.getOrDefault(Offence.PHONE_USE, 0) / (double) directional).isCloseTo(shares.phone(), within(0.01));
        assertThat(counts.getOrDefault(Offence.NO_SEATBELT, 0) / (double) directional).isCloseTo(shares.seatbelt(), within(0.02));
        assertThat(counts.getOrDefault(Offence.UNREGISTERED, 0) / (double) twoHours.size()).isCloseTo(shares.unregistered(), within(0.015));
    }

    @Test
    void everyClusterAndCameraKindSeesTraffic() {
        assertThat(twoHours).extracting(s -> s.site().cluster()).contains(Cluster.values());
        assertThat(twoHours).extracting(s -> s.camera().kind()).contains(CameraKind.values());
        long tashkent = twoHours.stream().filter(s -> s.site().cluster() == Cluster.TASHKENT).count();
        assertThat(tashkent).as("Tashkent carries most traffic").isGreaterThan(twoHours.size() / 2);
    }

    @Test
    void theDayNightCurveIsQuietAtNightAndAveragesOne() {
        TrafficCurve curve = TrafficCurve.DAY_NIGHT;
        Instant midnight = Instant.parse("2026-11-25T19:00:00Z"); // 00:00 Tashkent
        double sum = 0;
        for (int minute = 0; minute < 24 * 60; minute++) {
            sum += curve.factor(midnight.plusSeconds(minute * 60L));
        }
        assertThat(sum / (24 * 60)).isCloseTo(1.0, within(0.01));
        assertThat(curve.factor(midnight.plus(Duration.ofHours(3)))).isLessThan(0.2);
        assertThat(curve.factor(midnight.plus(Duration.ofHours(18)))).isGreaterThan(1.5);
        assertThat(TrafficCurve.night(midnight.plus(Duration.ofHours(2)))).isTrue();
        assertThat(TrafficCurve.night(midnight.plus(Duration.ofHours(12)))).isFalse();
    }

    @Test
    void theRateFollowsTheCurve() {
        SplittableRandom random = new SplittableRandom(11);
        Instant night = Instant.parse("2026-11-25T22:00:00Z"); // 03:00 Tashkent
        Instant evening = Instant.parse("2026-11-26T13:00:00Z"); // 18:00 Tashkent
        int atNight = countFor(night, random), atPeak = countFor(evening, random);
        assertThat(atPeak).isGreaterThan(atNight * 6);
    }

    private static int countFor(Instant start, SplittableRandom random) {
        TrafficModel model = new TrafficModel(roads, fleet, TrafficCurve.DAY_NIGHT, ViolationShares.DEFAULT, RATE, random, start);
        return model.advanceTo(start.plus(Duration.ofMinutes(20))).size();
    }

    @Test
    void theSameSeedGivesTheSameTraffic() {
        List<String> first = run(99), second = run(99);
        assertThat(first).isEqualTo(second).isNotEmpty();
    }

    private static List<String> run(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Fleet own = Fleet.assemble(roads.areas(), 2_000, 0.03, random);
        TrafficModel model = new TrafficModel(roads, own, TrafficCurve.FLAT, ViolationShares.DEFAULT, RATE, random, AFTERNOON);
        return model.advanceTo(AFTERNOON.plusSeconds(120)).stream()
                .map(s -> s.capturedAt() + " " + s.camera().id() + " " + s.vehicle().plate().text() + " " + s.speedKmh())
                .toList();
    }
}
