package dev.plateguard.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The local registry when its database cannot be reached: UNAVAILABLE, never NOT_FOUND. */
class LocalVehicleRegistryTest {

    @Test
    void databaseDownIsUnavailable() {
        var nowhere = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/plateguard?connectTimeout=2", "x", "x");
        var registry = new LocalVehicleRegistry(new VehicleTable(JdbcClient.create(nowhere)), Set.of("UZ"));
        RegistryAnswer answer = registry.lookup("UZ", "01A123BC");
        assertThat(answer).isInstanceOf(RegistryAnswer.Unavailable.class);
        assertThat(answer.definitive()).isFalse();
        assertThat(((RegistryAnswer.Unavailable) answer).reason()).startsWith("local registry:");
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyQuery() {
        var registry = new LocalVehicleRegistry(new VehicleTable(JdbcClient.create(
                new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"))), Set.of("UZ"));
        assertThatThrownBy(() -> registry.lookup("UZ", "01a123bc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.lookup("UNKNOWN", "01A123BC")).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.covers("UZ")).isTrue();
        assertThat(registry.covers("TJ")).isFalse();
    }
}
