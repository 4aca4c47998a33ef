package dev.plateguard.simulator.traffic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Every simulated vehicle, each bound to one area. Plates are unique across the fleet; a share of vehicles is
 * missing from the registry.
 */
public final class Fleet {

    /** Even the quietest border road has regulars. */
    private static final int MIN_PER_AREA = 40;

    private final List<List<Vehicle>> byArea;
    private final List<Vehicle> all;

    private Fleet(List<List<Vehicle>> byArea) {
        this.byArea = byArea;
        this.all = byArea.stream().flatMap(List::stream).toList();
    }

    /**
     * @param size              vehicles in all, split by each area's traffic weight
     * @param unregisteredShare fraction of vehicles not in the registry
     */
    public static Fleet assemble(List<Area> areas, int size, double unregisteredShare, RandomGenerator random) {
        double totalWeight = areas.stream().mapToDouble(Area::trafficWeight).sum();
        Set<String> taken = new HashSet<>();
        List<List<Vehicle>> byArea = new ArrayList<>();
        int id = 0;
        for (Area area : areas) {
            int count = Math.max(MIN_PER_AREA, (int) Math.round(size * area.trafficWeight() / totalWeight));
            PlateIssuer issuer = new PlateIssuer(area.cluster().border() ? PlateMix.BORDER : PlateMix.CITY,
                    RegionMix.local(area.localRegionCode()));
            List<Vehicle> vehicles = new ArrayList<>(count);
            while (vehicles.size() < count) {
                VehiclePlate plate = issuer.issue(random);
                if (!taken.add(plate.text())) {
                    continue; // one plate, one vehicle
                }
                vehicles.add(new Vehicle(id++, plate, VehicleCatalogue.model(plate, random), VehicleCatalogue.colour(random),
                        random.nextDouble() >= unregisteredShare, DriverHabits.draw(random), area.id()));
            }
            byArea.add(List.copyOf(vehicles));
        }
        return new Fleet(List.copyOf(byArea));
    }

    public List<Vehicle> inArea(int areaId) {
        return byArea.get(areaId);
    }

    public List<Vehicle> all() {
        return all;
    }

    public Vehicle get(int id) {
        return all.get(id);
    }

    /** Normalised texts of the registered vehicles' plates: the "registry" the unregistered ones are missing from. */
    public Set<String> registeredPlates() {
        Set<String> out = new LinkedHashSet<>();
        all.stream().filter(Vehicle::registered).forEach(v -> out.add(v.plate().text()));
        return Collections.unmodifiableSet(out);
    }
}
