package dev.plateguard.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which port the embedded PostgreSQL starts on when the configured one is taken. */
class EmbeddedPortTest {

    @TempDir
    Path dataDir;

    @Test
    void aFreeConfiguredPortIsUsedAndZeroStaysZero() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        assertThat(EmbeddedPostgresConfiguration.port(free, dataDir)).isEqualTo(free);
        assertThat(EmbeddedPostgresConfiguration.port(0, dataDir)).isZero();
    }

    @Test
    void aPortHeldByAnotherProgramGivesWayToAFreeOne() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(EmbeddedPostgresConfiguration.port(other.getLocalPort(), dataDir)).isZero();
        }
    }

    @Test
    void aPortHeldByThisDataDirectorysOwnPostgresIsKeptSoThatItIsReused() throws Exception {
        try (ServerSocket orphan = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = orphan.getLocalPort();
            Files.writeString(dataDir.resolve("postmaster.pid"),
                    "12345\n" + dataDir + "\n1733550000\n" + port + "\n/tmp\n127.0.0.1\n");
            assertThat(EmbeddedPostgresConfiguration.port(port, dataDir)).isEqualTo(port);
        }
    }
}
