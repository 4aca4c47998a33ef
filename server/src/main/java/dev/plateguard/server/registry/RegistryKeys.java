package dev.plateguard.server.registry;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.plateguard.plates.PlateText;

/** Checks of the (country, plate) key that callers of the registry and the re-check queue pass in. */
final class RegistryKeys {

    private RegistryKeys() {
    }

    static void require(String country, String normalizedPlate) {
        if (country == null || !VehicleFields.COUNTRIES.contains(country)) {
            throw new IllegalArgumentException("not a known country code: " + country);
        }
        if (!PlateText.isNormalized(normalizedPlate)) {
            throw new IllegalArgumentException("plate is not normalised: " + PlateText.mask(normalizedPlate));
        }
    }

    /** The configured covered countries, upper case; refuses unknown codes at startup. */
    static Set<String> countries(Collection<String> configured) {
        Set<String> out = configured.stream().map(c -> c.strip().toUpperCase(Locale.ROOT)).filter(c -> !c.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        for (String c : out) {
            if (!VehicleFields.COUNTRIES.contains(c)) {
                throw new IllegalStateException("plateguard.registry.countries: unknown country code " + c);
            }
        }
        return out;
    }

    /** Key for logs: the country and the masked plate. */
    static String masked(String country, String plate) {
        return country + "/" + PlateText.mask(plate);
    }
}
