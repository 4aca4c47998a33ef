package dev.plateguard.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.PlateGuardApplication;

/**
 * MQTT and restarts, for real: a Moquette broker in this JVM (with a user name and password), a Paho client
 * subscribed to it, and the server started twice on one data directory. Events reach the broker at QoS 1; while the
 * broker is down they wait in the outbox untried; and what is still undelivered when the server stops (MQTT and a
 * webhook alike) goes out after the next start.
 */
class MqttDeliveryIT {

    private static final String USER = "plateguard";
    private static final String PASSWORD = "broker password 1";

    @TempDir
    Path data;

    @Test
    void eventsReachTheBrokerWaitWhileItIsDownAndOutliveARestart() throws Exception {
        int port = freePort();
        Server broker = broker(port);
        ConfigurableApplicationContext app = start(port);
        BlockingQueue<Map.Entry<String, JsonNode>> received = new LinkedBlockingQueue<>();
        MqttClient subscriber = subscribe(port, received);
        WebhookReceiver receiver = new WebhookReceiver();
        try {
            ConfigurableApplicationContext before = app;
            long first = publish(app, "camera.health.raised", "camera:1");
            Map.Entry<String, JsonNode> message = received.poll(20, TimeUnit.SECONDS);
            assertThat(message).as("the subscriber got the event").isNotNull();
            assertThat(message.getKey()).isEqualTo("plateguard-test/camera/health/raised");
            assertThat(message.getValue().get("id").asLong()).isEqualTo(first);
            assertThat(message.getValue().get("data").get("cameraId").asInt()).isEqualTo(1);
            WebhookDeliveryIT.await("recorded as delivered", () -> "delivered".equals(mqttState(before, first)));
            // A covert list's alert is not for the broker (include-covert is off): no delivery is even stored.
            long covert = before.getBean(TransactionTemplate.class).execute(s -> before.getBean(Outbound.class).publish(
                    new OutboundEvent("alert.raised", "alert:0", Instant.now(), Map.of("covert", true), true)));
            assertThat(jdbc(before).sql("select count(*) from outbound_delivery where event_id = ?").param(covert)
                    .query(Long.class).single()).isZero();

            // The broker goes away: events wait, untried (no attempt recorded, no dead letter).
            close(subscriber);
            broker.stopServer();
            long second = publish(app, "camera.health.cleared", "camera:1");
            long third = publish(app, "alert.raised", "alert:1");
            WebhookDeliveryIT.await("the broker's absence is noticed", () ->
                    jdbc(before).sql("select count(*) from outbound_delivery where event_id in (?, ?) and channel = 'mqtt' "
                                    + "and state = 'pending' and attempts = 0 and last_error like '%connect%'")
                            .params(second, third).query(Long.class).single() == 2);
            assertThat(app.getBean(MqttPublisher.class).status().connected()).isFalse();
            assertThat(app.getBean(MqttPublisher.class).status().lastError()).isNotBlank();

            // A webhook whose receiver answers 503 for now: one failed attempt, the next one due after the restart.
            receiver.answer(503);
            long hook = app.getBean(WebhookSubscriptions.class).create(new WebhookSubscriptions.Draft(
                    receiver.url("/after-restart"), List.of("alert.*"), null, true), "test").subscription().id();
            long fourth = publish(app, "alert.raised", "alert:2");
            WebhookDeliveryIT.await("the first webhook attempt failed", () -> jdbc(before).sql(
                    "select attempts from outbound_delivery where event_id = ? and subscription_id = ?")
                    .params(fourth, hook).query(Integer.class).single() == 1);

            // The server stops with all of it undelivered; the broker comes back; the server starts again.
            app.close();
            broker = broker(port);
            subscriber = subscribe(port, received);
            app = start(port);
            Map<Long, String> topics = new java.util.HashMap<>();
            for (int i = 0; i < 3; i++) {
                Map.Entry<String, JsonNode> m = received.poll(30, TimeUnit.SECONDS);
                assertThat(m).as("event %d of 3 after the restart", i + 1).isNotNull();
                topics.put(m.getValue().get("id").asLong(), m.getKey());
            }
            assertThat(topics).containsOnlyKeys(second, third, fourth);
            assertThat(topics.get(second)).isEqualTo("plateguard-test/camera/health/cleared");
            WebhookReceiver.Received hooked = receiver.next(30);
            assertThat(hooked).isNotNull();
            assertThat(hooked = receiver.next(30)).as("the retry after the restart").isNotNull();
            assertThat(hooked.json().get("id").asLong()).isEqualTo(fourth);
            ConfigurableApplicationContext restarted = app;
            WebhookDeliveryIT.await("all delivered", () -> jdbc(restarted).sql(
                    "select count(*) from outbound_delivery where event_id in (?, ?, ?) and state = 'delivered'")
                    .params(second, third, fourth).query(Long.class).single() == 4);
            assertThat(app.getBean(MqttPublisher.class).status().connected()).isTrue();
        } finally {
            // The server first: left running, it would outlive its deleted data directory.
            app.close();
            broker.stopServer();
            receiver.close();
            close(subscriber);
        }
    }

