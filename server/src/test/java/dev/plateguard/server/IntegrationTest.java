package dev.plateguard.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.plateguard.server.recognition.RecognitionTestConfiguration;

/**
 * Base of integration tests: the real server on a random port over real HTTP, backed by a real embedded
 * PostgreSQL in a temporary data directory. All subclasses share one application context (and database), so
 * tests create their own sites, cameras and users with unique names.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecognitionTestConfiguration.class)
public abstract class IntegrationTest {

    protected static final Path DATA_DIR;
    /** Tomcat's access log, on for the tests that check what it holds (outside the data directory, whose modes are checked). */
    protected static final Path ACCESS_LOG_DIR;
    /** Where the tests' MQTT broker listens (FrigateReceiverIT starts it; the server's subscriber keeps trying until then). */
    protected static final int MQTT_PORT;
    /** The metrics scrape token ({@code pgm_…}) the server knows by its hash (plateguard.metrics.scrape-token-sha256). */
    protected static final String SCRAPE_TOKEN = dev.plateguard.server.identity.Secrets.generate(
            dev.plateguard.server.identity.Secrets.SCRAPE_TOKEN_PREFIX);

    static {
        try {
            DATA_DIR = Files.createTempDirectory("plateguard-test-");
            ACCESS_LOG_DIR = Files.createTempDirectory("plateguard-access-log-");
            try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                MQTT_PORT = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("plateguard.data-dir", DATA_DIR::toString);
        registry.add("plateguard.embedded-db.port", () -> "0");
        registry.add("server.address", () -> "127.0.0.1");
        // Small limits so that oversize tests stay fast.
        registry.add("plateguard.ingest.max-image-bytes", () -> "2MB");
        registry.add("plateguard.ingest.max-video-bytes", () -> "4MB");
        registry.add("spring.servlet.multipart.max-request-size", () -> "8MB");
        registry.add("spring.servlet.multipart.max-file-size", () -> "6MB");
        registry.add("plateguard.auth.max-failures-per-ip", () -> "1000");
        registry.add("plateguard.receivers.max-body-size", () -> "3MB");
        // The access log, unbuffered, so that tests can read what it holds (receivers: no device key in it).
        registry.add("server.tomcat.accesslog.enabled", () -> "true");
        registry.add("server.tomcat.accesslog.directory", ACCESS_LOG_DIR::toString);
        registry.add("server.tomcat.accesslog.buffered", () -> "false");
        // The Frigate receiver subscribes to a broker that FrigateReceiverIT runs in this JVM, for one camera.
        registry.add("plateguard.receivers.frigate.broker-url", () -> "tcp://127.0.0.1:" + MQTT_PORT);
        registry.add("plateguard.receivers.frigate.reconnect-interval", () -> "300ms");
        registry.add("plateguard.receivers.frigate.topics", () -> "frigate/events,frigate/tracked_object_update");
        registry.add("plateguard.receivers.frigate.cameras.pg-it-street", () -> "Frigate IT/street");
        registry.add("plateguard.hotlists.max-import-bytes", () -> "1MB");
        registry.add("plateguard.hotlists.max-import-rows", () -> "5000");
        // A live alert stream a test has closed is noticed at the next keep-alive: soon, so that it is not audited on.
        registry.add("plateguard.alerts.stream-heartbeat", () -> "1s");
        // Background jobs that change violation states would race with tests asserting them; tests call the
        // jobs' public methods instead (detection stays scheduled: it is idempotent and never changes states).
        registry.add("plateguard.review.interval", () -> "1h");
        registry.add("plateguard.violations.registry-recheck-interval", () -> "1h");
        // Recognition: a tiny queue (so that tests can fill it), and no scheduled poller: tests dispatch waiting
        // jobs themselves (RecognitionDispatcher.poll). Jobs of image-only reads are still dispatched at once.
        registry.add("plateguard.recognition.queue-capacity", () -> "4");
        // Tests assert exactly what the (scripted or tiny test) reader returned, whatever its confidence.
        registry.add("plateguard.recognition.fill-min-confidence", () -> "0");
        registry.add("plateguard.recognition.threads", () -> "1");
        registry.add("plateguard.recognition.poll-interval", () -> "1h");
        registry.add("plateguard.recognition.retry-backoff", () -> "20ms");
        // Outbound: test receivers listen on loopback (refused by default), and retries come quickly so that a
        // delivery becomes a dead letter within a test.
        registry.add("plateguard.outbound.webhooks.allow-loopback", () -> "true");
        registry.add("plateguard.outbound.max-attempts", () -> "3");
        registry.add("plateguard.outbound.initial-backoff", () -> "100ms");
        registry.add("plateguard.outbound.max-backoff", () -> "300ms");
        registry.add("plateguard.outbound.webhooks.request-timeout", () -> "3s");
        // Camera health: tests evaluate the alarms themselves, as of the times they choose (HealthCheck.evaluate),
        // and a few recognitions tell a camera's recognition rate.
        registry.add("plateguard.camera-health.interval", () -> "1h");
        registry.add("plateguard.camera-health.no-plate-min-reads", () -> "5");
        // Prometheus may scrape with SCRAPE_TOKEN; the server is given only its hash, as in production.
        registry.add("plateguard.metrics.scrape-token-sha256",
                () -> java.util.HexFormat.of().formatHex(dev.plateguard.server.identity.Secrets.hash(SCRAPE_TOKEN)));
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    private static TestClient.Admin admin;

    protected TestClient client() {
        return new TestClient("http://127.0.0.1:" + port);
    }

    /**
     * The first administrator, created once through the real setup flow, with a second administrator
     * ({@code admin2}, no approval needed for ADMIN alone) who approves the data roles the first one grants.
     */
    protected synchronized TestClient.Admin admin() {
        if (admin == null) {
            admin = client().setupFirstAdmin(DATA_DIR.resolve("setup-token"));
        }
        return admin;
    }

    protected long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    protected long evidenceFilesOnDisk() throws IOException {
        Path root = DATA_DIR.resolve("evidence");
        if (!Files.exists(root)) {
            return 0;
        }
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
