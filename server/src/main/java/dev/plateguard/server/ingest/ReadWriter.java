package dev.plateguard.server.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

import dev.plateguard.server.identity.DevicePrincipal;

/**
 * The storage stage: turns validated reads into rows. Each write is a single SQL statement (one round trip,
 * one WAL flush), so a read row, its evidence rows and their links commit together or not at all.
 */
@Component
class ReadWriter {

    private static final HexFormat HEX = HexFormat.of();

    private static final String READ_COLUMNS = """
            camera_id, site_id, device_key_id, event_id, captured_at, plate_text, plate_normalized, plate_folded,
            plate_country, plate_format, plate_region, plate_confidence, speed_kmh, metadata, content_hash, plate_source""";

    /** {@code plate_read.plate_source} of a read whose text came from the camera (the ingest format names no recogniser). */
    static final String CAMERA_SOURCE = "camera";

    private final DataSource dataSource;
    private final JdbcClient jdbc;

    ReadWriter(DataSource dataSource, JdbcClient jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** id and content hash of an already stored read with this eventId, if any. */
    Optional<Stored> existing(long cameraId, String eventId) {
        return jdbc.sql("select id, content_hash from plate_read where camera_id = ? and event_id = ?")
                .params(cameraId, eventId)
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getBytes(2))).optional();
    }

    record Stored(long id, byte[] contentHash) {
    }

    /** Whether any stored read holds the evidence file {@code sha256}. */
    boolean referenced(String sha256) {
        return jdbc.sql("select exists (select 1 from evidence_file where sha256 = ?)").param(sha256)
                .query(Boolean.class).single();
    }

    /**
     * What {@link #insert} did: the outcome, and the id of the recognition job created with the read (an
     * image-only read: images but no plate text), or null.
     */
    record Inserted(IngestOutcome outcome, Long recognitionJobId) {
    }

    /**
     * Inserts one read with its evidence (whose files are already durable). An image-only read gets its
     * recognition job in the same statement, a read with a plate its detection, passage and hotlist-matching jobs,
     * so that the read and its jobs commit together.
     */
    Inserted insert(DevicePrincipal device, ValidatedRead read, byte[] contentHash, List<IncomingEvidence> evidence) {
        int n = evidence.size();
        String[] shas = new String[n];
        String[] types = new String[n];
        Long[] sizes = new Long[n];
        Integer[] widths = new Integer[n];
        Integer[] heights = new Integer[n];
        Integer[] ordinals = new Integer[n];
        String[] kinds = new String[n];
        for (int i = 0; i < n; i++) {
            IncomingEvidence e = evidence.get(i);
            shas[i] = e.sha256();
            types[i] = e.inspection().type().mime();
            sizes[i] = (long) e.bytes().length;
            widths[i] = e.inspection().width();
            heights[i] = e.inspection().height();
            ordinals[i] = i;
            kinds[i] = e.kind();
        }
        String sql = """
                with r as (
                    insert into plate_read (%s)
                    values (?, ?, ?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                    on conflict (camera_id, event_id) do nothing
                    returning id
                ), files as (
                    insert into evidence_file (sha256, content_type, size_bytes, width, height)
                    select * from unnest(?::text[], ?::text[], ?::bigint[], ?::int[], ?::int[])
                    where exists (select 1 from r)
                    on conflict (sha256) do nothing
                ), links as (
                    insert into read_evidence (read_id, ordinal, sha256, kind)
                    select r.id, u.ordinal, u.sha256, u.kind from r, unnest(?::int[], ?::text[], ?::text[]) as u(ordinal, sha256, kind)
                ), job as (
                    insert into recognition_job (read_id, recognition_id)
                    select r.id, nextval(pg_get_serial_sequence('read_recognition', 'id')) from r where ?::boolean
                    returning id
                ), detection as (
                    insert into detection_job (read_id) select r.id from r where not ?::boolean
                ), passage as (
                    insert into passage_job (read_id) select r.id from r where not ?::boolean
                ), alerts as (
                    insert into alert_job (read_id) select r.id from r where not ?::boolean
                )
                select id, (select id from job) from r""".formatted(READ_COLUMNS);
        // no plate text but something to read it from: an image, or a clip (read frame by frame and fused)
        boolean toRecognise = read.plate() == null && evidence.stream().anyMatch(e -> e.kind().equals("image")
                || e.kind().equals("video"));
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = bindRead(ps, 1, device, read, contentHash);
            ps.setArray(i++, connection.createArrayOf("text", shas));
            ps.setArray(i++, connection.createArrayOf("text", types));
            ps.setArray(i++, connection.createArrayOf("bigint", sizes));
            ps.setArray(i++, connection.createArrayOf("int4", widths));
            ps.setArray(i++, connection.createArrayOf("int4", heights));
            ps.setArray(i++, connection.createArrayOf("int4", ordinals));
            ps.setArray(i++, connection.createArrayOf("text", shas));
            ps.setArray(i++, connection.createArrayOf("text", kinds));
            ps.setBoolean(i++, toRecognise);
            ps.setBoolean(i++, read.plate() == null);
            ps.setBoolean(i++, read.plate() == null);
            ps.setBoolean(i, read.plate() == null);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new Inserted(new IngestOutcome(IngestOutcome.Status.CREATED, rs.getLong(1), read.eventId()),
                            (Long) rs.getObject(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing read failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        // Lost a race with an identical or conflicting submission of the same eventId.
        Stored stored = existing(device.cameraId(), read.eventId()).orElseThrow();
        return new Inserted(compare(stored, contentHash, read.eventId()), null);
    }

    /** A read whose evidence is durable, waiting for its row. */
    record Pending(DevicePrincipal device, ValidatedRead read, byte[] contentHash, List<IncomingEvidence> evidence) {

        /** The row as it will be stored. */
        ReadRow row() {
            var plate = read.plate();
            List<ReadRow.File> files = new ArrayList<>(evidence.size());
            for (IncomingEvidence e : evidence) {
                files.add(new ReadRow.File(e.sha256(), e.inspection().type().mime(), e.bytes().length,
                        e.inspection().width(), e.inspection().height(), e.kind()));
            }
            // no plate text but something to read it from: an image, or a clip (read frame by frame and fused)
            boolean recognise = plate == null && evidence.stream().anyMatch(e -> e.kind().equals("image")
                    || e.kind().equals("video"));
            return new ReadRow(device.cameraId(), device.siteId(), device.keyId(), read.eventId(),
                    read.capturedAt().toString(), read.metadata().plate() == null ? null : read.metadata().plate().text(),
                    plate == null ? null : plate.normalized(), read.plateFolded(),
                    plate == null ? null : plate.country().name(), plate == null ? null : plate.format().name(),
                    plate == null ? null : plate.region(),
                    read.plateConfidence() == null ? null : read.plateConfidence().floatValue(),
                    read.metadata().speedKmh() == null ? null : read.metadata().speedKmh().floatValue(),
                    new String(read.canonicalJson(), StandardCharsets.UTF_8), HEX.formatHex(contentHash),
                    plate == null ? null : CAMERA_SOURCE, recognise, files);
        }
    }

    /**
     * Inserts the reads of a group commit, each with its evidence and jobs as {@link #insert} does, in one statement:
     * one round trip and one WAL flush for the whole group. Reads may come from different cameras. The results keep
     * the order of {@code group}; a read whose eventId was taken (by an earlier read or one earlier in this group)
     * gets DUPLICATE or CONFLICT exactly as alone. Idempotent: writing the same rows again stores nothing twice.
     */
    List<Inserted> insertGroup(List<ReadRow> group) {
        Map<String, Integer> firstByKey = new HashMap<>();
        List<Integer> unique = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            if (firstByKey.putIfAbsent(group.get(i).key(), i) == null) {
                unique.add(i);
            }
        }
        int n = unique.size();
        Integer[] index = new Integer[n];
        Long[] cameras = new Long[n], sites = new Long[n], keys = new Long[n];
        String[] eventIds = new String[n], captured = new String[n], texts = new String[n], normalized = new String[n],
                folded = new String[n], countries = new String[n], formats = new String[n], regions = new String[n],
                metadata = new String[n], hashes = new String[n], sources = new String[n];
        Float[] confidences = new Float[n], speeds = new Float[n];
        Boolean[] recognise = new Boolean[n], withPlate = new Boolean[n];
        List<Integer> fileIndex = new ArrayList<>(), fileOrdinal = new ArrayList<>(), fileWidth = new ArrayList<>(),
                fileHeight = new ArrayList<>();
        List<String> fileSha = new ArrayList<>(), fileType = new ArrayList<>(), fileKind = new ArrayList<>();
        List<Long> fileSize = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int i = unique.get(k);
            ReadRow row = group.get(i);
            index[k] = i;
            cameras[k] = row.cameraId();
            sites[k] = row.siteId();
            keys[k] = row.deviceKeyId();
            eventIds[k] = row.eventId();
            captured[k] = row.capturedAt();
            texts[k] = row.plateText();
            normalized[k] = row.plateNormalized();
            folded[k] = row.plateFolded();
            countries[k] = row.plateCountry();
            formats[k] = row.plateFormat();
            regions[k] = row.plateRegion();
            confidences[k] = row.plateConfidence();
            speeds[k] = row.speedKmh();
            metadata[k] = row.metadata();
            hashes[k] = row.contentHash();
            sources[k] = row.plateSource();
            recognise[k] = row.recognise();
            withPlate[k] = row.plateNormalized() != null;
            for (int o = 0; o < row.evidence().size(); o++) {
                ReadRow.File e = row.evidence().get(o);
                fileIndex.add(i);
                fileOrdinal.add(o);
                fileSha.add(e.sha256());
                fileType.add(e.contentType());
                fileSize.add(e.sizeBytes());
                fileWidth.add(e.width());
                fileHeight.add(e.height());
                fileKind.add(e.kind());
            }
        }
        String sql = """
                with input as (
                    select * from unnest(?::int[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[],
                                         ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::real[],
                                         ?::real[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::boolean[])
                        as u(idx, camera_id, site_id, device_key_id, event_id, captured_at, text, normalized, folded,
                             country, format, region, confidence, speed, metadata, hash, source, recognise, with_plate)
                ), r as (
                    insert into plate_read (%s)
                    select camera_id, site_id, device_key_id, event_id, captured_at::timestamptz, text, normalized,
                           folded, country, format, region, confidence, speed, metadata::jsonb, decode(hash, 'hex'), source
                    from input order by idx
                    on conflict (camera_id, event_id) do nothing
                    returning id, camera_id, event_id
                ), stored as (
                    select r.id, i.idx, i.recognise, i.with_plate from r join input i using (camera_id, event_id)
                ), evidence as (
                    select * from unnest(?::int[], ?::int[], ?::text[], ?::text[], ?::bigint[], ?::int[], ?::int[], ?::text[])
                        as e(idx, ordinal, sha256, content_type, size_bytes, width, height, kind)
                ), files as (
                    insert into evidence_file (sha256, content_type, size_bytes, width, height)
                    select distinct on (e.sha256) e.sha256, e.content_type, e.size_bytes, e.width, e.height
                    from evidence e join stored s on s.idx = e.idx order by e.sha256
                    on conflict (sha256) do nothing
                ), links as (
                    insert into read_evidence (read_id, ordinal, sha256, kind)
                    select s.id, e.ordinal, e.sha256, e.kind from evidence e join stored s on s.idx = e.idx
                ), job as (
                    insert into recognition_job (read_id, recognition_id)
                    select s.id, nextval(pg_get_serial_sequence('read_recognition', 'id')) from stored s where s.recognise
                    returning id, read_id
                ), detection as (
                    insert into detection_job (read_id) select id from stored where with_plate
                ), passage as (
                    insert into passage_job (read_id) select id from stored where with_plate
                ), alerts as (
                    insert into alert_job (read_id) select id from stored where with_plate
                )
                select s.idx, s.id, j.id from stored s left join job j on j.read_id = s.id""".formatted(READ_COLUMNS);
        Map<Integer, Inserted> created = new HashMap<>();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            ps.setArray(i++, connection.createArrayOf("int4", index));
            ps.setArray(i++, connection.createArrayOf("int8", cameras));
            ps.setArray(i++, connection.createArrayOf("int8", sites));
            ps.setArray(i++, connection.createArrayOf("int8", keys));
            for (String[] column : List.of(eventIds, captured, texts, normalized, folded, countries, formats, regions)) {
                ps.setArray(i++, connection.createArrayOf("text", column));
            }
            ps.setArray(i++, connection.createArrayOf("float4", confidences));
            ps.setArray(i++, connection.createArrayOf("float4", speeds));
            ps.setArray(i++, connection.createArrayOf("text", metadata));
            ps.setArray(i++, connection.createArrayOf("text", hashes));
            ps.setArray(i++, connection.createArrayOf("text", sources));
            ps.setArray(i++, connection.createArrayOf("bool", recognise));
            ps.setArray(i++, connection.createArrayOf("bool", withPlate));
            ps.setArray(i++, connection.createArrayOf("int4", fileIndex.toArray()));
            ps.setArray(i++, connection.createArrayOf("int4", fileOrdinal.toArray()));
            ps.setArray(i++, connection.createArrayOf("text", fileSha.toArray()));
            ps.setArray(i++, connection.createArrayOf("text", fileType.toArray()));
            ps.setArray(i++, connection.createArrayOf("int8", fileSize.toArray()));
            ps.setArray(i++, connection.createArrayOf("int4", fileWidth.toArray()));
            ps.setArray(i++, connection.createArrayOf("int4", fileHeight.toArray()));
            ps.setArray(i, connection.createArrayOf("text", fileKind.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int idx = rs.getInt(1);
                    created.put(idx, new Inserted(new IngestOutcome(IngestOutcome.Status.CREATED, rs.getLong(2),
                            group.get(idx).eventId()), (Long) rs.getObject(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing a group of " + group.size() + " reads failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        List<Inserted> results = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            ReadRow row = group.get(i);
            byte[] hash = HEX.parseHex(row.contentHash());
            Inserted mine = created.get(i);
            if (mine != null) {
                results.add(mine);
                continue;
            }
            int first = firstByKey.get(row.key());
            Inserted earlier = first == i ? null : created.get(first);
            if (earlier != null) {
                // A repeat inside this group: compare with the first occurrence, stored just now.
                boolean same = group.get(first).contentHash().equals(row.contentHash());
                results.add(new Inserted(new IngestOutcome(same ? IngestOutcome.Status.DUPLICATE
                        : IngestOutcome.Status.CONFLICT, earlier.outcome().id(), row.eventId()), null));
            } else {
                // Taken before this group (or by a concurrent writer on another node).
                Stored stored = existing(row.cameraId(), row.eventId()).orElse(null);
                results.add(new Inserted(compare(stored, hash, row.eventId()), null));
            }
        }
        return results;
    }

    /** Inserts many metadata-only reads in one statement and reports each one's outcome, in order. */
    List<IngestOutcome> insertBatch(DevicePrincipal device, List<ValidatedRead> reads) {
        Map<String, Integer> firstByEvent = new HashMap<>();
        List<byte[]> hashes = new ArrayList<>(reads.size());
        List<Integer> unique = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            hashes.add(contentHash(reads.get(i).canonicalJson(), List.of()));
            if (firstByEvent.putIfAbsent(reads.get(i).eventId(), i) == null) {
                unique.add(i);
            }
        }
        int n = unique.size();
        String[] eventIds = new String[n], captured = new String[n], texts = new String[n], normalized = new String[n],
                folded = new String[n], countries = new String[n], formats = new String[n], regions = new String[n],
                metadata = new String[n], contentHashes = new String[n];
        Float[] confidences = new Float[n], speeds = new Float[n];
        for (int k = 0; k < n; k++) {
            ValidatedRead read = reads.get(unique.get(k));
            eventIds[k] = read.eventId();
            captured[k] = read.capturedAt().toString();
            var plate = read.plate();
            texts[k] = read.metadata().plate() == null ? null : read.metadata().plate().text();
            normalized[k] = plate == null ? null : plate.normalized();
            folded[k] = read.plateFolded();
            countries[k] = plate == null ? null : plate.country().name();
            formats[k] = plate == null ? null : plate.format().name();
            regions[k] = plate == null ? null : plate.region();
            confidences[k] = read.plateConfidence() == null ? null : read.plateConfidence().floatValue();
            speeds[k] = read.metadata().speedKmh() == null ? null : read.metadata().speedKmh().floatValue();
            metadata[k] = new String(read.canonicalJson(), StandardCharsets.UTF_8);
            contentHashes[k] = HEX.formatHex(hashes.get(unique.get(k)));
        }
        // Batch reads always carry a plate: each gets its detection, passage and matching jobs in the same statement.
        String sql = """
                with r as (
                insert into plate_read (%s)
                select ?, ?, ?, u.event_id, u.captured_at::timestamptz, u.text, u.normalized, u.folded, u.country,
                       u.format, u.region, u.confidence, u.speed, u.metadata::jsonb, decode(u.hash, 'hex'), ?
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::real[], ?::real[], ?::text[], ?::text[])
                     as u(event_id, captured_at, text, normalized, folded, country, format, region, confidence, speed,
                          metadata, hash)
                on conflict (camera_id, event_id) do nothing
                returning id, event_id
                ), detection as (
                    insert into detection_job (read_id) select id from r
                ), passage as (
                    insert into passage_job (read_id) select id from r
                ), alerts as (
                    insert into alert_job (read_id) select id from r
                )
                select id, event_id from r""".formatted(READ_COLUMNS);
        Map<String, Long> created = new HashMap<>();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, device.cameraId());
            ps.setLong(i++, device.siteId());
            ps.setLong(i++, device.keyId());
            ps.setString(i++, CAMERA_SOURCE); // batch reads always carry plate text
            for (String[] column : List.of(eventIds, captured, texts, normalized, folded, countries, formats, regions)) {
                ps.setArray(i++, connection.createArrayOf("text", column));
            }
            ps.setArray(i++, connection.createArrayOf("float4", confidences));
            ps.setArray(i++, connection.createArrayOf("float4", speeds));
            ps.setArray(i++, connection.createArrayOf("text", metadata));
            ps.setArray(i, connection.createArrayOf("text", contentHashes));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    created.put(rs.getString(2), rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing batch failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        Map<String, Stored> before = new HashMap<>();
        List<String> missing = Arrays.stream(eventIds).filter(e -> !created.containsKey(e)).toList();
        if (!missing.isEmpty()) {
            jdbc.sql("select id, event_id, content_hash from plate_read where camera_id = ? and event_id = any(?::text[])")
                    .params(device.cameraId(), "{" + String.join(",", missing.stream().map(ReadWriter::quote).toList()) + "}")
                    .query((ResultSet rs) -> {
                        before.put(rs.getString(2), new Stored(rs.getLong(1), rs.getBytes(3)));
                    });
        }
        List<IngestOutcome> outcomes = new ArrayList<>(reads.size());
        for (int i = 0; i < reads.size(); i++) {
            String eventId = reads.get(i).eventId();
            int first = firstByEvent.get(eventId);
            if (first == i && created.containsKey(eventId)) {
                outcomes.add(new IngestOutcome(IngestOutcome.Status.CREATED, created.get(eventId), eventId));
            } else if (created.containsKey(eventId)) {
                // A repeat inside this batch: compare with the first occurrence, stored just now.
                boolean same = Arrays.equals(hashes.get(first), hashes.get(i));
                outcomes.add(new IngestOutcome(same ? IngestOutcome.Status.DUPLICATE : IngestOutcome.Status.CONFLICT,
                        same ? created.get(eventId) : null, eventId));
            } else {
                outcomes.add(compare(before.get(eventId), hashes.get(i), eventId));
            }
        }
        return outcomes;
    }

    private int bindRead(PreparedStatement ps, int i, DevicePrincipal device, ValidatedRead read, byte[] contentHash)
            throws SQLException {
        var plate = read.plate();
        ps.setLong(i++, device.cameraId());
        ps.setLong(i++, device.siteId());
        ps.setLong(i++, device.keyId());
        ps.setString(i++, read.eventId());
        ps.setString(i++, read.capturedAt().toString());
        ps.setString(i++, read.metadata().plate() == null ? null : read.metadata().plate().text());
        ps.setString(i++, plate == null ? null : plate.normalized());
        ps.setString(i++, read.plateFolded());
        ps.setString(i++, plate == null ? null : plate.country().name());
        ps.setString(i++, plate == null ? null : plate.format().name());
        ps.setString(i++, plate == null ? null : plate.region());
        ps.setObject(i++, read.plateConfidence() == null ? null : read.plateConfidence().floatValue(), java.sql.Types.REAL);
        ps.setObject(i++, read.metadata().speedKmh() == null ? null : read.metadata().speedKmh().floatValue(), java.sql.Types.REAL);
        ps.setString(i++, new String(read.canonicalJson(), StandardCharsets.UTF_8));
        ps.setBytes(i++, contentHash);
        ps.setString(i++, plate == null ? null : CAMERA_SOURCE);
        return i;
    }

    private static IngestOutcome compare(Stored stored, byte[] contentHash, String eventId) {
        if (stored == null) {
            throw new IllegalStateException("read " + eventId + " neither inserted nor found");
        }
        return MessageDigest.isEqual(stored.contentHash(), contentHash)
                ? new IngestOutcome(IngestOutcome.Status.DUPLICATE, stored.id(), eventId)
                : new IngestOutcome(IngestOutcome.Status.CONFLICT, stored.id(), eventId);
    }

    /** SHA-256 over the canonical metadata and the evidence hashes in order. */
    static byte[] contentHash(byte[] canonicalJson, List<String> evidenceHashes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(canonicalJson);
            for (String sha : evidenceHashes) {
                digest.update((byte) '\n');
                digest.update(sha.getBytes(StandardCharsets.US_ASCII));
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        // eventIds are restricted to [A-Za-z0-9._:/+=@-]; quoting keeps array-literal syntax unambiguous anyway.
        return '"' + s + '"';
    }

}