    private ConfigurableApplicationContext start(int brokerPort) {
        // As arguments: they come before application.properties (default properties would come after it).
        return new SpringApplicationBuilder(PlateGuardApplication.class).run(Map.ofEntries(
                Map.entry("plateguard.data-dir", data.resolve("data").toString()),
                Map.entry("plateguard.embedded-db.port", "0"),
                Map.entry("server.address", "127.0.0.1"),
                Map.entry("server.port", "0"),
                Map.entry("plateguard.recognition.enabled", "false"),
                Map.entry("plateguard.retention.enabled", "false"),
                Map.entry("plateguard.outbound.mqtt.enabled", "true"),
                Map.entry("plateguard.outbound.mqtt.url", "tcp://127.0.0.1:" + brokerPort),
                Map.entry("plateguard.outbound.mqtt.username", USER),
                Map.entry("plateguard.outbound.mqtt.password", PASSWORD),
                Map.entry("plateguard.outbound.mqtt.topic-prefix", "plateguard-test"),
                Map.entry("plateguard.outbound.mqtt.timeout", "3s"),
                Map.entry("plateguard.outbound.initial-backoff", "2s"),
                Map.entry("plateguard.outbound.poll-interval", "1s"),
                Map.entry("plateguard.outbound.webhooks.allow-loopback", "true"))
                .entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static long publish(ConfigurableApplicationContext app, String type, String subject) {
        return app.getBean(TransactionTemplate.class).execute(s -> app.getBean(Outbound.class).publish(
                new OutboundEvent(type, subject, Instant.now(), Map.of("cameraId", 1))));
    }

    private static JdbcClient jdbc(ConfigurableApplicationContext app) {
        return app.getBean(JdbcClient.class);
    }

    private static String mqttState(ConfigurableApplicationContext app, long event) {
        return jdbc(app).sql("select state from outbound_delivery where event_id = ? and channel = 'mqtt'").param(event)
                .query(String.class).single();
    }

    /** A broker that lets in only {@link #USER} with {@link #PASSWORD}. */
    private static Server broker(int port) throws IOException {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", String.valueOf(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "false");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        Server server = new Server();
        IAuthorizatorPolicy everything = new IAuthorizatorPolicy() {
            @Override
            public boolean canWrite(Topic topic, String user, String client) {
                return true;
            }

            @Override
            public boolean canRead(Topic topic, String user, String client) {
                return true;
            }
        };
        server.startServer(new MemoryConfig(p), List.of(), null,
                (client, user, password) -> USER.equals(user) && password != null
                        && PASSWORD.equals(new String(password, StandardCharsets.UTF_8)), everything);
        return server;
    }

    private static void close(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(1000);
            }
            client.close(true);
        } catch (org.eclipse.paho.client.mqttv3.MqttException ignored) {
            // already gone with the broker
        }
    }

    /**
     * A subscriber to everything under the test prefix. Moquette, busy, may drop a subscription that follows the
     * connection too closely ("SUBSCRIBE received on already closed connection"): then it connects again.
     */
    private static MqttClient subscribe(int port, BlockingQueue<Map.Entry<String, JsonNode>> into) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        for (int attempt = 1; ; attempt++) {
            MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "test-subscriber-" + System.nanoTime(),
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName(USER);
            options.setPassword(PASSWORD.toCharArray());
            try {
                client.connect(options);
                client.subscribe("plateguard-test/#", 1, (topic, message) ->
                        into.add(Map.entry(topic, json.readTree(message.getPayload()))));
                return client;
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                client.close(true);
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
