package dev.plateguard.server.violations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Detection's input: the work queue {@code detection_job}. Ingest writes a read's job in the same statement as the
 * read (reads with a plate), and recognition when it fills an image-only read's plate, so a job is visible exactly
 * when its read is: no id watermark, no gaps to wait for. A batch deletes the jobs it takes in its own transaction,
 * so a crash gives them back.
 *
 * <p>Batches are serialised across server nodes by a transaction-level advisory lock: deduplication compares each
 * finding with the violations recorded before it, which two concurrent batches could not see of each other.
 */
@Component
class DetectionFeed {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Advisory lock key of the detection batch ("pgdetect"). */
    private static final long BATCH_LOCK = 0x7067_6465_7465_6374L;

    private final JdbcClient jdbc;
    private final RuleSettingsStore ruleSettings;

    DetectionFeed(JdbcClient jdbc, RuleSettingsStore ruleSettings) {
        this.jdbc = jdbc;
        this.ruleSettings = ruleSettings;
    }

    /** The reads' facts: camera, site, evidence counts; callers add the where clause. */
    private static final String READS = """
                select r.id, r.camera_id, r.site_id, r.captured_at, r.plate_normalized, r.plate_country, r.metadata::text,
                       c.kind, c.speed_limit_kmh, s.timezone,
                       coalesce(e.images, 0) as images, coalesce(e.videos, 0) as videos
                from plate_read r join camera c on c.id = r.camera_id join site s on s.id = r.site_id
                left join lateral (select count(*) filter (where kind = 'image') as images,
                                          count(*) filter (where kind = 'video') as videos
                                   from read_evidence where read_id = r.id) e on true
                """;

    /** The plates of the next jobs, without taking them: for look-ups made before a batch's transaction. */
    List<ViolationRule.PlateKey> peek(int limit) {
        return jdbc.sql("""
                select r.plate_country, r.plate_normalized from detection_job j join plate_read r on r.id = j.read_id
                where r.plate_normalized is not null order by j.read_id limit ?""")
                .param(limit)
                .query((rs, n) -> new ViolationRule.PlateKey(rs.getString(1), rs.getString(2))).list();
    }

    /**
     * Takes up to {@code limit} jobs, oldest read first, and answers their reads under the rule settings of their
     * cameras. Must run in the batch's transaction: it takes the batch lock, and the jobs come back if it rolls back.
     */
    List<ReadFacts> take(int limit) {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(BATCH_LOCK).query().singleRow();
        Long[] taken = jdbc.sql("""
                delete from detection_job
                where read_id in (select read_id from detection_job order by read_id limit ? for update skip locked)
                returning read_id""")
                .param(limit).query(Long.class).list().toArray(Long[]::new);
        if (taken.length == 0) {
            return List.of();
        }
        // Ids as an array parameter, not a join with the delete: the planner then reads plate_read by its key
        // instead of scanning it.
        List<ReadFacts> reads = jdbc.sql(READS + "where r.id = any(?) order by r.id")
                .param(taken)
                .query((rs, n) -> facts(rs))
                .list();
        Map<Long, RuleSettings> settings = ruleSettings.effectiveFor(
                reads.stream().map(ReadFacts::cameraId).distinct().toList());
        return reads.stream().map(read -> read.withSettings(settings.get(read.cameraId()))).toList();
    }

    /** One read's facts by id, for re-checks; empty when the read is gone. */
    Optional<ReadFacts> read(long readId) {
        return jdbc.sql(READS + "where r.id = ?")
                .param(readId)
                .query((rs, n) -> facts(rs))
                .optional()
                .map(read -> read.withSettings(ruleSettings.effectiveFor(List.of(read.cameraId())).get(read.cameraId())));
    }

    /** Queues reads for detection again (operations: after a rule fix; tests). Already recorded findings stay once. */
    int requeue(List<Long> readIds) {
        return jdbc.sql("""
                insert into detection_job (read_id) select id from plate_read where id = any(?)
                on conflict (read_id) do nothing""")
                .param(readIds.toArray(Long[]::new)).update();
    }

    private static ReadFacts facts(ResultSet rs) throws SQLException {
        return ReadFacts.of(rs.getLong("id"), rs.getLong("camera_id"), rs.getLong("site_id"), rs.getString("kind"),
                (Integer) rs.getObject("speed_limit_kmh"), rs.getString("timezone"),
                rs.getTimestamp("captured_at").toInstant(), rs.getString("plate_normalized"),
                rs.getString("plate_country"), JSON.readTree(rs.getString("metadata")), rs.getInt("images"),
                rs.getInt("videos"));
    }
}
