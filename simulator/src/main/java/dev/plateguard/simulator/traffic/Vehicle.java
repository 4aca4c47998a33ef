package dev.plateguard.simulator.traffic;

/**
 * One simulated vehicle.
 *
 * @param registered false for vehicles missing from the registry: the simulator only marks them in its own log and
 *                   leaves the detection to the server
 * @param areaId     the {@link Area} it drives in
 */
public record Vehicle(int id, VehiclePlate plate, VehicleModel model, String colour, boolean registered,
                      DriverHabits habits, int areaId) {
}
