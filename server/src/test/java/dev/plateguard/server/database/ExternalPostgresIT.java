package dev.plateguard.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;

/**
 * The same server against an external PostgreSQL given by SPRING_DATASOURCE_URL: here Debian's PostgreSQL 15,
 * which bin/test-deps installs and starts. Runs in the `external-db` Maven profile (bin/test).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExternalPostgresIT {

    private static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("plateguard-external-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("plateguard.data-dir", DATA_DIR::toString);
        registry.add("spring.datasource.url", () -> required("plateguard.test.external-db-url"));
        registry.add("spring.datasource.username", () -> required("plateguard.test.external-db-username"));
        registry.add("spring.datasource.password", () -> required("plateguard.test.external-db-password"));
        // docs/database-roles.sql: migrations as the owner, the server as the application role
        registry.add("spring.flyway.user", () -> required("plateguard.test.external-db-owner"));
        registry.add("spring.flyway.password", () -> required("plateguard.test.external-db-owner-password"));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("-D" + property + " is required; run bin/test");
        }
        return value;
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Test
    void runsOnExternalPostgresWithoutStartingAnEmbeddedOne() {
        assertThat(context.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
        assertThat(Files.exists(DATA_DIR.resolve("postgres"))).isFalse();
        String version = jdbc.sql("show server_version").query(String.class).single();
        assertThat(version).startsWith("15");
        assertThat(jdbc.sql("select count(*) from flyway_schema_history where success").query(Long.class).single())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void runsAsTheApplicationRoleWhichCannotRewriteTheAuditOrAlterTables() {
        assertThat(jdbc.sql("select current_user").query(String.class).single())
                .isEqualTo(required("plateguard.test.external-db-username"));
        assertThat(jdbc.sql("select tableowner from pg_tables where tablename = 'audit_event'").query(String.class)
                .single()).isEqualTo(required("plateguard.test.external-db-owner"));
        jdbc.sql("insert into audit_event (actor_type, actor, action, outcome) values ('system', 'test', 'probe', 'success')")
                .update();
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event").update()).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("alter table audit_event disable trigger all").update()).rootCause()
                .hasMessageContaining("must be owner");
        assertThatThrownBy(() -> jdbc.sql("create table intruder (id int)").update()).rootCause()
                .hasMessageContaining("permission denied");
    }

    @Test
    void ingestsAndServesAReadEndToEnd() {
        var client = new TestClient("http://127.0.0.1:" + port);
        var admin = client.setupFirstAdmin(DATA_DIR.resolve("setup-token"));
        var device = client.device(admin);
        String metadata = """
                {"eventId":"ext-1","capturedAt":"%s","plate":{"text":"01 123 ABC","confidence":0.9}}"""
                .formatted(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));
        var created = client.postMultipart("/api/v1/reads", device.key(), new TestClient.Multipart()
                .json("metadata", metadata).file("image", "p.jpg", "image/jpeg", TestMedia.jpeg(200, 60, "01 123 ABC", 5)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var again = client.postMultipart("/api/v1/reads", device.key(), new TestClient.Multipart()
                .json("metadata", metadata).file("image", "p.jpg", "image/jpeg", TestMedia.jpeg(200, 60, "01 123 ABC", 5)));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(created.json().get("id").asLong());

        String operator = client.userToken(admin, "OPERATOR");
        var found = client.get("/api/v1/reads?plate=01123ABC" + dev.plateguard.server.reads.InvestigationParams.QUERY, operator);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("items")).hasSize(1);
        assertThat(found.json().get("items").get(0).get("plateFormat").asString()).isEqualTo("UZ_LEGAL_ENTITY");

        assertThatThrownBy(() -> jdbc.sql("delete from audit_event").update()).rootCause().hasMessageContaining("permission denied");
    }
}
