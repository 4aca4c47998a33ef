package dev.plateguard.server.retention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The purge runs ({@code retention_run}): when each ran, who started it, what it deleted per data class. */
@Component
class RetentionRuns {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    /** Advisory lock (two ints: "PGrt", 1) taken while a run is begun: one running purge per database. */
    private static final int LOCK_CLASS = 0x50477274;

    /** One run. {@code counts} maps a data class to what was deleted of it; {@code cutoffs} a data class to its cutoff. */
    record Run(long id, String trigger, String actor, Instant policyNow, Map<String, Object> cutoffs, Instant startedAt,
               Instant finishedAt, String outcome, Map<String, Object> counts, String error) {
    }

    private final JdbcClient jdbc;

    RetentionRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the start of a run, unless another one is running (on any node) and started less than {@code stale}
     * ago; an older "running" row is a run that died with its server, and is marked as failed. Must run in a
     * transaction. Empty when another run holds the purge.
     */
    Optional<Long> begin(String trigger, String actor, Instant policyNow, Map<String, Object> cutoffs, Duration stale) {
        jdbc.sql("select pg_advisory_xact_lock(?, 1)").param(LOCK_CLASS).query((rs, n) -> 0).single();
        jdbc.sql("""
                update retention_run set outcome = 'failure', finished_at = clock_timestamp(),
                       error = 'interrupted: the server stopped during the run'
                where outcome = 'running' and started_at < clock_timestamp() - make_interval(secs => ?)""")
                .param(stale.toSeconds()).update();
        boolean running = jdbc.sql("select exists (select 1 from retention_run where outcome = 'running')")
                .query(Boolean.class).single();
        if (running) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("""
                        insert into retention_run (trigger, actor, policy_now, cutoffs) values (?, ?, ?, ?::jsonb)
                        returning id""")
                .params(trigger, actor, Timestamp.from(policyNow), JSON.writeValueAsString(cutoffs))
                .query(Long.class).single());
    }

    void finish(long id, String outcome, Map<String, Object> counts, String error) {
        jdbc.sql("""
                update retention_run set finished_at = clock_timestamp(), outcome = ?, counts = ?::jsonb, error = ?
                where id = ?""")
                .params(outcome, JSON.writeValueAsString(counts), error, id).update();
    }

    Optional<Run> find(long id) {
        return jdbc.sql("select * from retention_run where id = ?").param(id).query((rs, n) -> map(rs)).optional();
    }

    /** The newest runs first. */
    List<Run> recent(int limit) {
        return jdbc.sql("select * from retention_run order by started_at desc, id desc limit ?").param(limit)
                .query((rs, n) -> map(rs)).list();
    }

    /** The newest run that finished, if any. */
    Optional<Run> lastFinished() {
        return jdbc.sql("select * from retention_run where outcome <> 'running' order by started_at desc, id desc limit 1")
                .query((rs, n) -> map(rs)).optional();
    }

    private static Run map(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        String counts = rs.getString("counts");
        return new Run(rs.getLong("id"), rs.getString("trigger"), rs.getString("actor"),
                rs.getTimestamp("policy_now").toInstant(), JSON.readValue(rs.getString("cutoffs"), MAP),
                rs.getTimestamp("started_at").toInstant(), finished == null ? null : finished.toInstant(),
                rs.getString("outcome"), counts == null ? null : JSON.readValue(counts, MAP), rs.getString("error"));
    }
}
