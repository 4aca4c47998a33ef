package dev.plateguard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.IntegrationTest;

/**
 * {@code bin/plateguard verify-audit}, run in-process through its entry point: an external database (the
 * SPRING_DATASOURCE_* settings), the embedded database of a running server, and that of a stopped one.
 */
class VerifyAuditCommandIT extends IntegrationTest {

    /** The owner (the cluster's superuser): the application's own role may not create databases. */
    @Autowired
    @Qualifier("databaseOwner")
    DataSource shared;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VerifyAuditCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anExternalDatabaseIsVerifiedWithTheServersSettings() throws Exception {
        try (var db = new AuditChainDatabase(shared, JdbcClient.create(shared), "latest")) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(db.append("cli" + i));
            }
            db.checkpoints().checkpoint(false);
            String[] args = {"--spring.datasource.url=" + db.url, "--spring.datasource.username=" + db.username,
                    "--spring.datasource.password=" + db.password, "--plateguard.data-dir=" + db.dir,
                    "--plateguard.keys-dir=" + db.keysDir(), "--plateguard.audit.checkpoint-file=" + db.checkpointFile};
            Run intact = run(args);
            assertThat(intact.exit()).as(intact.toString()).isZero();
            assertThat(intact.out()).contains("Audit log intact: 6 entries, head id " + ids.getLast(), "1 checkpoints checked");

            db.tamper("update audit_event set target = 'elsewhere' where id = " + ids.get(3));
            Run broken = run(args);
            assertThat(broken.exit()).as(broken.toString()).isEqualTo(VerifyAuditCommand.BROKEN);
            assertThat(broken.out()).contains("BROKEN at entry " + ids.get(3) + ": edited", "last intact entry " + ids.get(2));

            // Another key (another installation's) is not this chain's.
            Path otherKeys = Files.createTempDirectory("plateguard-other-keys-");
            Files.writeString(otherKeys.resolve("audit-chain.key"), HexFormat.of().formatHex(new byte[32]));
            args[4] = "--plateguard.keys-dir=" + otherKeys;
            assertThat(run(args).exit()).isEqualTo(VerifyAuditCommand.BROKEN);
            // No key at all: cannot verify, and no key is made up.
            Path noKeys = Files.createTempDirectory("plateguard-no-keys-");
            args[4] = "--plateguard.keys-dir=" + noKeys;
            Run keyless = run(args);
            assertThat(keyless.exit()).isEqualTo(VerifyAuditCommand.CANNOT_VERIFY);
            assertThat(keyless.err()).contains("No audit chain key");
            assertThat(noKeys.resolve("audit-chain.key")).doesNotExist();
        }
    }

    @Test
    void theRunningServersEmbeddedDatabaseIsVerifiedInPlace() {
        admin();
        Run result = run("--plateguard.data-dir=" + DATA_DIR);
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Audit log intact:");
        // The server's database still answers: nothing was stopped.
        assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isPositive();
    }

    @Test
    void aStoppedInstallationIsStartedVerifiedAndStoppedAgain() throws Exception {
        Path dataDir = Files.createTempDirectory("plateguard-stopped-");
        Path keys = dataDir.resolve("keys");
        Files.createDirectories(keys);
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Files.writeString(keys.resolve("audit-chain.key"), HexFormat.of().formatHex(key));
        List<Long> ids = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).setPort(0).start()) {
            DataSource ds = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            var writer = new AuditChainWriter(JdbcClient.create(ds),
                    new TransactionTemplate(new DataSourceTransactionManager(ds)), new AuditChain(key));
            for (int i = 0; i < 4; i++) {
                ids.add(writer.append("system", "plateguard", "test.stopped", null, "success", null, null));
            }
            ids.add(writer.append("user", "alice", "test.stopped", null, "success", null, "{\"x\": 1}"));
        }
        assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
        String[] args = {"--plateguard.data-dir=" + dataDir, "--plateguard.embedded-db.port=0"};
        Run intact = run(args);
        assertThat(intact.exit()).as(intact.toString()).isZero();
        assertThat(intact.out()).contains("Audit log intact: 5 entries", "No checkpoint file");
        assertThat(dataDir.resolve("postgres/postmaster.pid")).as("stopped again").doesNotExist();

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).setPort(0)
                .setConnectConfig("password", Files.readString(dataDir.resolve("db-password")).strip()).start()) {
            JdbcClient.create(postgres.getDatabase("postgres", "postgres")).sql("""
                    set session_replication_role = replica;
                    delete from audit_event where id = %d""".formatted(ids.get(1))).update();
        }
        Run broken = run(args);
        assertThat(broken.exit()).as(broken.toString()).isEqualTo(VerifyAuditCommand.BROKEN);
        assertThat(broken.out()).contains("BROKEN at entry " + ids.get(2) + ": missing", "last intact entry " + ids.get(0));
        assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
    }
}
