package dev.plateguard.server.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database of its own, in the test cluster, for tests that tamper with the audit log as a superuser: the shared
 * database's log (which other test classes assert on) is never touched. Migrated with the real migrations, with
 * its own chain key and checkpoint file. Dropped on close.
 */
final class AuditChainDatabase implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final String name;
    final String url;
    final String username;
    final String password;
    final byte[] key = new byte[32];
    final HikariDataSource dataSource;
    final JdbcClient jdbc;
    final AuditChain chain;
    final AuditChainWriter writer;
    final Path dir;
    final Path checkpointFile;
    private final JdbcClient admin;

    /** A new database migrated to {@code target} ("latest" for all migrations). */
    AuditChainDatabase(DataSource shared, JdbcClient admin, String target) throws Exception {
        this.admin = admin;
        HikariDataSource sharedPool = (HikariDataSource) shared;
        this.name = "audit_chain_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
        admin.sql("create database " + name).update();
        String sharedUrl = sharedPool.getJdbcUrl();
        this.url = sharedUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        this.username = sharedPool.getUsername();
        this.password = sharedPool.getPassword();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(12);
        config.setPoolName(name);
        this.dataSource = new HikariDataSource(config);
        migrate(target);
        new SecureRandom().nextBytes(key);
        this.jdbc = JdbcClient.create(dataSource);
        this.chain = new AuditChain(key);
        this.writer = new AuditChainWriter(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), chain);
        this.dir = Files.createTempDirectory("plateguard-audit-chain-");
        this.checkpointFile = dir.resolve("audit-checkpoints.log");
    }

    void migrate(String target) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(target).load().migrate();
    }

    long append(String actor) {
        return writer.append("user", actor, "test.action", "target:" + actor, "success", "127.0.0.1",
                "{\"n\": 1, \"who\": \"" + actor + "\"}");
    }

    AuditVerifier verifier() {
        return new AuditVerifier(jdbc, chain, checkpointFile);
    }

    AuditVerifier.Verification verify() {
        return verifier().verify();
    }

    AuditCheckpoints checkpoints() {
        return new AuditCheckpoints(writer, chain, checkpointFile, dir, Clock.systemUTC());
    }

    /** Runs statements as a superuser with triggers (append-only, foreign keys) switched off, as an intruder would. */
    void tamper(String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set session_replication_role = replica");
            for (String sql : statements) {
                statement.execute(sql);
            }
            statement.execute("set session_replication_role = origin");
        }
    }

    /** The chain key as a keys directory holds it (for the command line). */
    Path keysDir() throws java.io.IOException {
        Path keys = dir.resolve("keys");
        Files.createDirectories(keys);
        Files.writeString(keys.resolve(AuditChain.KEY_NAME + ".key"), HexFormat.of().formatHex(key) + "\n");
        return keys;
    }

    @Override
    public void close() {
        dataSource.close();
        admin.sql("drop database if exists " + name.toLowerCase(Locale.ROOT) + " with (force)").update();
    }
}
