package dev.plateguard.server.cameras;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a camera counts as stale or offline ({@code plateguard.cameras.*}): the camera list, the map and the
 * camera-health alarms all use these.
 *
 * @param staleAfter   a camera whose last heartbeat is older than this is stale
 * @param offlineAfter a camera whose last heartbeat is older than this is offline
 */
@ConfigurationProperties("plateguard.cameras")
public record CameraSettings(
        @DefaultValue("2m") Duration staleAfter,
        @DefaultValue("10m") Duration offlineAfter) {

    public CameraSettings {
        if (staleAfter.isNegative() || staleAfter.isZero() || offlineAfter.compareTo(staleAfter) <= 0) {
            throw new IllegalArgumentException(
                    "plateguard.cameras.stale-after must be positive and offline-after longer than it");
        }
    }
}
