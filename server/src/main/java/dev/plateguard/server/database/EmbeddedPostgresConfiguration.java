package dev.plateguard.server.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import dev.plateguard.server.DataDirectory;
import dev.plateguard.server.PlateGuardProperties;

/**
 * The embedded default: a real PostgreSQL 17 whose files live under {@code <data dir>/postgres}.
 * Active only when no {@code spring.datasource.url} is configured.
 *
 * <p>Closed to other local accounts: the superuser has a random password kept in {@code <data dir>/db-password}
 * (0600), and {@code pg_hba.conf} allows only {@code scram-sha-256}, so a password-less {@code psql} is refused.
 * A cluster created before this rule (trust authentication) is closed at its next start. Every start also checks
 * that the server answering on the port runs on this data directory, and refuses to use another installation's.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(PlateGuardProperties properties) throws IOException {
        Path dir = properties.dataDir().toAbsolutePath().normalize().resolve("postgres");
        DataDirectory.createPrivate(dir.getParent(), dir.getParent());
        String password = EmbeddedDatabasePassword.readOrCreate(dir.getParent().resolve("db-password"));
        long started = System.nanoTime();
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    // zonky's own readiness checks sign in with it too (a fresh cluster still trusts until closed below)
                    .setConnectConfig("password", password)
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setCleanDataDirectory(false)
                    .setPort(port(properties.embeddedDb().port(), dir))
                    // zonky switches both off for speed; evidence of offences must survive a power cut.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            // Typically another PostgreSQL (another installation, or one left behind) holds the port: its
            // password check fails, so this one neither starts nor joins it.
            throw new IllegalStateException("The embedded PostgreSQL did not come up on 127.0.0.1:"
                    + properties.embeddedDb().port() + " (" + rootCause(e) + "). If another PostgreSQL holds that "
                    + "port, stop it or set PLATEGUARD_EMBEDDED_DB_PORT to a free port.", e);
        }
        try {
            EmbeddedDatabasePassword.close(postgres, dir, password);
        } catch (RuntimeException | IOException e) {
            postgres.close();
            throw e;
        }
        log.info("Embedded PostgreSQL on 127.0.0.1:{} with data in {} ({} ms)", postgres.getPort(), dir,
                (System.nanoTime() - started) / 1_000_000);
        return postgres;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgres postgres, PlateGuardProperties properties) throws IOException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPassword(EmbeddedDatabasePassword.readOrCreate(
                properties.dataDir().toAbsolutePath().normalize().resolve("db-password")));
        config.setMaximumPoolSize(16);
        config.setPoolName("plateguard-embedded");
        return new HikariDataSource(config);
    }

    /**
     * The port to start on: the configured one, unless another program holds it. A PostgreSQL of this data
     * directory left behind by a killed JVM (its {@code postmaster.pid} names the port) keeps it, so that it is
     * found and reused; anything else on the port (another installation) makes this one take a free port instead
     * of failing or sharing.
     */
    static int port(int configured, Path dataDir) {
        if (configured == 0 || isFree(configured) || heldByThisCluster(configured, dataDir)) {
            return configured;
        }
        log.warn("Port {} is held by another program (another PlateGuard?); the embedded PostgreSQL takes a free port",
                configured);
        return 0;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean heldByThisCluster(int port, Path dataDir) {
        try {
            List<String> pid = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return pid.size() > 3 && pid.get(3).strip().equals(Integer.toString(port)); // line 4: the port
        } catch (IOException e) {
            return false;
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
