package dev.plateguard.server.cameras;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Vendor heartbeats (receivers) land here: only the latest is kept, on the camera's row (last seen, clock offset,
 * what the device reported, its free disk and the vendor's other fields). Native heartbeats go through
 * {@link CameraHealth#heartbeat}, which also records the disk share that camera-health alarms watch; liveness
 * (online, stale, offline) is {@link CameraHealth#liveness}'s for both.
 */
@Service
public class CameraHeartbeats {

    /** The latest heartbeat of a camera and when it arrived. */
    public record Latest(long cameraId, Instant receivedAt, Heartbeat heartbeat) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    CameraHeartbeats(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a heartbeat: the camera was seen now, and this is what it says about itself. */
    public void heartbeat(long cameraId, Heartbeat heartbeat) {
        jdbc.sql("""
                update camera set last_seen_at = now(), clock_offset_ms = ?, last_status = ?, queue_depth = ?,
                    firmware = coalesce(?, firmware), disk_free_bytes = ?, heartbeat_details = ?::jsonb
                where id = ?""")
                .params(heartbeat.clockOffsetMs(), heartbeat.status(), heartbeat.queueDepth(), heartbeat.firmware(),
                        heartbeat.diskFreeBytes(), heartbeat.details().isEmpty() ? null : JSON.writeValueAsString(heartbeat.details()),
                        cameraId)
                .update();
    }

    /** The camera's latest heartbeat; empty when it never sent one (or does not exist). */
    public Optional<Latest> latest(long cameraId) {
        return jdbc.sql("""
                select last_seen_at, clock_offset_ms, last_status, queue_depth, firmware, disk_free_bytes,
                       heartbeat_details::text as details
                from camera where id = ? and last_seen_at is not null""")
                .param(cameraId)
                .query((rs, n) -> new Latest(cameraId, rs.getTimestamp("last_seen_at").toInstant(),
                        new Heartbeat((Long) rs.getObject("clock_offset_ms"), rs.getString("last_status"),
                                (Integer) rs.getObject("queue_depth"), rs.getString("firmware"),
                                (Long) rs.getObject("disk_free_bytes"), details(rs.getString("details")))))
                .optional();
    }

    private static Map<String, Object> details(String json) {
        return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
    }
}
