package dev.plateguard.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.PlateGuardApplication;

/** The server refuses to run as a database superuser, and records which cluster is its own. */
class DatabaseRolesIT extends IntegrationTest {

    @Autowired
    @Qualifier("databaseOwner")
    HikariDataSource owner;

    @Test
    void aServerConnectingAsASuperuserRefusesToStart() throws Exception {
        Path otherData = Files.createTempDirectory("plateguard-superuser-");
        String password = Files.readString(DATA_DIR.resolve("db-password")).strip();
        var application = new SpringApplicationBuilder(PlateGuardApplication.class).properties(
                "spring.datasource.url=" + owner.getJdbcUrl(),
                "spring.datasource.username=postgres",
                "spring.datasource.password=" + password,
                "plateguard.data-dir=" + otherData,
                "server.port=0",
                "server.address=127.0.0.1");
        assertThatThrownBy(application::run).rootCause()
                .hasMessageContaining("as the superuser 'postgres'")
                .hasMessageContaining("PLATEGUARD_DATABASE_ALLOW_SUPERUSER");
    }

    @Test
    void theClustersSystemIdentifierIsRecordedOwnerOnly() throws Exception {
        Path recorded = DATA_DIR.resolve("db-system-id");
        assertThat(Files.readString(recorded).strip())
                .isEqualTo(jdbc.sql("select system_identifier::text from pg_control_system()").query(String.class).single());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(recorded)))
                .isEqualTo("rw-------");
    }
}
