package dev.plateguard.server.cameras;

import java.time.Instant;

/**
 * A camera cluster at one place.
 *
 * @param latitude  WGS 84 degrees
 * @param longitude WGS 84 degrees
 * @param timezone  IANA zone used to show local times, e.g. Asia/Tashkent
 */
public record Site(long id, String name, String city, String region, double latitude, double longitude,
                   String address, String timezone, Instant createdAt) {
}
