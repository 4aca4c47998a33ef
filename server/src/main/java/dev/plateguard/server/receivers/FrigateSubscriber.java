package dev.plateguard.server.receivers;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.plateguard.server.cameras.Camera;
import dev.plateguard.server.cameras.CameraNetwork;
import dev.plateguard.server.cameras.DeviceKeys;
import dev.plateguard.server.identity.DevicePrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * Subscribes to Frigate's MQTT broker ({@code plateguard.receivers.frigate.*}) and hands each message to the same
 * pipeline as the HTTP receivers, as the PlateGuard camera configured for the Frigate camera. The subscription is
 * durable (clean session off, QoS 1): messages published while PlateGuard is down are delivered when it is back, and
 * a message counts as received only once its read is stored. While the broker cannot be reached, it is tried again
 * every {@code reconnect-interval}. A message that is not what Frigate sends is logged and dropped (a broker has
 * nobody to answer a 400 to).
 */
@Component
class FrigateSubscriber implements SmartLifecycle, MqttCallbackExtended {

    private static final Logger log = LoggerFactory.getLogger(FrigateSubscriber.class);

    private final ReceiverSettings.Frigate settings;
    private final FrigateDecoder decoder;
    private final VendorReceiver receiver;
    private final CameraNetwork network;
    private final DeviceKeys deviceKeys;
    private ScheduledExecutorService connector;
    private volatile MqttClient client;
    private volatile boolean running;
    private volatile boolean warned;

    FrigateSubscriber(ReceiverSettings settings, FrigateDecoder decoder, VendorReceiver receiver, CameraNetwork network,
                      DeviceKeys deviceKeys) {
        this.settings = settings.frigate();
        this.decoder = decoder;
        this.receiver = receiver;
        this.network = network;
        this.deviceKeys = deviceKeys;
    }

    @Override
    public void start() {
        running = true;
        if (!settings.enabled()) {
            return;
        }
        connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "frigate-mqtt");
            t.setDaemon(true);
            return t;
        });
        connector.execute(this::connect);
    }

    private void connect() {
        try {
            MqttClient c = new MqttClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            options.setAutomaticReconnect(true);
            if (!settings.username().isBlank()) {
                options.setUserName(settings.username());
                options.setPassword(settings.password().toCharArray());
            }
            c.setCallback(this);
            c.connect(options);
            client = c;
            log.info("Frigate receiver connected to {}", settings.brokerUrl());
        } catch (MqttException e) {
            if (!warned) {
                warned = true;
                log.warn("Frigate receiver cannot reach {} ({}); trying again every {}", settings.brokerUrl(),
                        e.getMessage(), settings.reconnectInterval());
            }
            if (running) {
                connector.schedule(this::connect, settings.reconnectInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** (Re)subscribes after every connection: a reconnect with a new session would otherwise receive nothing. */
    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        try {
            for (String topic : settings.topics()) {
                client().subscribe(topic, 1);
            }
        } catch (MqttException e) {
            log.warn("Frigate receiver could not subscribe to {}: {}", settings.topics(), e.getMessage());
        }
    }

    private MqttClient client() {
        return client;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        // A refused message is dropped (acknowledged). Any other failure (the database away) is thrown: Paho then
        // drops the connection without acknowledging, and the broker delivers the message again after the reconnect.
        try {
            FrigateDecoder.Message decoded = decoder.decode(message.getPayload());
            Optional<DevicePrincipal> camera = camera(decoded.camera());
            if (camera.isEmpty()) {
                log.warn("Frigate camera '{}' is not mapped to an active PlateGuard camera with a device key "
                        + "(plateguard.receivers.frigate.cameras); message dropped", safe(decoded.camera()));
                return;
            }
            receiver.receive(camera.get(), FrigateDecoder.FORMAT, decoded.decoded());
        } catch (Refusal refused) {
            log.warn("Frigate message on {} refused: {}", topic, refused.getMessage());
        } catch (RuntimeException e) {
            log.error("Frigate message on {} could not be stored; it will be delivered again", topic, e);
            throw e;
        }
    }

    /** The PlateGuard camera configured for a Frigate camera: its id, or "site name/camera name". */
    private Optional<DevicePrincipal> camera(String frigateCamera) {
        String target = frigateCamera == null ? null : settings.cameras().get(frigateCamera);
        if (target == null) {
            return Optional.empty();
        }
        Optional<Long> id;
        if (target.matches("\\d{1,18}")) {
            id = Optional.of(Long.parseLong(target));
        } else {
            int slash = target.lastIndexOf('/');
            String site = slash < 0 ? "" : target.substring(0, slash), name = target.substring(slash + 1);
            id = network.sites().stream().filter(s -> s.name().equals(site)).findFirst()
                    .flatMap(s -> network.cameras(s.id()).stream().filter(c -> c.name().equals(name)).findFirst())
                    .map(Camera::id);
        }
        return id.flatMap(deviceKeys::activeKeyOf);
    }

    private static String safe(String text) {
        return text == null ? "" : text.replaceAll("[^\\p{L}\\p{N} ._-]", "?");
    }

    @Override
    public void connectionLost(Throwable cause) {
        log.warn("Frigate receiver lost the broker ({}); reconnecting", cause.toString());
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // subscriber only
    }

    @Override
    public void stop() {
        running = false;
        if (connector != null) {
            connector.shutdownNow();
        }
        MqttClient c = client;
        if (c != null) {
            try {
                c.disconnectForcibly(1000, 1000);
                c.close();
            } catch (MqttException e) {
                log.debug("Frigate receiver disconnect: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether the subscription is live (for tests and health). */
    boolean connected() {
        MqttClient c = client;
        return c != null && c.isConnected();
    }
}
