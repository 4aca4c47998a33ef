package dev.plateguard.server.cameras;

import java.time.Instant;

/**
 * A camera cluster at one place.
 *
 * @param latitude  WGS 84 degrees
 * @param longitude WGS 84 degrees
 * @param timezone  IANA zone used to show local times, e.g. Asia/Tashkent
 * @param plateCountry ISO code of the country whose plates the site mostly sees; breaks ties in recognition
 */
public record Site(long id, String name, String city, String region, double latitude, double longitude,
                   String address, String timezone, String plateCountry, Instant createdAt) {
}
