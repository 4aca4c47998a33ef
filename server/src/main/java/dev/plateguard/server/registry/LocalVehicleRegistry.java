package dev.plateguard.server.registry;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * The registry as the local {@code vehicle_registry} table, filled by CSV import and the API. A database failure
 * is UNAVAILABLE, never NOT_FOUND.
 */
public class LocalVehicleRegistry implements VehicleRegistry {

    private static final Logger log = LoggerFactory.getLogger(LocalVehicleRegistry.class);

    private final VehicleTable table;
    private final Set<String> countries;

    public LocalVehicleRegistry(VehicleTable table, Set<String> countries) {
        this.table = table;
        this.countries = Set.copyOf(countries);
    }

    @Override
    public RegistryAnswer lookup(String country, String normalizedPlate) {
        RegistryKeys.require(country, normalizedPlate);
        try {
            return table.find(country, normalizedPlate)
                    .map(entry -> RegistryAnswer.found(entry.vehicle()))
                    .orElseGet(RegistryAnswer::notFound);
        } catch (DataAccessException e) {
            log.warn("local registry lookup of {} failed: {}", RegistryKeys.masked(country, normalizedPlate),
                    e.getClass().getSimpleName());
            return RegistryAnswer.unavailable("local registry: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean covers(String country) {
        return countries.contains(country);
    }
}
