package dev.plateguard.server.camerahealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.outbound.WebhookReceiver;
import dev.plateguard.server.recognition.ScriptedPlateReader;
import dev.plateguard.server.security.BrowserSession;

/**
 * Camera-health alarms through the real API and database, evaluated as of times the test chooses
 * ({@link HealthCheck#evaluate}): each condition raises, holds between its thresholds, and clears; every change goes
 * out as an outbound event, here to a real webhook receiver; the API and the camera's page show them.
 */
class CameraHealthIT extends IngestSupport {

    @Autowired
    HealthCheck check;
    @Autowired
    ReadTallies tallies;
    @Autowired
    ScriptedPlateReader scripted;

    @Test
    void aSilentCameraGoesStaleThenOfflineAndRecoversAndWebhooksHearOfIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            TestClient.Response subscribed = client().postJson("/api/v1/webhooks", admin().token(), Map.of(
                    "url", receiver.url("/health"), "eventTypes", List.of("camera.health.*")));
            assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(201);
            receiver.secret(subscribed.json().get("secret").asString());
            TestClient.Device device = client().device(admin());
            heartbeat(device, "{\"status\":\"ok\"}");
            Instant now = Instant.now();

            check.evaluate(now.plusSeconds(60));
            assertThat(open(device)).isEmpty();
            check.evaluate(now.plus(Duration.ofMinutes(3)));
            assertThat(open(device)).containsExactly("stale");
            check.evaluate(now.plus(Duration.ofMinutes(11)));
            assertThat(open(device)).containsExactlyInAnyOrder("stale", "offline");

            heartbeat(device, "{\"status\":\"ok\"}");
            Instant heard = Instant.now();
            check.evaluate(heard.plusSeconds(90)); // silent 90 s: between clearing (60 s) and raising (120 s)
            assertThat(open(device)).containsExactlyInAnyOrder("stale", "offline");
            check.evaluate(heard.plusSeconds(5));
            assertThat(open(device)).isEmpty();

            List<JsonNode> events = new ArrayList<>();
            while (events.size() < 4) {
                WebhookReceiver.Received got = receiver.next(20);
                assertThat(got).as("event %d of 4", events.size() + 1).isNotNull();
                assertThat(got.signatureValid()).isTrue();
                if (got.json().get("subject").asString().equals("camera:" + device.cameraId())) {
                    events.add(got.json());
                }
            }
            assertThat(events).extracting(e -> e.get("type").asString() + " " + e.get("data").get("condition").asString())
                    .containsExactlyInAnyOrder("camera.health.raised stale", "camera.health.raised offline",
                            "camera.health.cleared stale", "camera.health.cleared offline");
            JsonNode offline = events.stream().filter(e -> e.get("type").asString().endsWith("raised")
                    && e.get("data").get("condition").asString().equals("offline")).findFirst().orElseThrow();
            assertThat(offline.get("data").get("value").asDouble()).isGreaterThan(600);
            assertThat(offline.get("data").get("unit").asString()).isEqualTo("seconds");
            assertThat(offline.get("data").get("siteId").asLong()).isEqualTo(device.siteId());

