package dev.plateguard.server.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.plateguard.server.DataDirectory;
import dev.plateguard.server.identity.Secrets;

/**
 * The embedded cluster's superuser password and its closing: SCRAM authentication only, and a check that the
 * server on the port is the one on this data directory.
 */
final class EmbeddedDatabasePassword {

    /** Only password (SCRAM) connections, from this host. */
    static final String PG_HBA = """
            # Written by PlateGuard: password (SCRAM) authentication only, from this host only.
            local   all   all                 scram-sha-256
            host    all   all   127.0.0.1/32  scram-sha-256
            host    all   all   ::1/128       scram-sha-256
            """;

    private EmbeddedDatabasePassword() {
    }

    /** The password in {@code file}; a new random one, written owner-only, when there is none. */
    static String readOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!password.isEmpty()) {
                return password;
            }
        }
        DataDirectory.createPrivate(file.getParent(), file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, DataDirectory.ownerOnlyFile());
        String password = Secrets.generate("pgdb_");
        Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return password;
    }

    /**
     * Makes sure the server answering is this cluster, gives its superuser the password, and allows only SCRAM
     * from now on (reloading the configuration when it changed).
     *
     * @throws IllegalStateException when another cluster answers on the port
     */
    static void close(EmbeddedPostgres postgres, Path dataDir, String password) throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            String served;
            try (ResultSet rs = st.executeQuery("show data_directory")) {
                rs.next();
                served = rs.getString(1);
            }
            if (!Path.of(served).toRealPath().equals(dataDir.toRealPath())) {
                throw new IllegalStateException("Port " + postgres.getPort() + " is answered by another PostgreSQL ("
                        + "data directory " + served + "), not this installation's (" + dataDir + "). Stop it, or set "
                        + "PLATEGUARD_EMBEDDED_DB_PORT to a free port.");
            }
            checkSystemIdentifier(st, dataDir.getParent().resolve("db-system-id"));
            st.execute("alter role postgres password '" + password.replace("'", "''") + "'");
            Path hba = dataDir.resolve("pg_hba.conf");
            if (!PG_HBA.equals(Files.readString(hba, StandardCharsets.UTF_8))) {
                Files.writeString(hba, PG_HBA, StandardCharsets.UTF_8);
                try (ResultSet rs = st.executeQuery("select pg_reload_conf()")) {
                    rs.next();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot secure the embedded database on port " + postgres.getPort()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The cluster's system identifier (set by initdb, unique per cluster) must be the one recorded at the first
     * start: a data directory swapped for another cluster's files is refused rather than served.
     */
    private static void checkSystemIdentifier(Statement st, Path recorded) throws SQLException, IOException {
        String id;
        try (ResultSet rs = st.executeQuery("select system_identifier::text from pg_control_system()")) {
            rs.next();
            id = rs.getString(1);
        }
        if (!Files.exists(recorded)) {
            Files.writeString(Files.createFile(recorded, DataDirectory.ownerOnlyFile()), id + "\n");
        } else if (!Files.readString(recorded).strip().equals(id)) {
            throw new IllegalStateException("The embedded PostgreSQL under " + recorded.getParent() + " is cluster "
                    + id + ", not the one this installation created (" + Files.readString(recorded).strip()
                    + ", recorded in " + recorded + "). Restore the right data directory.");
        }
    }

    /** Creates (or resets the password of) the application's login role: no superuser, no role or database creation. */
    static void ensureApplicationRole(EmbeddedPostgres postgres, String password) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("do $$ begin if not exists (select from pg_roles where rolname = '"
                    + DatabaseRoles.EMBEDDED_APP_ROLE + "') then create role " + DatabaseRoles.EMBEDDED_APP_ROLE
                    + "; end if; end $$");
            st.execute("alter role " + DatabaseRoles.EMBEDDED_APP_ROLE + " with login nosuperuser nocreatedb "
                    + "nocreaterole noreplication nobypassrls password '" + password.replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the application role in the embedded database: "
                    + e.getMessage(), e);
        }
    }
}
