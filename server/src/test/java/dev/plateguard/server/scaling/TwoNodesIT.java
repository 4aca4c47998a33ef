package dev.plateguard.server.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.plateguard.server.PlateGuardApplication;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;
import dev.plateguard.server.security.BrowserSession;

/**
 * Two PlateGuard nodes over one PostgreSQL, behind a real load balancer (Debian's HAProxy, round robin, health
 * checks on {@code /actuator/health/readiness}), as docs/scaling.md describes: a signed-in browser survives the loss
 * of the node that signed it in, and a rolling restart under load loses no acknowledged read and stores none twice.
 * The nodes are two application contexts in this JVM, sharing one data directory (evidence, keys).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final String NODE_HEADER = "X-PlateGuard-Node";
    private static final String OWNER_PASSWORD = TestClient.unique("owner");
    private static final String APP_PASSWORD = TestClient.unique("app");

    private static EmbeddedPostgres postgres;
    private static Path dataDir;
    private static Node a;
    private static Node b;
    private static Process haproxy;
    private static TestClient balanced;
    private static TestClient.Admin admin;
    private static JdbcClient jdbc;

    @BeforeAll
    static void start() throws Exception {
        assertThat(HAPROXY).as("HAProxy (Debian package haproxy; bin/test-deps installs it)").isExecutable();
        postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        // docs/database-roles.sql, in short: an owner migrates, the nodes run as the application role.
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create role nodes_owner login password '" + OWNER_PASSWORD + "'");
            s.execute("create role nodes_app login password '" + APP_PASSWORD + "'");
            s.execute("create database plateguard owner nodes_owner");
        }
        try (Connection c = postgres.getDatabase("postgres", "plateguard").getConnection(); Statement s = c.createStatement()) {
            s.execute("alter schema public owner to nodes_owner");
            s.execute("revoke create on schema public from public");
        }
        jdbc = JdbcClient.create(postgres.getDatabase("postgres", "plateguard"));
        dataDir = Files.createTempDirectory("plateguard-two-nodes-");
        a = new Node("a", freePort(), true);
        b = new Node("b", freePort(), false);
        a.start(); // migrates and writes the setup token first
        b.start();
        haproxy = startHaproxy(freePort());
        admin = balanced.setupFirstAdmin(dataDir.resolve("setup-token"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
        }
        for (Node node : new Node[] {a, b}) {
            if (node != null) {
                node.stop();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void aSignedInBrowserSurvivesTheLossOfTheNodeThatSignedItIn() throws Exception {
        String username = TestClient.unique("operator").toLowerCase();
        var created = balanced.createUser(admin, Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of("OPERATOR")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        BrowserSession browser = new BrowserSession(balanced);
        TestClient.Response signedIn = browser.login(username, TestClient.PASSWORD);
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(302);
        assertThat(signedIn.header("Location")).doesNotContain("/login");
        // Round robin: the sign-in's requests (form, password) already went to both nodes.
        Node signer = node(signedIn.header(NODE_HEADER));
        Node other = signer == a ? b : a;
        TestClient.Response home = browser.get("/");
        assertThat(home.status()).as("signed in before the loss").isEqualTo(200);
        assertThat(jdbc.sql("""
                select count(*) from spring_session_attributes where position(convert_to(?, 'UTF8') in attribute_bytes) > 0""")
                .param(TestClient.PASSWORD).query(Long.class).single()).as("no password in a stored session").isZero();

        signer.stop();
        try {
            for (int i = 0; i < 4; i++) { // round robin would have sent some of these to the lost node
                TestClient.Response after = browser.get("/");
                assertThat(after.status()).as("still signed in after node %s stopped: %s", signer.name, after.header("Location"))
                        .isEqualTo(200);
                assertThat(after.header(NODE_HEADER)).isEqualTo(other.name);
            }
            assertThat(jdbc.sql("select count(*) from spring_session where principal_name = ?").param(username)
                    .query(Long.class).single()).as("the session is in the database").isEqualTo(1);
        } finally {
            signer.start();
            awaitBalanced(signer);
        }
        // Signing out on one node deletes the session for all of them.
        TestClient.Response page = browser.get("/me/sessions");
        assertThat(page.status()).isEqualTo(200);
        TestClient.Response out = browser.postForm("/logout", Map.of("_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(out.header("Location")).endsWith("/login?logout");
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = ?").param(username)
                .query(Long.class).single()).isZero();
        for (int i = 0; i < 2; i++) {
            assertThat(browser.get("/").header("Location")).as("signed out on every node").contains("/login");
        }
    }

    @Test
    @Order(2)
    void aRollingRestartUnderLoadLosesNoAcknowledgedRead() throws Exception {
        TestClient.Device device = balanced.device(admin);
        byte[] image = TestMedia.jpeg(160, 48, "01 777 AAA", 7);
        AtomicBoolean sending = new AtomicBoolean(true);
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Map<String, String> sent = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        AtomicInteger retries = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            senders.add(Thread.ofPlatform().name("reads-" + t).start(() -> {
                for (int n = 0; sending.get(); n++) {
                    String eventId = "roll-" + thread + "-" + n;
                    String metadata = """
                            {"eventId":"%s","capturedAt":"%s","plate":{"text":"01 777 AAA","confidence":0.9}}"""
                            .formatted(eventId, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5));
                    sent.put(eventId, metadata);
                    // A camera's store-and-forward: an answer that is not an acknowledgement is sent again, as is.
                    for (int attempt = 0; ; attempt++) {
                        TestClient.Response r;
                        try {
                            r = balanced.postMultipart("/api/v1/reads", device.key(), new TestClient.Multipart()
                                    .json("metadata", metadata).file("image", "p.jpg", "image/jpeg", image));
                        } catch (RuntimeException e) {
                            r = null;
                        }
                        if (r != null && (r.status() == 201 || r.status() == 200)) {
                            acknowledged.put(eventId, r.json().get("id").asLong());
                            if (r.status() == 200) {
                                duplicates.incrementAndGet(); // an earlier try was stored, its answer lost
                            }
                            break;
                        }
                        if (r != null && r.status() >= 400 && r.status() < 500) {
                            refused.add(eventId + ": " + r);
                            break;
                        }
                        retries.incrementAndGet();
                        if (attempt > 100) {
                            refused.add(eventId + ": never acknowledged");
                            break;
                        }
                        sleep(100);
                    }
                }
            }));
        }
        sleep(1500);
        int beforeRestart = acknowledged.size();
        for (Node node : new Node[] {a, b}) {
            node.stop();
            sleep(1000); // reads go on through the other node
            node.start();
            awaitBalanced(node);
        }
        sleep(1000);
        sending.set(false);
        for (Thread sender : senders) {
            sender.join(30_000);
        }

        assertThat(refused).as("refused or never acknowledged sends").isEmpty();
        assertThat(acknowledged.size()).as("reads acknowledged during the restarts").isGreaterThan(beforeRestart);
        Map<String, Long> stored = new HashMap<>();
        jdbc.sql("select event_id, id from plate_read where camera_id = ?").param(device.cameraId())
                .query(rs -> {
                    stored.merge(rs.getString(1), rs.getLong(2), (x, y) -> -1L);
                });
        assertThat(stored).as("every acknowledged read stored once, under the id its acknowledgement gave; nothing else")
                .isEqualTo(acknowledged);
        // A camera that missed an acknowledgement sends the read again: a duplicate (200, the first id), not a conflict.
        acknowledged.entrySet().stream().limit(20).forEach(read -> {
            TestClient.Response again = balanced.postMultipart("/api/v1/reads", device.key(), new TestClient.Multipart()
                    .json("metadata", sent.get(read.getKey())).file("image", "p.jpg", "image/jpeg", image));
            assertThat(again.status()).as(again.toString()).isEqualTo(200);
            assertThat(again.json().get("id").asLong()).isEqualTo(read.getValue());
        });
        System.out.printf("Rolling restart: %d reads acknowledged, %d retried sends, %d retries answered as duplicates%n",
                acknowledged.size(), retries.get(), duplicates.get());
    }

    @Test
    @Order(3)
    void singletonJobsTakeTheirLockAndOnlyOneNodeRunsRecognition() {
        // Camera health runs every second on both nodes (set below); each turn takes its ShedLock row.
        assertThat(jdbc.sql("select count(*) from shedlock where name = 'camera-health'").query(Long.class).single())
                .isEqualTo(1);
        String token = admin.token();
        assertThat(a.client().get("/api/v1/recognition/status", token).json().get("worker").asBoolean()).isTrue();
        assertThat(b.client().get("/api/v1/recognition/status", token).json().get("worker").asBoolean()).isFalse();
    }

    private static Node node(String name) {
        assertThat(name).as("the balancer names the node that answered").isIn("a", "b");
        return "a".equals(name) ? a : b;
    }

    /** Waits until the balancer sends requests to the node again (its health checks passed). */
    private static void awaitBalanced(Node node) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            TestClient.Response r = balanced.get("/actuator/health/readiness", null);
            if (r.status() == 200 && node.name.equals(r.header(NODE_HEADER)) && ++seen == 2) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("the balancer never sent a request to node " + node.name + " again");
    }

    private static Process startHaproxy(int port) throws IOException {
        Path config = dataDir.resolveSibling(dataDir.getFileName() + "-haproxy.cfg");
        // Health checks every 200 ms; a refused connection is sent to the other node (redispatch). The answering
        // node's name goes into a header, for the test to see where a request went.
        Files.writeString(config, """
                global
                    maxconn 512
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                    retries 3
                    option redispatch
                    retry-on conn-failure empty-response
                frontend plateguard
                    bind 127.0.0.1:%d
                    default_backend nodes
                backend nodes
                    balance roundrobin
                    option httpchk GET /actuator/health/readiness
                    http-check expect status 200
                    http-response set-header %s %%[srv_name]
                    server a 127.0.0.1:%d check inter 200ms fall 1 rise 2
                    server b 127.0.0.1:%d check inter 200ms fall 1 rise 2
                """.formatted(port, NODE_HEADER, a.port, b.port));
        Process process = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-haproxy.log").toFile())
                .start();
        balanced = new TestClient("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (balanced.get("/actuator/health/readiness", null).status() == 200) {
                    awaitBalanced(a);
                    awaitBalanced(b);
                    return process;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            assertThat(process.isAlive()).as("haproxy runs (see its log beside the data directory)").isTrue();
            sleep(100);
        }
        throw new AssertionError("haproxy did not answer");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One PlateGuard node: a Spring application on a fixed port (the balancer's configuration names it). */
    private static final class Node {

        final String name;
        final int port;
        final boolean recognitionWorker;
        ConfigurableApplicationContext context;

        Node(String name, int port, boolean recognitionWorker) {
            this.name = name;
            this.port = port;
            this.recognitionWorker = recognitionWorker;
        }

        void start() {
            Map<String, Object> p = new HashMap<>();
            p.put("server.address", "127.0.0.1");
            p.put("server.port", port);
            p.put("plateguard.data-dir", dataDir.toString());
            p.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/plateguard");
            p.put("spring.datasource.username", "nodes_app");
            p.put("spring.datasource.password", APP_PASSWORD);
            p.put("spring.flyway.user", "nodes_owner");
            p.put("spring.flyway.password", OWNER_PASSWORD);
            // Everything comes from the balancer's address: no per-address throttling in this test.
            p.put("plateguard.auth.max-failures-per-ip", "1000");
            p.put("plateguard.abuse.address-requests-per-minute", "1000000");
            p.put("plateguard.recognition.worker.enabled", recognitionWorker);
            p.put("plateguard.camera-health.interval", "1s");
            p.put("spring.lifecycle.timeout-per-shutdown-phase", "10s");
            // As command-line arguments: they rank above application.properties (default properties do not).
            context = new SpringApplicationBuilder(PlateGuardApplication.class)
                    .run(p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        }

        void stop() {
            if (context != null) {
                context.close();
                context = null;
            }
        }

        TestClient client() {
            return new TestClient("http://127.0.0.1:" + port);
        }
    }
}
