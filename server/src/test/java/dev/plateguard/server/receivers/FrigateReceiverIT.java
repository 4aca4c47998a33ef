package dev.plateguard.server.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;

/**
 * Frigate over a real MQTT broker (Moquette, in this JVM, on the port the server's subscriber was configured with in
 * {@link dev.plateguard.server.IntegrationTest}): published LPR events become reads of the mapped camera; unmapped
 * cameras and broken messages are dropped without stopping the subscription.
 */
class FrigateReceiverIT extends IngestSupport {

    private static Server broker;

    @Autowired
    FrigateSubscriber subscriber;

    @BeforeAll
    static void startBroker() throws Exception {
        Properties config = new Properties();
        config.setProperty("host", "127.0.0.1");
        config.setProperty("port", String.valueOf(MQTT_PORT));
        config.setProperty("websocket_port", "disabled");
        config.setProperty("allow_anonymous", "true");
        config.setProperty("persistence_enabled", "false");
        config.setProperty("telemetry_enabled", "false");
        broker = new Server();
        broker.startServer(new MemoryConfig(config));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stopServer();
        }
    }

    /** The camera the tests' configuration maps Frigate's "pg-it-street" to: site "Frigate IT", camera "street". */
    private TestClient.Device streetCamera() {
        var sites = client().get("/api/v1/sites", admin().token()).json();
        for (var site : sites) {
            if (site.get("name").asString().equals("Frigate IT")) {
                for (var camera : client().get("/api/v1/cameras?siteId=" + site.get("id").asLong(), admin().token()).json()) {
                    var key = client().post("/api/v1/cameras/" + camera.get("id").asLong() + "/keys", admin().token(), null, new byte[0]);
                    return new TestClient.Device(site.get("id").asLong(), camera.get("id").asLong(), key.json().get("id").asLong(),
                            key.json().get("key").asString());
                }
            }
        }
        var site = client().postJson("/api/v1/sites", admin().token(), Map.of("name", "Frigate IT", "city", "Tashkent",
                "region", "Tashkent city", "latitude", 41.3, "longitude", 69.27));
        var camera = client().postJson("/api/v1/cameras", admin().token(), Map.of("siteId", site.json().get("id").asLong(),
                "name", "street", "kind", "anpr"));
        long cameraId = camera.json().get("id").asLong();
        var key = client().post("/api/v1/cameras/" + cameraId + "/keys", admin().token(), null, new byte[0]);
        return new TestClient.Device(site.json().get("id").asLong(), cameraId, key.json().get("id").asLong(), key.json().get("key").asString());
    }

    private static void publish(String topic, byte[] payload) throws Exception {
        MqttClient frigate = new MqttClient("tcp://127.0.0.1:" + MQTT_PORT, TestClient.unique("frigate"), new MemoryPersistence());
        frigate.connect();
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        frigate.publish(topic, message);
        frigate.disconnect();
        frigate.close();
    }

    private static byte[] event(String camera, String plate) {
        long now = System.currentTimeMillis();
        return new String(Fixtures.fixture("frigate/events_end.json", Map.of("ID", TestClient.unique("obj"), "CAMERA", camera,
                "PLATE", plate)), java.nio.charset.StandardCharsets.UTF_8)
                .replace("1764151385.12", String.format(java.util.Locale.ROOT, "%.3f", (now - 60_000) / 1000.0))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private long readsOf(long cameraId, String plate) {
        return jdbc.sql("select count(*) from plate_read where camera_id = ? and plate_normalized = ?").params(cameraId, plate)
                .query(Long.class).single();
    }

    private void awaitRead(long cameraId, String plate) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (readsOf(cameraId, plate) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(readsOf(cameraId, plate)).as("read of " + plate).isEqualTo(1);
    }

    @Test
    void endEventsAndLprUpdatesBecomeReadsOfTheMappedCamera() throws Exception {
        var street = streetCamera();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!subscriber.connected() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(subscriber.connected()).as("the subscriber reached the broker").isTrue();
        Thread.sleep(300); // the subscription follows the connection

        String unmapped = uniquePlate();
        String plate = uniquePlate();
        publish("frigate/events", event("someone-elses-camera", unmapped));
        publish("frigate/events", "{ not json".getBytes());
        publish("frigate/events", event("pg-it-street", plate));
        awaitRead(street.cameraId(), plate);
        // messages are handled in order: the two before it were dropped, and the subscription lived on
        assertThat(jdbc.sql("select count(*) from plate_read where plate_normalized = ?").param(unmapped).query(Long.class).single()).isZero();

        String lpr = uniquePlate();
        publish("frigate/tracked_object_update", new String(Fixtures.fixture("frigate/tracked_object_update_lpr.json",
                Map.of("ID", TestClient.unique("obj"), "CAMERA", "pg-it-street", "PLATE", lpr)))
                .replace("1764151386.25", String.valueOf((System.currentTimeMillis() - 30_000) / 1000.0)).getBytes());
        awaitRead(street.cameraId(), lpr);
        var stored = TestClient.JSON.readTree(jdbc.sql("select metadata::text from plate_read where plate_normalized = ?").param(lpr)
                .query(String.class).single());
        assertThat(stored.get("plate").get("confidence").asDouble()).isEqualTo(0.95);
        assertThat(stored.get("vendor").get("format").asString()).isEqualTo("frigate");
    }
}
