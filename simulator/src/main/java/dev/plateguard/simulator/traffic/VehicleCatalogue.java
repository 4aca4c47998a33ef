package dev.plateguard.simulator.traffic;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.plateguard.plates.Country;
import dev.plateguard.plates.PlateFormat;

/**
 * Makes, models and colours on Uzbek roads. The national fleet is led by the Nexia (637,547 in 2021), then Damas,
 * Matiz, Lacetti and Cobalt (domain-uz.md §4.3); the other weights and the colours are assumptions in that spirit
 * (white cars dominate). Companies run more vans and lorries; foreign cars are a different mix.
 */
public final class VehicleCatalogue {

    private static final WeightedChoice<VehicleModel> PRIVATE = WeightedChoice.of(List.of(
                    car("Chevrolet Nexia"), car("Chevrolet Cobalt"), car("Chevrolet Spark"), car("Daewoo Matiz"),
                    car("Chevrolet Lacetti"), van("Chevrolet Damas"), car("Chevrolet Gentra"), car("Chevrolet Malibu"),
                    car("Chevrolet Tracker"), car("Chevrolet Onix"), car("Chevrolet Captiva"), car("Kia K5"),
                    car("Hyundai Sonata"), car("BYD Song Plus"), car("Toyota Camry"), car("Lada Niva"), car("Daewoo Nexia")),
            0.19, 0.15, 0.10, 0.08, 0.10, 0.07, 0.05, 0.05, 0.04, 0.04, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01, 0.03);

    private static final WeightedChoice<VehicleModel> COMPANY = WeightedChoice.of(List.of(
                    van("Chevrolet Damas"), truck("Chevrolet Labo"), car("Chevrolet Cobalt"), car("Chevrolet Nexia"),
                    truck("Isuzu NPR"), bus("Isuzu Citibus"), truck("MAN TGS"), car("Chevrolet Malibu"),
                    car("Chevrolet Lacetti"), bus("Hyundai County")),
            0.22, 0.15, 0.15, 0.10, 0.10, 0.06, 0.06, 0.06, 0.05, 0.05);

    private static final WeightedChoice<VehicleModel> FOREIGN = WeightedChoice.of(List.of(
                    car("Lada Vesta"), car("Toyota Camry"), car("Hyundai Solaris"), car("Kia Rio"),
                    van("Mercedes-Benz Sprinter"), car("Chevrolet Cobalt"), car("Volkswagen Polo"),
                    car("Toyota Land Cruiser"), truck("Kamaz 5490")),
            0.2, 0.15, 0.1, 0.1, 0.1, 0.1, 0.05, 0.1, 0.1);

    private static final WeightedChoice<String> COLOURS = WeightedChoice.of(List.of(
                    "white", "silver", "grey", "black", "blue", "dark blue", "red", "beige", "green", "brown", "yellow"),
            0.52, 0.11, 0.08, 0.10, 0.04, 0.03, 0.03, 0.03, 0.02, 0.02, 0.02);

    private VehicleCatalogue() {
    }

    /** A model fitting the plate: company vehicles for legal entities, a foreign mix for other countries. */
    public static VehicleModel model(VehiclePlate plate, RandomGenerator random) {
        if (plate.country() != Country.UZ) {
            return FOREIGN.draw(random);
        }
        return plate.format() == PlateFormat.UZ_LEGAL_ENTITY ? COMPANY.draw(random) : PRIVATE.draw(random);
    }

    public static String colour(RandomGenerator random) {
        return COLOURS.draw(random);
    }

    private static VehicleModel car(String make) {
        return new VehicleModel(make, "car");
    }

    private static VehicleModel van(String make) {
        return new VehicleModel(make, "van");
    }

    private static VehicleModel truck(String make) {
        return new VehicleModel(make, "truck");
    }

    private static VehicleModel bus(String make) {
        return new VehicleModel(make, "bus");
    }
}
