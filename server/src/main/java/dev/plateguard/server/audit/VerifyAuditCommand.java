package dev.plateguard.server.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalInt;

import javax.sql.DataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.util.StringUtils;

import dev.plateguard.server.InstallationKeys;
import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.database.EmbeddedCluster;

/**
 * {@code bin/plateguard verify-audit}: verifies the audit chain without starting the web server, with the server's
 * own settings (environment variables, {@code --key=value} arguments, application.properties). Exits 0 when the
 * chain is intact, 1 with the first broken entry named when it is not, 2 when it cannot verify.
 *
 * <p>The database: an external one through {@code SPRING_DATASOURCE_*}, as the server uses it. The embedded one:
 * when the server runs, its PostgreSQL holds the data directory (zonky's lock file), so this connects to it on the
 * port in {@code postmaster.pid} with the password in {@code <data dir>/db-password}; when the server is stopped,
 * it starts the embedded PostgreSQL with the server's own configuration (package {@code database}), verifies and
 * stops it again. Do not start the server while this runs on a stopped installation: it would find the data
 * directory locked.
 */
public final class VerifyAuditCommand {

    static final int INTACT = 0;
    static final int BROKEN = 1;
    static final int CANNOT_VERIFY = 2;

    private VerifyAuditCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, true));
    }

    /**
     * The settings the command needs, bound exactly as the server binds them. Not a {@code @Configuration}, so that
     * the server's component scan never picks it (or the next one) up.
     */
    @EnableConfigurationProperties({PlateGuardProperties.class, AuditSettings.class})
    @Import(InstallationKeys.class)
    static class Settings {
    }

    /** The server's embedded-database configuration, for a stopped installation. */
    @ComponentScan("dev.plateguard.server.database")
    static class EmbeddedDatabase {
    }

    /**
     * Runs the command. {@code ownLogging}: let Spring Boot set up logging (quiet, for a process of its own); tests
     * running it in-process pass false so the surrounding JVM's logging is left alone.
     */
    static int run(String[] args, PrintStream out, PrintStream err, boolean ownLogging) {
        SpringApplication application = new SpringApplication(Settings.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        application.setRegisterShutdownHook(false);
        application.setDefaultProperties(Map.of("logging.level.root", "warn", "logging.level.dev.plateguard", "warn"));
        if (!ownLogging) {
            application.setListeners(application.getListeners().stream()
                    .filter(listener -> !(listener instanceof LoggingApplicationListener)).toList());
        }
        try (ConfigurableApplicationContext settings = application.run(args)) {
            PlateGuardProperties properties = settings.getBean(PlateGuardProperties.class);
            InstallationKeys keys = settings.getBean(InstallationKeys.class);
            Path dataDir = properties.dataDir().toAbsolutePath().normalize();
            Path checkpoints = settings.getBean(AuditSettings.class).checkpointFile(dataDir);
            Path keyFile = keys.file(AuditChain.KEY_NAME);
            if (!Files.isRegularFile(keyFile)) {
                err.println("No audit chain key at " + keyFile + " (PLATEGUARD_KEYS_DIR): cannot verify the audit log.");
                return CANNOT_VERIFY;
            }
            AuditChain chain = new AuditChain(keys.key(AuditChain.KEY_NAME));
            try (Database database = connect(settings, dataDir, err)) {
                if (database == null) {
                    return CANNOT_VERIFY;
                }
                JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(database.connection(), true));
                if (!chained(jdbc)) {
                    err.println("The database has no audit chain yet (migration V11 not applied): start the upgraded "
                            + "server once, then verify again.");
                    return CANNOT_VERIFY;
                }
                AuditVerifier.Verification result = new AuditVerifier(jdbc, chain, checkpoints).verify();
                out.println(AuditVerification.summary(result));
                if (result.checkpointsChecked() == 0 && !Files.exists(checkpoints)) {
                    out.println("No checkpoint file at " + checkpoints + " yet: a truncated tail would go unnoticed.");
                }
                return result.intact() ? INTACT : BROKEN;
            }
        } catch (RuntimeException | SQLException e) {
            err.println("Cannot verify the audit log: " + e.getMessage());
            return CANNOT_VERIFY;
        }
    }

    /** A connection, and the embedded PostgreSQL this command started for it (stopped on close), if any. */
    private record Database(Connection connection, ConfigurableApplicationContext embedded) implements AutoCloseable {

        @Override
        public void close() throws SQLException {
            try {
                connection.close();
            } finally {
                if (embedded != null) {
                    embedded.close();
                }
            }
        }
    }

    private static Database connect(ConfigurableApplicationContext settings, Path dataDir, PrintStream err)
            throws SQLException {
        Environment env = settings.getEnvironment();
        String url = env.getProperty("spring.datasource.url");
        if (StringUtils.hasText(url)) {
            return new Database(DriverManager.getConnection(url, env.getProperty("spring.datasource.username"),
                    env.getProperty("spring.datasource.password")), null);
        }
        Path cluster = dataDir.resolve("postgres");
        if (!Files.isRegularFile(cluster.resolve("PG_VERSION"))) {
            err.println("No embedded database under " + cluster + " (PLATEGUARD_DATA_DIR), and no SPRING_DATASOURCE_URL.");
            return null;
        }
        OptionalInt running = EmbeddedCluster.runningPort(cluster);
        if (running.isPresent()) {
            String password = readPassword(dataDir.resolve("db-password"));
            return new Database(DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + running.getAsInt()
                    + "/postgres", "postgres", password), null);
        }
        AnnotationConfigApplicationContext embedded = new AnnotationConfigApplicationContext();
        embedded.setParent(settings);
        embedded.setEnvironment(settings.getEnvironment());
        embedded.register(EmbeddedDatabase.class);
        try {
            embedded.refresh();
            // As the owner, like the running-server case: the application role is granted its rights only by a migration.
            return new Database(embedded.getBean("databaseOwner", DataSource.class).getConnection(), embedded);
        } catch (RuntimeException | SQLException e) {
            embedded.close();
            throw e;
        }
    }

    private static String readPassword(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the database password in " + file, e);
        }
    }

    private static boolean chained(JdbcClient jdbc) {
        return jdbc.sql("""
                select count(*) = 2 from information_schema.columns
                where table_name = 'audit_event' and column_name in ('chain_hash', 'chain_seq')
                  and table_schema = current_schema()""").query(Boolean.class).single()
                && jdbc.sql("select to_regclass('audit_event_seal') is not null").query(Boolean.class).single();
    }
}
