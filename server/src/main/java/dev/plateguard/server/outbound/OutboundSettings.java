package dev.plateguard.server.outbound;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery of outbound events to webhooks and MQTT ({@code plateguard.outbound.*}, docs/outbound.md).
 *
 * @param maxAttempts    attempts of one delivery before it becomes a dead letter (an ADMIN may replay it)
 * @param initialBackoff wait after the first failed attempt; it doubles with each further one, up to maxBackoff
 * @param maxBackoff     longest wait between two attempts
 * @param jitter         share of each wait drawn at random (0..1), so that many failed deliveries do not all come
 *                       back at the same moment
 * @param pollInterval   how often deliveries due (retries, events stored while the server was down or by another
 *                       node) are looked for; new events go out at once after their transaction commits
 * @param lease          how long a worker holds a delivery; a server that died holding one gives it up after this
 * @param batchSize      most deliveries taken at once (fewer when the workers could not finish them within the lease
 *                       if every receiver timed out)
 * @param threads        deliveries running at once
 * @param webhooks       webhook requests
 * @param mqtt           the MQTT broker events are published to
 */
@ConfigurationProperties("plateguard.outbound")
public record OutboundSettings(
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("10s") Duration initialBackoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("0.2") double jitter,
        @DefaultValue("10s") Duration pollInterval,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("50") int batchSize,
        @DefaultValue("2") int threads,
        @DefaultValue Webhooks webhooks,
        @DefaultValue Mqtt mqtt) {

    public OutboundSettings {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("plateguard.outbound.max-attempts must be 1-100");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("plateguard.outbound.jitter must be between 0 and 1");
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("plateguard.outbound.batch-size must be 1-1000");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("plateguard.outbound.threads must be 1-64");
        }
        positive("initial-backoff", initialBackoff);
        positive("max-backoff", maxBackoff);
        positive("poll-interval", pollInterval);
        positive("lease", lease);
    }

    /**
     * @param connectTimeout longest wait for a receiver's connection
     * @param requestTimeout longest wait for a receiver's answer, from the request sent; a slower one is a failed
     *                       attempt (the receiver may still have processed it: events carry an id to deduplicate)
     * @param allowLoopback  whether a webhook may point at this machine (127.0.0.0/8, ::1), where it may use plain
     *                       http; off, loopback is refused like link-local and cloud-metadata addresses (SSRF)
     */
    public record Webhooks(
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("10s") Duration requestTimeout,
            @DefaultValue("false") boolean allowLoopback) {

        public Webhooks {
            positive("webhooks.connect-timeout", connectTimeout);
            positive("webhooks.request-timeout", requestTimeout);
        }
    }

    /**
     * @param enabled     publish every outbound event to the broker (PLATEGUARD_OUTBOUND_MQTT_ENABLED)
     * @param url         the broker: {@code tcp://host:1883}, or {@code ssl://host:8883} for TLS
     *                    (PLATEGUARD_OUTBOUND_MQTT_URL)
     * @param username    user name at the broker, empty for none (PLATEGUARD_OUTBOUND_MQTT_USERNAME)
     * @param password    its password (PLATEGUARD_OUTBOUND_MQTT_PASSWORD); keep it in the environment or a secret
     *                    store, not in a file under version control
     * @param sslBundle   a Spring SSL bundle ({@code spring.ssl.bundle.*}) whose trust store checks the broker's
     *                    certificate (and whose key store, if any, authenticates PlateGuard); empty: the JVM's
     *                    trusted authorities
     * @param clientId    MQTT client id; empty: {@code plateguard-} and a random suffix
     * @param topicPrefix events go to {@code <prefix>/<event type with dots as slashes>}, e.g.
     *                    {@code plateguard/alert/raised}
     * @param timeout     longest wait for connecting and for the broker's acknowledgement (QoS 1) of one event
     * @param includeCovert publish alerts of covert hotlists too; off, they never reach the broker, whose
     *                    subscribers are not known to be their lists' owners (PLATEGUARD_OUTBOUND_MQTT_INCLUDE_COVERT)
     */
    public record Mqtt(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("tcp://127.0.0.1:1883") String url,
            @DefaultValue("") String username,
            @DefaultValue("") String password,
            @DefaultValue("") String sslBundle,
            @DefaultValue("") String clientId,
            @DefaultValue("plateguard") String topicPrefix,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("false") boolean includeCovert) {

        public Mqtt {
            positive("mqtt.timeout", timeout);
            URI uri = URI.create(url);
            if (!"tcp".equals(uri.getScheme()) && !"ssl".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("plateguard.outbound.mqtt.url must be tcp://host:port or ssl://host:port");
            }
            if (!topicPrefix.matches("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*")) {
                throw new IllegalArgumentException("plateguard.outbound.mqtt.topic-prefix is words separated by '/', "
                        + "without wildcards");
            }
        }

        boolean tls() {
            return url.startsWith("ssl:");
        }
    }

    private static void positive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("plateguard.outbound." + key + " must be positive");
        }
    }
}
