package dev.plateguard.server.outbound;

import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;

/**
 * Publishes outbound events to the configured MQTT broker (Eclipse Paho), QoS 1: an event counts as delivered once
 * the broker acknowledged it. The client connects when there is something to send and again after the connection
 * dropped; nothing is kept in the client itself (memory persistence, clean session), because the outbox is what
 * remembers undelivered events.
 */
@Component
class MqttPublisher {

    private static final Logger log = LoggerFactory.getLogger(MqttPublisher.class);

    /** The broker could not be reached (not a failure of any one event). */
    static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The connection as the admin page shows it. */
    record Status(boolean enabled, String url, boolean connected, Instant since, String lastError) {
    }

    private final OutboundSettings.Mqtt settings;
    private final ObjectProvider<SslBundles> sslBundles;
    private MqttClient client;
    private volatile Instant since;
    private volatile String lastError;

    MqttPublisher(OutboundSettings settings, ObjectProvider<SslBundles> sslBundles) {
        this.settings = settings.mqtt();
        this.sslBundles = sslBundles;
    }

    boolean enabled() {
        return settings.enabled();
    }

    /** The topic of an event type: {@code <prefix>/alert/raised}. */
    String topic(String type) {
        return settings.topicPrefix() + "/" + type.replace('.', '/');
    }

    /**
     * Publishes and waits for the broker's acknowledgement. {@link Unreachable} when no connection could be made;
     * an {@link MqttException} when the broker took the connection but not the message.
     */
    void publish(String type, byte[] body) throws Unreachable, MqttException {
        MqttClient connected = connected();
        MqttMessage message = new MqttMessage(body);
        message.setQos(1);
        message.setRetained(false);
        try {
            connected.publish(topic(type), message);
        } catch (MqttException e) {
            if (!connected.isConnected()) {
                lost(e);
                throw new Unreachable("the connection to the broker dropped: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    Status status() {
        MqttClient current;
        synchronized (this) {
            current = client;
        }
        return new Status(settings.enabled(), settings.url(), current != null && current.isConnected(), since, lastError);
    }

    private synchronized MqttClient connected() throws Unreachable {
        try {
            if (client == null) {
                String id = settings.clientId().isBlank()
                        ? "plateguard-" + UUID.randomUUID().toString().substring(0, 8) : settings.clientId();
                client = new MqttClient(settings.url(), id, new MemoryPersistence());
                client.setTimeToWait(settings.timeout().toMillis());
            }
            if (!client.isConnected()) {
                client.connect(options());
                since = Instant.now();
                lastError = null;
                log.info("Connected to the MQTT broker {}", settings.url());
            }
            return client;
        } catch (MqttException | RuntimeException e) {
            lost(e);
            throw new Unreachable("cannot connect to the MQTT broker " + settings.url() + ": " + describe(e), e);
        }
    }

    private synchronized void lost(Exception e) {
        if (lastError == null) {
            log.warn("MQTT broker {} unreachable: {}", settings.url(), describe(e));
        }
        lastError = describe(e);
        since = Instant.now();
    }

    private MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false); // the next delivery reconnects; the outbox keeps what waits
        options.setConnectionTimeout((int) Math.max(1, settings.timeout().toSeconds()));
        options.setKeepAliveInterval(30);
        options.setMaxInflight(1000);
        if (!settings.username().isBlank()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().toCharArray());
        }
        if (!settings.sslBundle().isBlank()) {
            options.setSocketFactory(sslBundles.getObject().getBundle(settings.sslBundle()).createSslContext()
                    .getSocketFactory());
        }
        options.setHttpsHostnameVerificationEnabled(true);
        return options;
    }

    private static String describe(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect(1000);
                }
                client.close(true);
            } catch (MqttException e) {
                log.debug("Closing the MQTT client: {}", e.getMessage());
            }
            client = null;
        }
    }
}
