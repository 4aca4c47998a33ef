package dev.plateguard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Bulk history for the search benchmark, straight into the embedded database with COPY: a load tool, not a way in
 * for cameras (they go through the API, which stores each read with its detection, passage and alert jobs; history
 * loaded here gets none). Columns are filled exactly as ingest fills them (see server ingest/ReadWriter): plate
 * columns from the plates module, the canonical metadata JSON, and its SHA-256 as content hash.
 *
 * <p>It connects as the embedded cluster's owner, whose password and port the server keeps in its data directory
 * ({@code db-password}, {@code postgres/postmaster.pid}), so it works only on a bench's own fresh data directory.
 */
final class ReadLoader implements AutoCloseable {

    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    static final String COLUMNS = "camera_id, site_id, device_key_id, event_id, captured_at, received_at, plate_text, "
            + "plate_normalized, plate_folded, plate_country, plate_format, plate_region, plate_confidence, speed_kmh, "
            + "metadata, content_hash, plate_source";

    private final Connection connection;

    private ReadLoader(Connection connection) {
        this.connection = connection;
    }

    /** Connects to the embedded database of the server whose data directory is {@code dataDir}. */
    static ReadLoader open(Path dataDir) throws IOException, SQLException {
        String password = Files.readString(dataDir.resolve("db-password")).strip();
        // postmaster.pid: pid, data directory, start time, port, ...
        int port = Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(3).strip());
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", password);
        return new ReadLoader(DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p));
    }

    Connection connection() {
        return connection;
    }

    /** A camera's ids as plate_read stores them. */
    record CameraIds(long cameraId, long siteId, long deviceKeyId) {
    }

    /** The definitions of plate_read's indexes that back no constraint, to drop before a bulk load and build after. */
    List<String> secondaryIndexes() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("""
                select indexname, indexdef from pg_indexes i
                where schemaname = 'public' and tablename = 'plate_read'
                  and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
                order by indexname""")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "\t" + rs.getString(2));
            }
        }
        return out;
    }

    void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    long queryLong(String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * COPYs every read of {@code population} ending at {@code end}; {@code cameras[site][direction]}. Answers how many.
     */
    long load(ReadPopulation population, Instant end, CameraIds[][] cameras) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long[] count = {0};
        execute("set synchronous_commit = off");
        // No foreign-key checks row by row (the cameras, sites and keys are the ones just created): the owner's
        // session acts as a replica would, for this load only.
        execute("set session_replication_role = replica");
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy plate_read (" + COLUMNS + ") from stdin (format text)");
        try {
            StringBuilder row = new StringBuilder(1024);
            StringBuilder json = new StringBuilder(400);
            byte[][] chunk = {new byte[1 << 20]};
            int[] used = {0};
            population.forEachRead(end, read -> {
                CameraIds ids = cameras[read.site()][read.camera()];
                long n = count[0]++;
                String eventId = "hist-" + n;
                var v = read.vehicle();
                String captured = read.capturedAt().atOffset(ReadPopulation.LOCAL).format(ISO);
                json.setLength(0);
                // The canonical metadata as ingest writes it (record order, nulls left out).
                json.append("{\"eventId\":\"").append(eventId).append("\",\"capturedAt\":\"").append(captured)
                        .append("\",\"plate\":{\"text\":\"").append(v.plate()).append("\",\"confidence\":")
                        .append(read.confidence()).append(",\"country\":\"").append(v.kind().country)
                        .append("\"},\"vehicle\":{\"type\":\"").append(v.type()).append("\",\"color\":\"")
                        .append(v.colour()).append("\",\"make\":\"").append(v.make()).append("\"},\"speedKmh\":")
                        .append(read.speedKmh()).append(",\"lane\":").append(read.lane()).append('}');
                byte[] metadata = json.toString().getBytes(StandardCharsets.UTF_8);
                byte[] hash = sha.digest(metadata);
                var c = v.columns();
                row.setLength(0);
                row.append(ids.cameraId()).append('\t').append(ids.siteId()).append('\t').append(ids.deviceKeyId())
                        .append('\t').append(eventId).append('\t').append(captured).append('\t')
                        .append(read.capturedAt().plusMillis(800 + n % 3000).atOffset(ReadPopulation.LOCAL).format(ISO))
                        .append('\t').append(v.plate()).append('\t').append(c.normalized()).append('\t').append(c.folded())
                        .append('\t').append(c.country()).append('\t').append(c.format()).append('\t')
                        .append(c.region() == null ? "\\N" : c.region()).append('\t').append(read.confidence())
                        .append('\t').append(read.speedKmh()).append('\t').append(json).append("\t\\\\x")
                        .append(HEX.formatHex(hash)).append("\tcamera\n");
                byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
                if (used[0] + bytes.length > chunk[0].length) {
                    copy.writeToCopy(chunk[0], 0, used[0]);
                    used[0] = 0;
                }
                System.arraycopy(bytes, 0, chunk[0], used[0], bytes.length);
                used[0] += bytes.length;
            });
            copy.writeToCopy(chunk[0], 0, used[0]);
            copy.endCopy();
            execute("set session_replication_role = origin");
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        return count[0];
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
