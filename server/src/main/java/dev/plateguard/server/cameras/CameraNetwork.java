package dev.plateguard.server.cameras;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Storage of sites and cameras. */
@Repository
public class CameraNetwork {

    private final JdbcClient jdbc;

    CameraNetwork(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insertSite(String name, String city, String region, double lat, double lon, String address, String tz,
                           String plateCountry) {
        return jdbc.sql("""
                insert into site (name, city, region, latitude, longitude, address, timezone, plate_country)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(name, city, region, lat, lon, address, tz, plateCountry).query(Long.class).single();
    }

    /** Replaces the descriptive fields of a site; answers whether the site exists. */
    public boolean updateSite(long id, String name, String city, String region, double lat, double lon, String address,
                              String tz, String plateCountry) {
        return jdbc.sql("""
                update site set name = ?, city = ?, region = ?, latitude = ?, longitude = ?, address = ?, timezone = ?,
                    plate_country = ?
                where id = ?""")
                .params(name, city, region, lat, lon, address, tz, plateCountry, id).update() == 1;
    }

    public boolean siteNameTaken(String name) {
        return jdbc.sql("select exists (select 1 from site where name = ?)").param(name).query(Boolean.class).single();
    }

    public Optional<Site> site(long id) {
        return jdbc.sql("select * from site where id = ?").param(id).query((rs, n) -> site(rs)).optional();
    }

    public List<Site> sites() {
        return jdbc.sql("select * from site order by name").query((rs, n) -> site(rs)).list();
    }

    public long insertCamera(long siteId, String name, String kind, Integer heading, List<Integer> lanes,
                             Integer speedLimit, boolean active, String clockZone) {
        return jdbc.sql("""
                insert into camera (site_id, name, kind, heading, lanes, speed_limit_kmh, active, clock_zone)
                values (?, ?, ?, ?, ?::integer[], ?, ?, ?) returning id""")
                .params(siteId, name, kind, heading, arrayLiteral(lanes), speedLimit, active, clockZone)
                .query(Long.class).single();
    }

    /** Replaces what an admin sets on a camera (not its heartbeat state); answers whether the camera exists. */
    public boolean updateCamera(long id, long siteId, String name, String kind, Integer heading, List<Integer> lanes,
                                Integer speedLimit, boolean active, String clockZone) {
        return jdbc.sql("""
                update camera set site_id = ?, name = ?, kind = ?, heading = ?, lanes = ?::integer[],
                    speed_limit_kmh = ?, active = ?, clock_zone = ?
                where id = ?""")
                .params(siteId, name, kind, heading, arrayLiteral(lanes), speedLimit, active, clockZone, id).update() == 1;
    }

    public boolean cameraNameTaken(long siteId, String name) {
        return jdbc.sql("select exists (select 1 from camera where site_id = ? and name = ?)").params(siteId, name)
                .query(Boolean.class).single();
    }

    public Optional<Camera> camera(long id) {
        return jdbc.sql("select * from camera where id = ?").param(id).query((rs, n) -> camera(rs)).optional();
    }

    public List<Camera> cameras(Long siteId) {
        return jdbc.sql("select * from camera where (?::bigint is null or site_id = ?) order by site_id, name")
                .params(siteId, siteId).query((rs, n) -> camera(rs)).list();
    }

    /** Records a heartbeat received at {@code at} ({@link CameraHealth#heartbeat} checks it first). */
    void heartbeat(long cameraId, Instant at, Long clockOffsetMs, CameraHeartbeat report) {
        jdbc.sql("""
                update camera set last_seen_at = ?, clock_offset_ms = ?, last_status = ?, queue_depth = ?,
                    disk_used_percent = ?, firmware = coalesce(?, firmware)
                where id = ?""")
                .params(Timestamp.from(at), clockOffsetMs, report.status(), report.queueDepth(),
                        report.diskUsedPercent(), report.firmware(), cameraId).update();
    }

    static Site site(ResultSet rs) throws SQLException {
        return new Site(rs.getLong("id"), rs.getString("name"), rs.getString("city"), rs.getString("region"),
                rs.getDouble("latitude"), rs.getDouble("longitude"), rs.getString("address"), rs.getString("timezone"),
                rs.getString("plate_country"), instant(rs.getTimestamp("created_at")));
    }

    static Camera camera(ResultSet rs) throws SQLException {
        Integer[] lanes = (Integer[]) rs.getArray("lanes").getArray();
        return new Camera(rs.getLong("id"), rs.getLong("site_id"), rs.getString("name"), rs.getString("kind"),
                (Integer) rs.getObject("heading"), Arrays.asList(lanes), (Integer) rs.getObject("speed_limit_kmh"),
                rs.getBoolean("active"), instant(rs.getTimestamp("last_seen_at")),
                (Long) rs.getObject("clock_offset_ms"), rs.getString("last_status"),
                (Integer) rs.getObject("queue_depth"), (Integer) rs.getObject("disk_used_percent"),
                rs.getString("firmware"), rs.getString("clock_zone"), instant(rs.getTimestamp("created_at")));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static String arrayLiteral(List<Integer> values) {
        return "{" + String.join(",", values.stream().map(String::valueOf).toList()) + "}";
    }
}
