package dev.plateguard.simulator.network;

/**
 * A named road position where a camera site can stand.
 *
 * @param regionCode the Uzbek plate region code of the place's region (domain-uz.md §1.2), e.g. 25 for Jizzakh:
 *                   local vehicles mostly carry it
 */
public record Place(String name, Cluster cluster, String city, String region, String regionCode, GeoPoint point,
                    String address, RoadSetting setting) {
}
