package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The cap on ingest bytes in flight: reservations add up, are released once, and a lone large request fits. */
class IngestLoadTest {

    @Test
    void reservationsAddUpToTheCap() {
        IngestLoad load = new IngestLoad(new IngestLoad.Settings(DataSize.ofBytes(100), Duration.ofSeconds(2)));
        Optional<IngestLoad.Reservation> a = load.tryReserve(60);
        assertThat(a).isPresent();
        assertThat(load.tryReserve(41)).as("over the cap").isEmpty();
        Optional<IngestLoad.Reservation> b = load.tryReserve(40);
        assertThat(b).isPresent();
        assertThat(load.inFlightBytes()).isEqualTo(100);
        a.get().close();
        a.get().close(); // released once only
        assertThat(load.inFlightBytes()).isEqualTo(40);
        b.get().close();
        assertThat(load.inFlightBytes()).isZero();
        // Alone, a request larger than the cap is let in (it could never fit otherwise), but nothing beside it.
        Optional<IngestLoad.Reservation> big = load.tryReserve(500);
        assertThat(big).isPresent();
        assertThat(load.tryReserve(1)).isEmpty();
        big.get().close();
        assertThat(load.inFlightBytes()).isZero();
    }
}
