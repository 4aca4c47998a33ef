package dev.plateguard.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.server.IntegrationTest;

/** The embedded cluster is closed to other local accounts: no password, no connection. */
class EmbeddedDatabaseSecurityIT extends IntegrationTest {

    @Autowired
    EmbeddedPostgres postgres;

    private Connection connect(String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", props);
    }

    @Test
    void aConnectionWithoutThePasswordIsRefused() {
        assertThatThrownBy(() -> connect("postgres", null).close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> connect("postgres", "postgres").close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void thePasswordIsInAnOwnerOnlyFileAndOpensTheDatabase() throws Exception {
        Path file = DATA_DIR.resolve("db-password");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String password = Files.readString(file).strip();
        assertThat(password).startsWith("pgdb_").hasSizeGreaterThan(40);
        try (Connection c = connect("postgres", password); var st = c.createStatement();
             var rs = st.executeQuery("select count(*) from pg_hba_file_rules where auth_method <> 'scram-sha-256'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("rules other than scram-sha-256").isZero();
        }
    }
}
