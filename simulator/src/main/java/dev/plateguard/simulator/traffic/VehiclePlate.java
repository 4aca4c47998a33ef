package dev.plateguard.simulator.traffic;

import dev.plateguard.plates.Country;
import dev.plateguard.plates.PlateFormat;
import dev.plateguard.plates.PlateInterpretation;
import dev.plateguard.plates.PlateText;

/**
 * A plate a simulated vehicle carries: normalised text and the format it was made as. The country is the format's,
 * which is what a real camera reads from the flag and layout (text alone is ambiguous, domain-uz.md §2).
 */
public record VehiclePlate(String text, PlateFormat format) {

    public VehiclePlate {
        if (!format.matches(text)) {
            throw new IllegalArgumentException("text does not fit " + format);
        }
    }

    public Country country() {
        return format.country();
    }

    /** The reading as the intended format, with its printed grouping and region code. */
    public PlateInterpretation interpretation() {
        return format.interpret(text).orElseThrow();
    }

    /** Grouped as printed, e.g. {@code 01 A 123 BC}. */
    public String display() {
        return interpretation().display();
    }

    @Override
    public String toString() {
        return "VehiclePlate[" + PlateText.mask(text) + ", " + format + "]";
    }
}
