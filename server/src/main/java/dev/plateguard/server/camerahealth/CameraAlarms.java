package dev.plateguard.server.camerahealth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.cameras.Camera;
import dev.plateguard.server.cameras.Site;
import dev.plateguard.server.outbound.Outbound;
import dev.plateguard.server.outbound.OutboundEvent;

/**
 * The alarms of cameras ({@code camera_alarm}, written only here): raised and cleared, each change stored with its
 * outbound event ({@code camera.health.raised}, {@code camera.health.cleared}) in one transaction, so that webhooks
 * and MQTT hear of exactly the alarms that exist. At most one alarm per camera and condition is open; raising an
 * open one or clearing a cleared one changes nothing and tells nobody (several nodes may evaluate at once).
 */
@Service
class CameraAlarms {

    static final String RAISED = "camera.health.raised";
    static final String CLEARED = "camera.health.cleared";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One alarm. Values are in the condition's {@code unit}; {@code details} holds further facts (the baseline,
     * the reads counted, where an offset came from).
     */
    record Alarm(long id, long cameraId, String condition, String unit, Instant raisedAt, Double raisedValue,
                 double threshold, Instant clearedAt, Double clearedValue, Map<String, Object> details) {

        public boolean open() {
            return clearedAt == null;
        }
    }

    private final JdbcClient jdbc;
    private final Outbound outbound;

    CameraAlarms(JdbcClient jdbc, Outbound outbound) {
        this.jdbc = jdbc;
        this.outbound = outbound;
    }

    /** Raises the alarm unless it is open already; answers it when this call raised it. */
    @Transactional
    Optional<Alarm> raise(Camera camera, Site site, Condition condition, double value, double threshold, Instant now,
                          Map<String, ?> details) {
        Optional<Alarm> raised = jdbc.sql("""
                        insert into camera_alarm (camera_id, condition, raised_at, raised_value, threshold, details)
                        values (?, ?, ?, ?, ?, ?::jsonb)
                        on conflict (camera_id, condition) where cleared_at is null do nothing
                        returning *""")
                .params(camera.id(), condition.slug, Timestamp.from(now), value, threshold,
                        JSON.writeValueAsString(details == null ? Map.of() : details))
                .query((rs, n) -> alarm(rs)).optional();
        raised.ifPresent(alarm -> outbound.publish(new OutboundEvent(RAISED, "camera:" + camera.id(), now,
                payload(alarm, camera, site))));
        return raised;
    }

    /** Clears the open alarm, if there is one; answers it when this call cleared it. */
    @Transactional
    Optional<Alarm> clear(Camera camera, Site site, Condition condition, Double value, Instant now) {
        Optional<Alarm> cleared = jdbc.sql("""
                        update camera_alarm set cleared_at = greatest(raised_at, ?), cleared_value = ?
                        where camera_id = ? and condition = ? and cleared_at is null
                        returning *""")
                .params(Timestamp.from(now), value, camera.id(), condition.slug)
                .query((rs, n) -> alarm(rs)).optional();
        cleared.ifPresent(alarm -> outbound.publish(new OutboundEvent(CLEARED, "camera:" + camera.id(), now,
                payload(alarm, camera, site))));
        return cleared;
    }

    /** The conditions with an open alarm, per camera. */
    Map<Long, Set<Condition>> openConditions() {
        Map<Long, Set<Condition>> out = new HashMap<>();
        jdbc.sql("select camera_id, condition from camera_alarm where cleared_at is null")
                .query((ResultSet rs) -> {
                    out.computeIfAbsent(rs.getLong(1), k -> EnumSet.noneOf(Condition.class))
                            .add(Condition.of(rs.getString(2)));
                });
        return out;
    }

    /** Alarms newest first: only open ones ({@code open} true), only cleared ones (false), or all (null). */
    List<Alarm> list(Boolean open, Long cameraId, int limit) {
        return jdbc.sql("""
                        select * from camera_alarm
                        where (?::boolean is null or (cleared_at is null) = ?) and (?::bigint is null or camera_id = ?)
                        order by raised_at desc, id desc limit ?""")
                .params(open, open, cameraId, cameraId, limit).query((rs, n) -> alarm(rs)).list();
    }

    /** Deletes alarms cleared before {@code before}; answers how many. */
    int purgeCleared(Instant before) {
        return jdbc.sql("delete from camera_alarm where cleared_at < ?").param(Timestamp.from(before)).update();
    }

    private static Map<String, Object> payload(Alarm alarm, Camera camera, Site site) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("alarmId", alarm.id());
        p.put("condition", alarm.condition());
        p.put("cameraId", camera.id());
        p.put("cameraName", camera.name());
        p.put("siteId", site.id());
        p.put("siteName", site.name());
        p.put("region", site.region());
        p.put("raisedAt", alarm.raisedAt().toString());
        p.put("value", alarm.raisedValue());
        p.put("threshold", alarm.threshold());
        p.put("unit", alarm.unit());
        if (alarm.clearedAt() != null) {
            p.put("clearedAt", alarm.clearedAt().toString());
            p.put("clearedValue", alarm.clearedValue());
        }
        p.put("details", alarm.details());
        return p;
    }

    private static Alarm alarm(ResultSet rs) throws SQLException {
        Condition condition = Condition.of(rs.getString("condition"));
        Timestamp cleared = rs.getTimestamp("cleared_at");
        return new Alarm(rs.getLong("id"), rs.getLong("camera_id"), condition.slug, condition.unit,
                rs.getTimestamp("raised_at").toInstant(), (Double) rs.getObject("raised_value"),
                rs.getDouble("threshold"), cleared == null ? null : cleared.toInstant(),
                (Double) rs.getObject("cleared_value"),
                JSON.readValue(rs.getString("details"), new TypeReference<Map<String, Object>>() { }));
    }
}
