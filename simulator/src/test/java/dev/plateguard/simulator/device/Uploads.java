package dev.plateguard.simulator.device;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import dev.plateguard.plates.PlateFormat;
import dev.plateguard.simulator.network.CameraKind;
import dev.plateguard.simulator.network.DeployedCamera;
import dev.plateguard.simulator.network.DeployedSite;
import dev.plateguard.simulator.network.NetworkPlanner;
import dev.plateguard.simulator.network.SitePlan;
import dev.plateguard.simulator.render.EvidenceRenderer;
import dev.plateguard.simulator.render.PlateFont;
import dev.plateguard.simulator.render.PlateRenderer;
import dev.plateguard.simulator.traffic.DriverHabits;
import dev.plateguard.simulator.traffic.Offence;
import dev.plateguard.simulator.traffic.Sighting;
import dev.plateguard.simulator.traffic.Vehicle;
import dev.plateguard.simulator.traffic.VehicleModel;
import dev.plateguard.simulator.traffic.VehiclePlate;

/** Sample sightings and uploads for device tests. */
final class Uploads {

    static final EvidenceRenderer RENDERER = new EvidenceRenderer(new PlateRenderer(PlateFont.load(null)), 0.15);

    private Uploads() {
    }

    /** A white Nexia, plate 01 A 123 BC, running the red light at 50 km/h over at 14:03 Tashkent. */
    static Sighting redLightRunner() {
        SitePlan plan = new NetworkPlanner().plan(100).getFirst();
        DeployedCamera camera = new DeployedCamera(17, 1, "Red light 1 (N-bound)", CameraKind.RED_LIGHT, 180,
                List.of(1, 2, 3), 50, "pgd_test");
        DeployedSite site = new DeployedSite(1, plan, plan.place().point(), List.of(camera));
        Vehicle vehicle = new Vehicle(1, new VehiclePlate("01A123BC", PlateFormat.UZ_PRIVATE),
                new VehicleModel("Chevrolet Nexia", "car"), "white", true, new DriverHabits(1, 1, 1, 1), 0);
        Instant at = Instant.parse("2026-11-26T09:03:05.120Z");
        return new Sighting(4, List.of(site), 0, vehicle, site, camera, at, 100.0, 2, 3,
                new Sighting.Signal("red", at.minusMillis(2500)),
                new Sighting.Occupants(false, null, true, 0.9),
                Set.of(Offence.SPEEDING, Offence.RED_LIGHT, Offence.NO_SEATBELT, Offence.PHONE_USE));
    }

    static ReadUpload sample(boolean imageOnly) {
        return new ReadComposer(RENDERER, new PlateRecogniser(), imageOnly, "t1")
                .compose(redLightRunner(), 1, new SplittableRandom(5));
    }
}
