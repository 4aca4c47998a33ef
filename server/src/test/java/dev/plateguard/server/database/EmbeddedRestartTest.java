package dev.plateguard.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.plateguard.server.PlateGuardProperties;

/**
 * When the JVM alone dies (kill -9, out of memory), its PostgreSQL keeps running on the data directory. The next
 * start must find and reuse that cluster (never start a second one on the same files, never fail), and a clean
 * stop must leave no PostgreSQL behind.
 */
class EmbeddedRestartTest {

    @TempDir
    Path data;

    @Test
    void aClusterLeftRunningByADeadServerIsReusedAndStoppedCleanlyAfterwards() throws Exception {
        // A server JVM starts the cluster and is then killed -9: its postmaster runs on.
        Process server = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), StartThenHang.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        int port = -1;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("PORT ")) {
                    port = Integer.parseInt(line.substring(5).strip());
                    break;
                }
            }
        }
        assertThat(port).as("the first server's cluster came up").isPositive();
        server.destroyForcibly().waitFor();
        long postmaster = postmasterPid();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isTrue();

        var configuration = new EmbeddedPostgresConfiguration();
        PlateGuardProperties properties = properties(data); // port 0: the left-behind cluster's port is random
        EmbeddedPostgres restarted = configuration.embeddedPostgres(properties);
        assertThat(restarted.getPort()).isEqualTo(port);
        assertThat(postmasterPid()).as("the same postmaster, not a second cluster").isEqualTo(postmaster);
        try (var app = configuration.dataSource(restarted, properties)) {
            assertThat(JdbcClient.create(app).sql("select current_user").query(String.class).single())
                    .isEqualTo(DatabaseRoles.EMBEDDED_APP_ROLE);
        }

        restarted.close();
        ProcessHandle process = ProcessHandle.of(postmaster).orElse(null);
        if (process != null) {
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.exists(data.resolve("postgres/postmaster.pid"))).isFalse();
    }

    @Test
    void aPortTakenByAnotherClusterWhileStartingGivesWayToAFreeOne() throws Exception {
        // Another installation's PostgreSQL took the port after it was found free (two starting at once).
        try (EmbeddedPostgres other = EmbeddedPostgres.builder().setDataDirectory(data.resolve("other"))
                .setCleanDataDirectory(false).setPort(0).start()) {
            EmbeddedPostgres ours = new EmbeddedPostgresConfiguration().start(properties(data), other.getPort());
            try {
                assertThat(ours.getPort()).isNotEqualTo(other.getPort());
                assertThat(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(3).strip())
                        .isEqualTo(Integer.toString(ours.getPort()));
            } finally {
                ours.close();
            }
        }
    }

    private long postmasterPid() throws Exception {
        return Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).strip());
    }

    /** The first server: starts the embedded cluster, says its port, and waits to be killed. */
    public static final class StartThenHang {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgres postgres = new EmbeddedPostgresConfiguration().embeddedPostgres(properties(Path.of(args[0])));
            System.out.println("PORT " + postgres.getPort());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static PlateGuardProperties properties(Path data) {
        var source = new MapConfigurationPropertySource();
        source.put("plateguard.data-dir", data.toString());
        source.put("plateguard.embedded-db.port", "0");
        return new Binder(source).bindOrCreate("plateguard", PlateGuardProperties.class);
    }

}
