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
    void theLiveLeftBehindPostgresOfThisDataDirectoryIsFoundWhateverPortIsConfigured() throws Exception {
        try (ServerSocket orphan = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = orphan.getLocalPort();
            // A live process (this JVM stands in for the postmaster) on the port its postmaster.pid names.
            postmasterPid(ProcessHandle.current().pid(), port);
            assertThat(EmbeddedPostgresConfiguration.port(port, dataDir)).isEqualTo(port);
            assertThat(EmbeddedPostgresConfiguration.port(0, dataDir)).as("tests, or a free port taken earlier")
                    .isEqualTo(port);
            assertThat(EmbeddedPostgresConfiguration.port(15432, dataDir)).isEqualTo(port);
        }
    }

    @Test
    void aStalePostmasterPidIsIgnored() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        postmasterPid(ProcessHandle.current().pid(), free); // process alive, but nothing listens on the port
        assertThat(EmbeddedPostgresConfiguration.port(0, dataDir)).isZero();
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            postmasterPid(Long.MAX_VALUE - 1, other.getLocalPort()); // port busy, but the process is gone
            assertThat(EmbeddedPostgresConfiguration.port(0, dataDir)).isZero();
        }
        Files.writeString(dataDir.resolve("postmaster.pid"), "garbage\n");
        assertThat(EmbeddedPostgresConfiguration.port(0, dataDir)).isZero();
    }

    private void postmasterPid(long pid, int port) throws Exception {
        Files.writeString(dataDir.resolve("postmaster.pid"),
                pid + "\n" + dataDir + "\n1733550000\n" + port + "\n/tmp\n127.0.0.1\n");
    }
}
