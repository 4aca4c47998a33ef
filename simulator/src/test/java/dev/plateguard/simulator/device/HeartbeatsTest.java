package dev.plateguard.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.simulator.network.CameraKind;
import dev.plateguard.simulator.network.DeployedCamera;

class HeartbeatsTest {

    @Test
    void everyCameraBeatsWithItsOwnKeyAndAStatusReport() throws Exception {
        List<DeployedCamera> cameras = List.of(
                new DeployedCamera(1, 1, "ANPR 1", CameraKind.ANPR, 0, List.of(1), 60, "pgd_one"),
                new DeployedCamera(2, 1, "Speed 2", CameraKind.SPEED, 180, List.of(1), 60, "pgd_two"));
        DeliveryStats stats = new DeliveryStats();
        List<String> log = new ArrayList<>();
        try (FakeServer server = new FakeServer(r -> new FakeServer.Response(200, "{\"cameraId\":1,\"clockOffsetMs\":3}"));
             Heartbeats heartbeats = new Heartbeats(new DeviceClient(HttpClient.newHttpClient(), server.uri()), cameras,
                     id -> id == 2 ? 3 : 0, stats, log::add)) {
            heartbeats.start(Duration.ofMillis(200));
            long deadline = System.currentTimeMillis() + 5000;
            while (stats.heartbeatsOk.get() < 4 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(stats.heartbeatsOk.get()).isGreaterThanOrEqualTo(4);
            assertThat(server.requests).extracting(FakeServer.Request::authorization).contains("Bearer pgd_one", "Bearer pgd_two");
            FakeServer.Request second = server.requests.stream().filter(r -> r.authorization().equals("Bearer pgd_two")).findFirst().orElseThrow();
            assertThat(second.path()).isEqualTo("/api/v1/heartbeat");
            JsonNode body = JsonMapper.builder().build().readTree(second.text());
            assertThat(body.get("status").asString()).isEqualTo("ok");
            assertThat(body.get("queueDepth").asInt()).isEqualTo(3);
            assertThat(body.get("firmware").asString()).isNotBlank();
            assertThat(OffsetDateTime.parse(body.get("clock").asString()).getOffset().getTotalSeconds()).isEqualTo(5 * 3600);
            assertThat(log).isEmpty();
        }
    }

    @Test
    void deviceClocksAreSlightlyOffAndAFewDriftBySeconds() {
        int drifting = 0;
        for (long id = 1; id <= 1000; id++) {
            long skew = Heartbeats.clockSkewMillis(id);
            assertThat(Math.abs(skew)).isLessThan(10_000);
            drifting += Math.abs(skew) >= 2000 ? 1 : 0;
        }
        assertThat(drifting).isBetween(20, 100);
    }
}
