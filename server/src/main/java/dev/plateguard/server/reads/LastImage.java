package dev.plateguard.server.reads;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;

/**
 * The last image a camera took, for its health page: reached as reads are (a read role, the user's scope, the live
 * window) and audited like the live view. Served through {@code /evidence/{sha256}}, which checks again.
 */
@Service
public class LastImage {

    /** The read and its first image. */
    public record Shot(long readId, Instant capturedAt, String sha256) {
    }

    private final JdbcClient jdbc;
    private final Investigations investigations;
    private final AuditLog audit;

    LastImage(JdbcClient jdbc, Investigations investigations, AuditLog audit) {
        this.jdbc = jdbc;
        this.investigations = investigations;
        this.audit = audit;
    }

    /** Empty for a user without a read role, a camera outside the scope, or no image within the live window. */
    public Optional<Shot> of(UserPrincipal me, long cameraId) {
        if (!(me.has(Role.OPERATOR) || me.has(Role.SUPERVISOR) || me.has(Role.INVESTIGATOR))) {
            return Optional.empty();
        }
        Instant start = investigations.now().minus(investigations.settings().liveWindow());
        List<Object> params = new ArrayList<>(List.of(cameraId, Timestamp.from(start)));
        params.addAll(me.scope().sqlParams());
        Optional<Shot> shot = jdbc.sql("""
                        select r.id, r.captured_at, re.sha256 from plate_read r
                        join read_evidence re on re.read_id = r.id and re.kind = 'image'
                        where r.camera_id = ? and r.captured_at >= ? and """ + me.scope().sitePredicate("r.site_id") + """
                         order by r.captured_at desc, r.id desc, re.ordinal limit 1""")
                .params(params)
                .query((rs, n) -> new Shot(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3))).optional();
        shot.ifPresent(s -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("camera", cameraId);
            details.put("results", 1);
            details.put("ids", List.of(s.readId()));
            audit.record("reads.camera-image", "read:" + s.readId(), AuditLog.Outcome.SUCCESS, details);
        });
        return shot;
    }
}
