package dev.plateguard.server.receivers;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Vendor receivers ({@code plateguard.receivers.*}).
 *
 * @param maxBodySize largest push accepted by {@code /api/v1/receivers/{format}} (more: 413 before the body is read);
 *                    pictures also meet the ingest limits on images
 * @param frigate     Frigate NVR over MQTT: PlateGuard subscribes to Frigate's broker
 */
@ConfigurationProperties("plateguard.receivers")
public record ReceiverSettings(@DefaultValue("32MB") DataSize maxBodySize, @DefaultValue Frigate frigate) {

    /**
     * @param brokerUrl       the MQTT broker Frigate publishes to, e.g. tcp://frigate.local:1883 or ssl://…:8883;
     *                        empty (the default): no subscription
     * @param topics          topics to subscribe to: {@code frigate/events} (one read per tracked object, at its end)
     *                        or {@code frigate/tracked_object_update} (one read per plate update)
     * @param clientId        MQTT client id of this server
     * @param username        broker user name, empty for none
     * @param password        broker password, empty for none (PLATEGUARD_RECEIVERS_FRIGATE_PASSWORD)
     * @param cameras         which PlateGuard camera each Frigate camera is: Frigate camera name → PlateGuard camera id,
     *                        or "site name/camera name".
     *                        Reads of unlisted Frigate cameras are dropped (and logged); a listed camera needs an
     *                        active device key, whose revocation stops its reads
     * @param reconnectInterval pause between attempts to reach the broker while it cannot be reached
     */
    public record Frigate(@DefaultValue("") String brokerUrl, @DefaultValue("frigate/events") List<String> topics,
                          @DefaultValue("plateguard") String clientId, @DefaultValue("") String username,
                          @DefaultValue("") String password, @DefaultValue Map<String, String> cameras,
                          @DefaultValue("10s") java.time.Duration reconnectInterval) {

        public boolean enabled() {
            return !brokerUrl.isBlank();
        }
    }
}