            // History through the API: two alarms, both cleared.
            JsonNode health = client().get("/api/v1/cameras/" + device.cameraId() + "/health", admin().token()).json();
            assertThat(health.get("open")).isEmpty();
            assertThat(health.get("history")).extracting(a -> a.get("condition").asString())
                    .containsExactlyInAnyOrder("stale", "offline");
            assertThat(health.get("liveness").asString()).isEqualTo("online");
        }
    }

    @Test
    void clockDriftFromHeartbeatsAndFromReadsWithHysteresis() {
        TestClient.Device device = client().device(admin());
        heartbeat(device, "{\"clock\":\"" + OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(45) + "\"}");
        check.evaluate(Instant.now());
        assertThat(open(device)).containsExactly("clock-drift");
        JsonNode alarm = alarms(device, true).getFirst();
        assertThat(alarm.get("raisedValue").asDouble()).isBetween(40.0, 50.0);
        assertThat(alarm.get("details").get("source").asString()).isEqualTo("heartbeat");

        heartbeat(device, "{\"clock\":\"" + OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(20) + "\"}");
        check.evaluate(Instant.now());
        assertThat(open(device)).as("20 s: between clearing (10 s) and raising (30 s)").containsExactly("clock-drift");
        heartbeat(device, "{\"clock\":\"" + OffsetDateTime.now(ZoneOffset.UTC) + "\"}");
        check.evaluate(Instant.now());
        assertThat(open(device)).isEmpty();

        // A camera that sends no heartbeats, whose clock runs three minutes behind: its reads tell.
        TestClient.Device quiet = client().device(admin());
        StringBuilder batch = new StringBuilder("{\"reads\":[");
        for (int i = 0; i < 6; i++) {
            batch.append(i == 0 ? "" : ",").append(minimalMetadata(eventId(),
                    ago(Duration.ofMinutes(3).plusSeconds(i)), uniquePlate()));
        }
        assertThat(postBatch(quiet, batch + "]}").status()).isEqualTo(200);
        check.evaluate(Instant.now());
        assertThat(open(quiet)).containsExactly("clock-drift");
        JsonNode fromReads = alarms(quiet, true).getFirst();
        assertThat(fromReads.get("details").get("source").asString()).isEqualTo("reads");
        assertThat(fromReads.get("details").get("offsetSeconds").asDouble()).isBetween(-200.0, -175.0);
    }

    @Test
    void queueBacklogAndDiskFromHeartbeatsAndBadHeartbeatsAreRefused() {
        TestClient.Device device = client().device(admin());
        heartbeat(device, "{\"queueDepth\":5000,\"diskUsedPercent\":95}");
        check.evaluate(Instant.now());
        assertThat(open(device)).containsExactlyInAnyOrder("queue-backlog", "disk-full");
        heartbeat(device, "{\"queueDepth\":500,\"diskUsedPercent\":85}");
        check.evaluate(Instant.now());
        assertThat(open(device)).containsExactlyInAnyOrder("queue-backlog", "disk-full");
        heartbeat(device, "{\"queueDepth\":50,\"diskUsedPercent\":70}");
        check.evaluate(Instant.now());
        assertThat(open(device)).isEmpty();
        assertThat(client().get("/api/v1/cameras/" + device.cameraId() + "/health", admin().token()).json()
                .get("diskUsedPercent").asInt()).isEqualTo(70);

        assertFieldProblem(heartbeatResponse(device, "{\"diskUsedPercent\":101}"), 400, "diskUsedPercent");
        assertFieldProblem(heartbeatResponse(device, "{\"diskUsedPercent\":-1}"), 400, "diskUsedPercent");
        assertFieldProblem(heartbeatResponse(device, "{\"queueDepth\":-5,\"diskUsedPercent\":200}"), 400, "queueDepth");
        assertThat(heartbeatResponse(device, "{\"diskUsedPercent\":\"full\"}").status()).isEqualTo(400);
        assertThat(heartbeatResponse(device, "{\"diskUsedPercent\":95,\"disk\":1}").status()).isEqualTo(400);
        assertThat(client().get("/api/v1/cameras/" + device.cameraId() + "/health", admin().token()).json()
                .get("diskUsedPercent").asInt()).as("nothing of a refused heartbeat stored").isEqualTo(70);
    }

    @Test
    void farFewerReadsThanTheUsualLevelOfThatHourOfTheWeek() {
        TestClient.Device device = client().device(admin());
        // Installed long ago; three past weeks of 30 reads in two hours of the week, this week 3 and then 25.
        Instant hour = ReadTallies.hourOf(Instant.now()).minus(Duration.ofDays(10)).minus(Duration.ofHours(7));
        jdbc.sql("update camera set created_at = ? where id = ?")
                .params(java.sql.Timestamp.from(hour.minus(Duration.ofDays(60))), device.cameraId()).update();
        Instant next = hour.plus(Duration.ofHours(1));
        List<String> reads = new ArrayList<>();
        for (int week = 1; week <= 3; week++) {
            reads.addAll(readsIn(hour.minus(Duration.ofDays(7L * week)), 30));
            reads.addAll(readsIn(next.minus(Duration.ofDays(7L * week)), 30));
        }
        reads.addAll(readsIn(hour, 3));
        reads.addAll(readsIn(next, 25));
        assertThat(postBatch(device, "{\"reads\":[" + String.join(",", reads) + "]}").status()).isEqualTo(200);
        for (int week = 1; week <= 3; week++) {
            tallies.tally(hour.minus(Duration.ofDays(7L * week)));
            tallies.tally(next.minus(Duration.ofDays(7L * week)));
        }

        check.evaluate(hour.plus(Duration.ofMinutes(80)));
        assertThat(open(device)).containsExactly("low-reads");
        JsonNode alarm = alarms(device, true).getFirst();
        assertThat(alarm.get("raisedValue").asDouble()).isEqualTo(3.0);
        assertThat(alarm.get("details").get("baseline").asDouble()).isEqualTo(30.0);
        assertThat(alarm.get("details").get("weeks").asInt()).isEqualTo(3);
        assertThat(alarm.get("threshold").asDouble()).isEqualTo(7.5);

        check.evaluate(next.plus(Duration.ofMinutes(80)));
        assertThat(open(device)).as("25 of the usual 30").isEmpty();

        // A camera with too little history never has this alarm, however few its reads.
        TestClient.Device young = client().device(admin());
        jdbc.sql("update camera set created_at = ? where id = ?")
                .params(java.sql.Timestamp.from(hour.minus(Duration.ofDays(9))), young.cameraId()).update();
        check.evaluate(hour.plus(Duration.ofMinutes(80)));
        assertThat(open(young)).isEmpty();
    }

    @Test
    void manyImageOnlyReadsWithoutAPlateRaiseNoPlates() {
        TestClient.Device device = client().device(admin());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(postImageOnly(device));
        }
        awaitRecognised(ids);
        check.evaluate(Instant.now());
        assertThat(open(device)).containsExactly("no-plates");
        assertThat(alarms(device, true).getFirst().get("raisedValue").asDouble()).isEqualTo(1.0);

        // Plates found again: 6 of 16 without (37 %) holds the alarm, 6 of 21 (29 %) clears it.
        ids.clear();
        for (int i = 0; i < 10; i++) {
            ids.add(postImageOnly(device, uniquePlate()));
        }
        awaitRecognised(ids);
        check.evaluate(Instant.now());
        assertThat(open(device)).containsExactly("no-plates");
        for (int i = 0; i < 5; i++) {
            ids.add(postImageOnly(device, uniquePlate()));
        }
        awaitRecognised(ids);
        check.evaluate(Instant.now());
        assertThat(open(device)).isEmpty();
        assertThat(alarms(device, false).getFirst().get("clearedValue").asDouble()).isCloseTo(6 / 21.0,
                org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void theCameraPageShowsAlarmsHistoryAndTheLastImageToThoseWhoMaySeeReads() {
        TestClient.Device device = client().device(admin());
        long read = createRead(device, eventId(), aMinuteAgo(), uniquePlate());
        String sha = jdbc.sql("select sha256 from read_evidence where read_id = ?").param(read).query(String.class).single();
        heartbeat(device, "{\"queueDepth\":5000}");
        check.evaluate(Instant.now());

        var operator = dev.plateguard.server.security.SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession browser = new BrowserSession(client());
        browser.login(operator.username(), operator.password());
        TestClient.Response page = browser.get("/cameras/" + device.cameraId());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("data-condition=\"queue-backlog\"", "/evidence/" + sha);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'reads.camera-image' and target = ?")
                .param("read:" + read).query(Long.class).single()).isEqualTo(1);

        BrowserSession adminBrowser = new BrowserSession(client());
        adminBrowser.login(adminName(), TestClient.PASSWORD);
        TestClient.Response adminPage = adminBrowser.get("/cameras/" + device.cameraId());
        assertThat(adminPage.status()).isEqualTo(200);
        assertThat(adminPage.text()).as("ADMIN sees no reads").contains("data-condition=\"queue-backlog\"")
                .doesNotContain("/evidence/");
        TestClient.Response network = browser.get("/cameras/alarms");
        assertThat(network.text()).contains("/cameras/" + device.cameraId() + "\"");

        assertThat(browser.get("/cameras/987654321").status()).isEqualTo(404);
        assertThat(client().get("/api/v1/cameras/987654321/health", admin().token()).status()).isEqualTo(404);
        assertThat(client().get("/api/v1/camera-alarms?limit=0", admin().token()).status()).isEqualTo(400);
        assertThat(client().get("/api/v1/camera-alarms?open=perhaps", admin().token()).status()).isEqualTo(400);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static String at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.ofHours(5)).toString();
    }

    private List<String> readsIn(Instant hour, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(minimalMetadata(eventId(), at(hour.plusSeconds(60L * i + 7)), uniquePlate()));
        }
        return out;
    }

    private long postImageOnly(TestClient.Device device) {
        return postImageOnly(device, null);
    }

    /** An image-only read whose image the scripted recogniser reads as {@code plate} (null: finds none). */
    private long postImageOnly(TestClient.Device device, String plate) {
        byte[] image = jpeg(400, 120);
        if (plate != null) {
            scripted.script(image, plate);
        }
        // Sent a second after capture, as a camera with a right clock does.
        String metadata = "{\"eventId\":\"" + eventId() + "\",\"capturedAt\":\"" + ago(Duration.ofSeconds(1)) + "\"}";
        TestClient.Response r = postRead(device, new TestClient.Multipart().json("metadata", metadata)
                .file("image", "scene.jpg", "image/jpeg", image));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private void awaitRecognised(List<Long> ids) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (jdbc.sql("select count(*) from read_recognition where read_id = any(?)")
                .param(ids.toArray(Long[]::new)).query(Long.class).single() < ids.size()) {
            assertThat(System.nanoTime()).as("recognised in time").isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private void heartbeat(TestClient.Device device, String json) {
        TestClient.Response r = heartbeatResponse(device, json);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private TestClient.Response heartbeatResponse(TestClient.Device device, String json) {
        return client().post("/api/v1/heartbeat", device.key(), "application/json",
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private List<String> open(TestClient.Device device) {
        return alarms(device, true).stream().map(a -> a.get("condition").asString()).toList();
    }

    private List<JsonNode> alarms(TestClient.Device device, boolean open) {
        TestClient.Response r = client().get("/api/v1/camera-alarms?open=" + open + "&cameraId=" + device.cameraId(),
                admin().token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("items").forEach(out::add);
        return out;
    }

    /** The first administrator's name, created through setup if no test has yet. */
    private String adminName() {
        admin();
        return "admin";
    }
}
