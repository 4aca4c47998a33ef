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
 * @param clockZone      IANA zone of the camera's clock, for vendor payloads that carry local times without an
 *                       offset; null means the site's timezone
 */
public record Camera(long id, long siteId, String name, String kind, Integer heading, List<Integer> lanes,
                     Integer speedLimitKmh, boolean active, Instant lastSeenAt, Long clockOffsetMs,
                     String status, Integer queueDepth, String firmware, String clockZone) {

    public static final List<String> KINDS = List.of("anpr", "overview", "red_light", "speed");
}
