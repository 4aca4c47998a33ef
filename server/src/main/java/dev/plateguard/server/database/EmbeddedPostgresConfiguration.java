package dev.plateguard.server.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

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
 *
 * <p>Two roles: the superuser owns the tables and runs the migrations ({@code databaseOwner}); the application
 * runs as {@value DatabaseRoles#EMBEDDED_APP_ROLE} (password in {@code <data dir>/db-app-password}), which may
 * read and write rows but not alter tables, disable triggers, or change or remove audit entries.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(PlateGuardProperties properties) throws IOException {
        Path dir = properties.dataDir().toAbsolutePath().normalize().resolve("postgres");
        return start(properties, port(properties.embeddedDb().port(), dir));
    }

    /**
     * Starts (or reuses) the cluster on {@code port} and closes it to other local accounts. A port found free a moment
     * ago can be taken before this PostgreSQL binds it (two installations starting at once): then another PostgreSQL
     * answers, is recognised as not ours, and this one starts again on a free port.
     */
    EmbeddedPostgres start(PlateGuardProperties properties, int port) throws IOException {
        Path dir = properties.dataDir().toAbsolutePath().normalize().resolve("postgres");
        DataDirectory.createPrivate(dir.getParent(), dir.getParent());
        String password = EmbeddedDatabasePassword.readOrCreate(ownerPasswordFile(properties));
        String appPassword = EmbeddedDatabasePassword.readOrCreate(appPasswordFile(properties));
        boolean reusing = EmbeddedCluster.runningPort(dir).isPresent();
        try {
            return startOn(dir, port, password, appPassword);
        } catch (IllegalStateException e) {
            if (reusing || port == 0) {
                throw e;
            }
            log.warn("Port {} was taken while this PostgreSQL started (another PlateGuard starting at the same time?): "
                    + "taking a free port ({})", port, e.getMessage());
            awaitPostmasterGone(dir, Duration.ofSeconds(30));
            return startOn(dir, 0, password, appPassword);
        }
    }

    private static EmbeddedPostgres startOn(Path dir, int port, String password, String appPassword) throws IOException {
        long started = System.nanoTime();
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    // zonky's own readiness checks sign in with it too (a fresh cluster still trusts until closed below)
                    .setConnectConfig("password", password)
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setCleanDataDirectory(false)
                    .setPort(port)
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
            throw new IllegalStateException("The embedded PostgreSQL did not come up on 127.0.0.1:" + port + " ("
                    + rootCause(e) + "). If another PostgreSQL holds that port, stop it or set "
                    + "PLATEGUARD_EMBEDDED_DB_PORT to a free port.", e);
        }
        try {
            EmbeddedDatabasePassword.close(postgres, dir, password);
            EmbeddedDatabasePassword.ensureApplicationRole(postgres, appPassword);
        } catch (RuntimeException | IOException e) {
            postgres.close();
            throw e;
        }
        log.info("Embedded PostgreSQL on 127.0.0.1:{} with data in {} ({} ms)", postgres.getPort(), dir,
                (System.nanoTime() - started) / 1_000_000);
        return postgres;
    }

    /** What the application runs as: {@value DatabaseRoles#EMBEDDED_APP_ROLE}, no superuser, no table owner. */
    @Bean(destroyMethod = "close")
    @Primary
    HikariDataSource dataSource(EmbeddedPostgres postgres, PlateGuardProperties properties) throws IOException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl(DatabaseRoles.EMBEDDED_APP_ROLE, "postgres"));
        config.setUsername(DatabaseRoles.EMBEDDED_APP_ROLE);
        config.setPassword(EmbeddedDatabasePassword.readOrCreate(appPasswordFile(properties)));
        config.setMaximumPoolSize(16);
        // While the database is down a request waits this long for a connection, then gets 503 with Retry-After.
        config.setConnectionTimeout(5_000);
        config.setPoolName("plateguard-embedded");
        return new HikariDataSource(config);
    }

    /**
     * The owner (the cluster's superuser): Flyway migrates with it and grants the application role its rights.
     * Its connections close when idle, so the running server holds none.
     */
    @Bean(destroyMethod = "close")
    @FlywayDataSource
    HikariDataSource databaseOwner(EmbeddedPostgres postgres, PlateGuardProperties properties) throws IOException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPassword(EmbeddedDatabasePassword.readOrCreate(ownerPasswordFile(properties)));
        config.setMaximumPoolSize(4); // Flyway holds a lock connection besides the migrating one
        config.setMinimumIdle(0);
        config.setIdleTimeout(10_000);
        config.setPoolName("plateguard-embedded-owner");
        return new HikariDataSource(config);
    }

    static Path ownerPasswordFile(PlateGuardProperties properties) {
        return properties.dataDir().toAbsolutePath().normalize().resolve("db-password");
    }

    static Path appPasswordFile(PlateGuardProperties properties) {
        return properties.dataDir().toAbsolutePath().normalize().resolve("db-app-password");
    }

    /**
     * The port to start on. A PostgreSQL of this data directory left behind by a killed JVM still runs on the
     * port its {@code postmaster.pid} names: that port is taken, so that the cluster is found and reused (its data
     * directory is checked once connected) rather than a second one started on the same files. Otherwise the
     * configured port, unless another program holds it (another installation): then a free one, never sharing.
     */
    static int port(int configured, Path dataDir) {
        OptionalInt leftBehind = EmbeddedCluster.runningPort(dataDir);
        if (leftBehind.isPresent()) {
            log.info("A PostgreSQL of this data directory still runs on port {} (the server stopped without "
                    + "stopping it); reusing it", leftBehind.getAsInt());
            return leftBehind.getAsInt();
        }
        if (configured == 0 || EmbeddedCluster.isFree(configured)) {
            return configured;
        }
        log.warn("Port {} is held by another program (another PlateGuard?); the embedded PostgreSQL takes a free port",
                configured);
        return 0;
    }

    /**
     * The failed attempt's {@code pg_ctl} and postmaster can still be running (zonky gave up on them when another
     * PostgreSQL answered, before they noticed the port was taken): a second start on the same files before they are
     * gone would fail on the {@code postmaster.pid} lock.
     */
    private static void awaitPostmasterGone(Path dir, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline && postmasterAlive(dir)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean postmasterAlive(Path dir) {
        String directory = dir.toString();
        boolean ourProcessOnIt = ProcessHandle.current().descendants()
                .anyMatch(p -> p.info().commandLine().map(c -> c.contains(directory)).orElse(false));
        if (ourProcessOnIt) {
            return true;
        }
        try {
            String pid = Files.readAllLines(dir.resolve("postmaster.pid")).getFirst().strip();
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false; // no lock file (or one being written): nothing holds the directory
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
