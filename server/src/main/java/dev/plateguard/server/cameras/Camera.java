package dev.plateguard.server.cameras;

import java.time.Instant;
import java.util.List;

/**
 * One camera of a site.
 *
 * @param heading        direction the camera looks, degrees clockwise from north (0-359), null if unknown
 * @param lanes          lane numbers it covers, counted from the kerb
 * @param speedLimitKmh  posted limit where it reads, km/h
 * @param lastSeenAt     last heartbeat, null if never seen
 * @param clockOffsetMs  device clock minus server clock at the last heartbeat, milliseconds
 * @param queueDepth     reads waiting on the device at the last heartbeat
 * @param diskUsedPercent how full the device's storage was at the last heartbeat, 0–100
 * @param clockZone      IANA zone of the camera's clock, for vendor payloads that carry local times without an
 *                       offset; null means the site's timezone
 * @param createdAt      when the camera was added
 */
public record Camera(long id, long siteId, String name, String kind, Integer heading, List<Integer> lanes,
                     Integer speedLimitKmh, boolean active, Instant lastSeenAt, Long clockOffsetMs,
                     String status, Integer queueDepth, Integer diskUsedPercent, String firmware, String clockZone,
                     Instant createdAt) {

    public static final List<String> KINDS = List.of("anpr", "overview", "red_light", "speed");
}
