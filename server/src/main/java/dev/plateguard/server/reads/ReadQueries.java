package dev.plateguard.server.reads;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.plates.PlateClassifier;
import dev.plateguard.plates.PlateInterpretation;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.passages.Passages;
import dev.plateguard.server.validation.QueryTimes;
import dev.plateguard.server.validation.Refusal;

/** Read-side queries over stored reads: newest first, keyset-paginated so deep pages stay cheap. */
@Repository
public class ReadQueries {

    /** How the plate parameter is matched. */
    public enum PlateMatch { EXACT, PREFIX, FOLDED }

    /**
     * @param plate normalised plate text (or prefix, or folded key), null for any
     * @param from  inclusive lower bound of capturedAt, null for none
     * @param to    exclusive upper bound of capturedAt, null for none
     * @param make   vehicle make as the camera reported it ({@code vehicle.make} in the metadata), matched
     *               case-insensitively at the start, so that "chevrolet" finds "Chevrolet Cobalt"; null for any
     * @param colour vehicle colour ({@code vehicle.color}), case-insensitive, whole; null for any
     */
    public record Filter(String plate, PlateMatch match, Instant from, Instant to, Long siteId, Long cameraId, String city,
                         String make, String colour) {

        public Filter(String plate, PlateMatch match, Instant from, Instant to, Long siteId, Long cameraId, String city) {
            this(plate, match, from, to, siteId, cameraId, city, null, null);
        }
    }

    /** @param prevCursor where the newer page begins ({@code before}), null on the first page */
    public record Page(List<PlateRead> items, String nextCursor, String prevCursor) {

        public Page(List<PlateRead> items, String nextCursor) {
            this(items, nextCursor, null);
        }
    }

    /** How many reads match, counted up to a cap: {@code lowerBound} says there are more than {@code count}. */
    public record Total(long count, boolean lowerBound) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Times a query may use. Instants outside these bounds (which ISO 8601 and a hand-made cursor can express)
     * overflow java.sql.Timestamp or PostgreSQL's timestamptz and would fail inside the query as a 500.
     */
    static final Instant EARLIEST = QueryTimes.EARLIEST;
    static final Instant LATEST = QueryTimes.LATEST;

    static boolean queryable(Instant instant) {
        return QueryTimes.inRange(instant);
    }

    private final JdbcClient jdbc;
    private final Passages passages;

    ReadQueries(JdbcClient jdbc, Passages passages) {
        this.jdbc = jdbc;
        this.passages = passages;
    }

    /** Reads matching the filter in the scope, newest first, from {@code cursor} on. */
    public Page search(Filter filter, Scope scope, int limit, String cursor) {
        return search(filter, scope, limit, cursor == null ? null : Cursor.decode(cursor));
    }

    /**
     * Reads newer than {@code before} (the first item of a page), newest first: the page before it. Read oldest
     * first from the position, so that the page ends right next to {@code before}.
     */
    Page searchBefore(Filter filter, Scope scope, int limit, Cursor before) {
        StringBuilder sql = new StringBuilder("select r.* from plate_read r");
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        filterClauses(filter, scope, sql, where, params);
        where.add("(r.captured_at, r.id) > (?, ?)");
        params.add(Timestamp.from(before.capturedAt()));
        params.add(before.id());
        sql.append(" where ").append(String.join(" and ", where));
        sql.append(" order by r.captured_at, r.id limit ?");
        params.add(limit + 1);
        List<PlateRead> rows = jdbc.sql(sql.toString()).params(params).query((rs, n) -> map(rs, List.of())).list();
        boolean newer = rows.size() > limit;
        rows = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
        java.util.Collections.reverse(rows);
        // The position itself is a read that was shown (or passed): there is always an older page.
        String next = rows.isEmpty() ? null : new Cursor(rows.getLast().capturedAt(), rows.getLast().id()).encode();
        String prev = newer ? new Cursor(rows.getFirst().capturedAt(), rows.getFirst().id()).encode() : null;
        return new Page(withEvidence(rows), next, prev);
    }

    /**
     * How many reads match in the scope, counting at most {@code cap} + 1 rows so that a broad query stays cheap:
     * above the cap the answer is "more than {@code cap}".
     */
    Total count(Filter filter, Scope scope, int cap) {
        StringBuilder sql = new StringBuilder("select 1 from plate_read r");
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        filterClauses(filter, scope, sql, where, params);
        sql.append(" where ").append(String.join(" and ", where)).append(" limit ?");
        params.add(cap + 1);
        long n = jdbc.sql("select count(*) from (" + sql + ") capped").params(params).query(Long.class).single();
        return n > cap ? new Total(cap, true) : new Total(n, false);
    }

