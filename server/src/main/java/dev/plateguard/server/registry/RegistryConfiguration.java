package dev.plateguard.server.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.plateguard.server.PlateGuardProperties;

/** Chooses the {@link VehicleRegistry} by {@code plateguard.registry.mode}: {@code local} (default) or {@code http}. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RegistryConfiguration.class);

    @Bean
    VehicleRegistry vehicleRegistry(PlateGuardProperties properties, VehicleTable table) {
        return create(properties.registry(), table);
    }

    static VehicleRegistry create(PlateGuardProperties.Registry config, VehicleTable table) {
        return switch (config.mode()) {
            case LOCAL -> new LocalVehicleRegistry(table, RegistryKeys.countries(config.countries()));
            case HTTP -> {
                var registry = new HttpVehicleRegistry(config);
                log.info("vehicle registry: external service at {}", HttpVehicleRegistry.baseUri(config.url()));
                yield registry;
            }
        };
    }
}
