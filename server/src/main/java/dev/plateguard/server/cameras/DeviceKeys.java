package dev.plateguard.server.cameras;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.DevicePrincipal;
import dev.plateguard.server.identity.Secrets;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * Device keys ({@code pgd_…}): each belongs to one camera, is shown once when issued, is stored only as a
 * SHA-256 hash, and is checked against the database on every request so that a revocation takes effect at once.
 */
@Service
public class DeviceKeys {

    public record IssuedKey(long id, long cameraId, String key, Instant createdAt) {
    }

    public record KeyInfo(long id, long cameraId, String hint, Instant createdAt, Instant revokedAt, Instant lastUsedAt) {
    }

    private final JdbcClient jdbc;
    private final CameraNetwork network;
    private final AuditLog audit;

    DeviceKeys(JdbcClient jdbc, CameraNetwork network, AuditLog audit) {
        this.jdbc = jdbc;
        this.network = network;
        this.audit = audit;
    }

    @Transactional
    public IssuedKey issue(long cameraId, UserPrincipal admin) {
        network.camera(cameraId).orElseThrow(() -> Refusal.notFound("no camera " + cameraId));
        String key = Secrets.generate(Secrets.DEVICE_KEY_PREFIX);
        var row = jdbc.sql("""
                insert into device_key (camera_id, key_hash, key_hint, created_by) values (?, ?, ?, ?)
                returning id, created_at""")
                .params(cameraId, Secrets.hash(key), Secrets.hint(key), admin.userId())
                .query((rs, n) -> new IssuedKey(rs.getLong("id"), cameraId, key, rs.getTimestamp("created_at").toInstant()))
                .single();
        audit.record("device-key.create", "camera:" + cameraId + "/key:" + row.id(), AuditLog.Outcome.SUCCESS);
        return row;
    }

    @Transactional
    public void revoke(long cameraId, long keyId) {
        int n = jdbc.sql("update device_key set revoked_at = now() where id = ? and camera_id = ? and revoked_at is null")
                .params(keyId, cameraId).update();
        if (n == 0) {
            throw Refusal.notFound("camera " + cameraId + " has no active key " + keyId);
        }
        audit.record("device-key.revoke", "camera:" + cameraId + "/key:" + keyId, AuditLog.Outcome.SUCCESS);
    }

    public List<KeyInfo> list(long cameraId) {
        return jdbc.sql("select * from device_key where camera_id = ? order by id desc").param(cameraId)
                .query((rs, n) -> new KeyInfo(rs.getLong("id"), rs.getLong("camera_id"), rs.getString("key_hint"),
                        rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("revoked_at")),
                        instant(rs.getTimestamp("last_used_at"))))
                .list();
    }

    /** The camera a key speaks for, if the key is known, unrevoked and its camera active. */
    public Optional<DevicePrincipal> authenticate(String key) {
        if (!Secrets.looksLike(key, Secrets.DEVICE_KEY_PREFIX)) {
            return Optional.empty();
        }
        record Row(DevicePrincipal principal, boolean stale) {
        }
        Optional<Row> row = jdbc.sql("""
                select k.id, k.camera_id, c.site_id,
                       k.last_used_at is null or k.last_used_at < now() - interval '1 minute' as stale
                from device_key k join camera c on c.id = k.camera_id
                where k.key_hash = ? and k.revoked_at is null and c.active""")
                .param(Secrets.hash(key))
                .query((rs, n) -> new Row(new DevicePrincipal(rs.getLong("id"), rs.getLong("camera_id"), rs.getLong("site_id")),
                        rs.getBoolean("stale")))
                .optional();
        // Last use is kept to the minute: writing it on every read would serialise a camera's requests on one row.
        row.filter(Row::stale).ifPresent(r -> jdbc.sql("update device_key set last_used_at = now() where id = ?")
                .param(r.principal().keyId()).update());
        return row.map(Row::principal);
    }

    /**
     * The camera as its newest active key speaks for it, for reads that arrive without a key but on a channel the
     * server opened itself (Frigate's MQTT broker): empty when the camera is inactive or has no active key, so
     * revoking its keys stops such reads too.
     */
    public Optional<DevicePrincipal> activeKeyOf(long cameraId) {
        return jdbc.sql("""
                select k.id, k.camera_id, c.site_id from device_key k join camera c on c.id = k.camera_id
                where k.camera_id = ? and k.revoked_at is null and c.active
                order by k.id desc limit 1""")
                .param(cameraId)
                .query((rs, n) -> new DevicePrincipal(rs.getLong("id"), rs.getLong("camera_id"), rs.getLong("site_id")))
                .optional();
    }

    private static Instant instant(java.sql.Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
