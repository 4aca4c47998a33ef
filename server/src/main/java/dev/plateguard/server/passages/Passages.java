package dev.plateguard.server.passages;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.plateguard.server.identity.Scope;

/**
 * The passages module's API: which passage a read is in, and passages by plate, time and site. Answers data only:
 * authorising and auditing the people who see it is the caller's business (module {@code reads}).
 */
@Service
public class Passages {

    private final JdbcClient jdbc;
    private final PassageGrouping grouping;

    Passages(JdbcClient jdbc, PassageGrouping grouping) {
        this.jdbc = jdbc;
        this.grouping = grouping;
    }

    /**
     * A read's place in its passage.
     *
     * @param first      whether this read was the first of its passage to be grouped: the one that opened it (after a
     *                   merge, the first of the passage that survived). One alert per passage: raise on {@code first}
     *                   reads, attach the others to the alert of {@link #passageId}
     * @param best       whether this read is the passage's best read now
     * @param readCount  reads in the passage
     * @param cameraCount distinct cameras among them
     */
    public record Membership(long passageId, long readId, boolean first, boolean best, long bestReadId, int readCount,
                             int cameraCount) {
    }

    /** The passage of a read; empty while the read is not grouped yet (no plate, or still queued) or is gone. */
    public Optional<Membership> of(long readId) {
        return memberships(List.of(readId)).values().stream().findFirst();
    }

    /** The passages of many reads, by read id; reads not grouped are absent. */
    public Map<Long, Membership> memberships(Collection<Long> readIds) {
        if (readIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Membership> out = new HashMap<>();
        jdbc.sql("""
                select pr.read_id, p.id, p.best_read_id, p.read_count, p.camera_count,
                       pr.joined_seq = (select min(o.joined_seq) from passage_read o where o.passage_id = p.id) as first
                from passage_read pr join passage p on p.id = pr.passage_id
                where pr.read_id = any(?)""")
                .param(readIds.toArray(Long[]::new))
                .query((ResultSet rs) -> {
                    long read = rs.getLong("read_id");
                    long best = rs.getLong("best_read_id");
                    out.put(read, new Membership(rs.getLong("id"), read, rs.getBoolean("first"), best == read, best,
                            rs.getInt("read_count"), rs.getInt("camera_count")));
                });
        return out;
    }

    /** How passages are searched: the plate exactly (any of its reads) or by look-alike key. */
    public enum PlateMatch { EXACT, FOLDED }

    /**
     * @param plate normalised plate, or look-alike key with {@link PlateMatch#FOLDED}; null for any
     * @param from  inclusive lower bound of the passage's first capture, null for none
     * @param to    exclusive upper bound of the passage's first capture, null for none
     */
    public record Filter(String plate, PlateMatch match, Instant from, Instant to, Long siteId) {
    }

    /** Where a page ended: the last passage's first capture time and id (newest first). */
    public record Position(Instant firstAt, long id) {
    }

    /** Passages matching the filter in the scope, newest first, after {@code after}; at most {@code limit}. */
    public List<Passage> search(Filter filter, Scope scope, int limit, Position after) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        List<String> where = new ArrayList<>(List.of(scope.sitePredicate("p.site_id")));
        if (filter.plate() != null) {
            if (filter.match() == PlateMatch.FOLDED) {
                where.add("p.plate_key = ?");
            } else {
                where.add("(p.plate = ? or p.id in (select pr.passage_id from passage_read pr join plate_read r"
                        + " on r.id = pr.read_id where r.plate_normalized = ?))");
                params.add(filter.plate());
            }
            params.add(filter.plate());
        }
        if (filter.from() != null) {
            where.add("p.first_at >= ?");
            params.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.add("p.first_at < ?");
            params.add(Timestamp.from(filter.to()));
        }
        if (filter.siteId() != null) {
            where.add("p.site_id = ?");
            params.add(filter.siteId());
        }
        if (after != null) {
            where.add("(p.first_at, p.id) < (?, ?)");
            params.add(Timestamp.from(after.firstAt()));
            params.add(after.id());
        }
        params.add(limit);
        return withReads(jdbc.sql("select p.* from passage p where " + String.join(" and ", where)
                        + " order by p.first_at desc, p.id desc limit ?")
                .params(params).query(Passages::passage).list());
    }

    /** One passage in the scope; one outside it is absent, like one that does not exist. */
    public Optional<Passage> find(long id, Scope scope) {
        List<Object> params = new ArrayList<>(List.of(id));
        params.addAll(scope.sqlParams());
        return jdbc.sql("select p.* from passage p where p.id = ? and " + scope.sitePredicate("p.site_id"))
                .params(params).query(Passages::passage).optional()
                .map(p -> withReads(List.of(p)).getFirst());
    }

    /** Groups every queued read now (operations and tests; the schedule does it every interval). */
    public int groupPending() {
        return grouping.processPending();
    }

    private List<Passage> withReads(List<Passage> passages) {
        if (passages.isEmpty()) {
            return passages;
        }
        Map<Long, List<Long>> reads = new HashMap<>();
        jdbc.sql("""
                select pr.passage_id, pr.read_id from passage_read pr join plate_read r on r.id = pr.read_id
                where pr.passage_id = any(?) order by r.captured_at, r.id""")
                .param(passages.stream().map(Passage::id).toArray(Long[]::new))
                .query((ResultSet rs) -> {
                    reads.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                });
        return passages.stream().map(p -> new Passage(p.id(), p.siteId(), p.plate(), p.plateKey(), p.plateCountry(),
                p.firstAt(), p.lastAt(), p.bestReadId(), p.cameraCount(), reads.getOrDefault(p.id(), List.of())))
                .toList();
    }

    private static Passage passage(ResultSet rs, int n) throws SQLException {
        return new Passage(rs.getLong("id"), rs.getLong("site_id"), rs.getString("plate"), rs.getString("plate_key"),
                rs.getString("plate_country"), rs.getTimestamp("first_at").toInstant(),
                rs.getTimestamp("last_at").toInstant(), rs.getLong("best_read_id"), rs.getInt("camera_count"),
                Arrays.asList());
    }
}