    Page search(Filter filter, Scope scope, int limit, Cursor c) {
        StringBuilder sql = new StringBuilder("select r.* from plate_read r");
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        filterClauses(filter, scope, sql, where, params);
        if (c != null) {
            where.add("(r.captured_at, r.id) < (?, ?)");
            params.add(Timestamp.from(c.capturedAt()));
            params.add(c.id());
        }
        if (!where.isEmpty()) {
            sql.append(" where ").append(String.join(" and ", where));
        }
        sql.append(" order by r.captured_at desc, r.id desc limit ?");
        params.add(limit + 1);
        List<PlateRead> rows = jdbc.sql(sql.toString()).params(params).query((rs, n) -> map(rs, List.of())).list();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            PlateRead last = rows.getLast();
            next = new Cursor(last.capturedAt(), last.id()).encode();
        }
        // After a position there are newer reads (those before it): the way back begins at this page's first.
        String prev = c == null || rows.isEmpty() ? null
                : new Cursor(rows.getFirst().capturedAt(), rows.getFirst().id()).encode();
        return new Page(withEvidence(rows), next, prev);
    }

    /**
     * Reads in order of arrival, newest first: what the live page shows. With {@code afterId}, only reads stored
     * after that one (the live page polls with the highest id it has).
     */
    public List<PlateRead> arrivals(Filter filter, Scope scope, Long afterId, int limit) {
        StringBuilder sql = new StringBuilder("select r.* from plate_read r");
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        filterClauses(filter, scope, sql, where, params);
        if (afterId != null) {
            where.add("r.id > ?");
            params.add(afterId);
        }
        if (!where.isEmpty()) {
            sql.append(" where ").append(String.join(" and ", where));
        }
        sql.append(" order by r.id desc limit ?");
        params.add(limit);
        return withEvidence(jdbc.sql(sql.toString()).params(params).query((rs, n) -> map(rs, List.of())).list());
    }

    private static void filterClauses(Filter filter, Scope scope, StringBuilder sql, List<String> where,
                                      List<Object> params) {
        // Scope first, in SQL: reads outside it are never loaded.
        where.add(scope.sitePredicate("r.site_id"));
        params.addAll(scope.sqlParams());
        if (filter.city() != null) {
            sql.append(" join site s on s.id = r.site_id");
            where.add("s.city = ?");
            params.add(filter.city());
        }
        if (filter.plate() != null) {
            switch (filter.match()) {
                case EXACT -> where.add("r.plate_normalized = ?");
                case PREFIX -> where.add("r.plate_normalized like ? escape '\\'");
                case FOLDED -> where.add("r.plate_folded = ?");
            }
            params.add(filter.match() == PlateMatch.PREFIX ? filter.plate() + "%" : filter.plate());
        }
        if (filter.from() != null) {
            where.add("r.captured_at >= ?");
            params.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.add("r.captured_at < ?");
            params.add(Timestamp.from(filter.to()));
        }
        if (filter.siteId() != null) {
            where.add("r.site_id = ?");
            params.add(filter.siteId());
        }
        if (filter.cameraId() != null) {
            where.add("r.camera_id = ?");
            params.add(filter.cameraId());
        }
        // Vehicle attributes as the camera reported them; no index: they narrow a plate, time or site query.
        if (filter.make() != null) {
            where.add("lower(r.metadata #>> '{vehicle,make}') like ? escape '\\'");
            params.add(likePrefix(filter.make().strip().toLowerCase(java.util.Locale.ROOT)));
        }
        if (filter.colour() != null) {
            where.add("lower(r.metadata #>> '{vehicle,color}') = ?");
            params.add(filter.colour().strip().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static String likePrefix(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** One read, in the scope: a read outside it is absent, exactly like one that does not exist. */
    public Optional<PlateRead> find(long id, Scope scope) {
        List<Object> params = new ArrayList<>();
        params.add(id);
        params.addAll(scope.sqlParams());
        return jdbc.sql("select r.* from plate_read r where r.id = ? and " + scope.sitePredicate("r.site_id"))
                .params(params).query((rs, n) -> map(rs, List.of()))
                .optional().map(r -> withEvidence(List.of(r)).getFirst());
    }

    /** Reads by id in the scope, in the order of {@code ids}; those outside it or gone are left out. */
    public List<PlateRead> findAll(List<Long> ids, Scope scope) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(ids.toArray(Long[]::new));
        params.addAll(scope.sqlParams());
        Map<Long, PlateRead> byId = new HashMap<>();
        for (PlateRead read : withEvidence(jdbc.sql("select r.* from plate_read r where r.id = any(?) and "
                + scope.sitePredicate("r.site_id")).params(params).query((rs, n) -> map(rs, List.of())).list())) {
            byId.put(read.id(), read);
        }
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    /** One sighting of a journey: where and when a plate was read. */
    public record Sighting(long readId, Instant capturedAt, String plate, String plateDisplay, long cameraId,
                           String cameraName, long siteId, String siteName, String city, String region,
                           double latitude, double longitude, String timezone) {
    }

    /**
     * A plate's sightings in {@code [from, to)} in the scope, in time order, at most {@code max} plus one (so that
     * the caller can tell the list was cut short).
     */
    public List<Sighting> journey(String plate, Instant from, Instant to, Scope scope, int max) {
        List<Object> params = new ArrayList<>();
        params.add(plate);
        params.add(Timestamp.from(from));
        params.add(Timestamp.from(to));
        params.addAll(scope.sqlParams());
        params.add(max + 1);
        return jdbc.sql("select r.id, r.captured_at, r.plate_normalized, r.plate_format, r.camera_id, c.name camera_name,"
                        + " s.id site_id, s.name site_name, s.city, s.region, s.latitude, s.longitude, s.timezone"
                        + " from plate_read r join camera c on c.id = r.camera_id join site s on s.id = r.site_id"
                        + " where r.plate_normalized = ? and r.captured_at >= ? and r.captured_at < ? and "
                        + scope.sitePredicate("r.site_id") + " order by r.captured_at, r.id limit ?")
                .params(params)
                .query((rs, n) -> new Sighting(rs.getLong("id"), rs.getTimestamp("captured_at").toInstant(),
                        rs.getString("plate_normalized"), display(rs.getString("plate_normalized"), rs.getString("plate_format")),
                        rs.getLong("camera_id"), rs.getString("camera_name"), rs.getLong("site_id"),
                        rs.getString("site_name"), rs.getString("city"), rs.getString("region"), rs.getDouble("latitude"),
                        rs.getDouble("longitude"), rs.getString("timezone")))
                .list();
    }

    private List<PlateRead> withEvidence(List<PlateRead> reads) {
        if (reads.isEmpty()) {
            return reads;
        }
        Map<Long, List<PlateRead.EvidenceLink>> links = new HashMap<>();
        jdbc.sql("""
                select re.read_id, re.sha256, re.kind, f.content_type, f.size_bytes, f.width, f.height
                from read_evidence re join evidence_file f on f.sha256 = re.sha256
                where re.read_id = any(?) order by re.read_id, re.ordinal""")
                .param(reads.stream().map(PlateRead::id).toArray(Long[]::new))
                .query((ResultSet rs) -> {
                    String sha = rs.getString("sha256");
                    links.computeIfAbsent(rs.getLong("read_id"), k -> new ArrayList<>()).add(new PlateRead.EvidenceLink(
                            sha, rs.getString("kind"), rs.getString("content_type"), rs.getLong("size_bytes"),
                            (Integer) rs.getObject("width"), (Integer) rs.getObject("height"), "/api/v1/evidence/" + sha));
                });
        Map<Long, Passages.Membership> in = passages.memberships(reads.stream().map(PlateRead::id).toList());
        return reads.stream().map(r -> new PlateRead(r.id(), r.cameraId(), r.siteId(), r.eventId(), r.capturedAt(),
                r.receivedAt(), r.plateText(), r.plate(), r.plateDisplay(), r.plateCountry(), r.plateFormat(),
                r.plateRegion(), r.plateConfidence(), r.plateSource(), r.plateRecognitionId(), r.speedKmh(), r.metadata(),
                links.getOrDefault(r.id(), List.of()), passage(in.get(r.id()))))
                .toList();
    }

    private static PlateRead.PassageRef passage(Passages.Membership m) {
        return m == null ? null : new PlateRead.PassageRef(m.passageId(), m.readCount(), m.cameraCount(),
                m.bestReadId(), m.best(), "/api/v1/passages/" + m.passageId());
    }

    private static PlateRead map(ResultSet rs, List<PlateRead.EvidenceLink> evidence) throws SQLException {
        String normalized = rs.getString("plate_normalized");
        String format = rs.getString("plate_format");
        return new PlateRead(rs.getLong("id"), rs.getLong("camera_id"), rs.getLong("site_id"), rs.getString("event_id"),
                rs.getTimestamp("captured_at").toInstant(), rs.getTimestamp("received_at").toInstant(),
                rs.getString("plate_text"), normalized, display(normalized, format), rs.getString("plate_country"), format,
                rs.getString("plate_region"), (Float) rs.getObject("plate_confidence"), rs.getString("plate_source"),
                (Long) rs.getObject("plate_recognition_id"), (Float) rs.getObject("speed_kmh"),
                JSON.readTree(rs.getString("metadata")), evidence, null);
    }

    static String display(String normalized, String format) {
        if (normalized == null) {
            return null;
        }
        return PlateClassifier.classify(normalized).stream()
                .filter(i -> format == null || i.format().name().equals(format)).findFirst()
                .map(PlateInterpretation::display).orElse(normalized);
    }

    /** Opaque pagination position: the last item's capture time and id. */
    record Cursor(Instant capturedAt, long id) {

        String encode() {
            String raw = capturedAt.getEpochSecond() + ":" + capturedAt.getNano() + ":" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
        }

        static Cursor decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
                long nanos = Long.parseLong(parts[1]);
                Instant capturedAt = Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos);
                if (parts.length == 3 && nanos >= 0 && nanos <= 999_999_999 && queryable(capturedAt)) {
                    return new Cursor(capturedAt, Long.parseLong(parts[2]));
                }
            } catch (RuntimeException e) {
                // not a cursor
            }
            throw Refusal.invalid("cursor", "is not a cursor returned by this API");
        }
    }

}
