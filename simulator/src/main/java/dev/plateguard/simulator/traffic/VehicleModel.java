package dev.plateguard.simulator.traffic;

/**
 * A make and model as a camera's classifier would name it, e.g. {@code Chevrolet Nexia}.
 *
 * @param type {@code car}, {@code van}, {@code bus} or {@code truck}
 */
public record VehicleModel(String make, String type) {
}
