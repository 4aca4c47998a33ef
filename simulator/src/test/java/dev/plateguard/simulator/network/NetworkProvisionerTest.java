package dev.plateguard.simulator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.plateguard.simulator.device.FakeServer;

/** Provisioning against an in-memory stand-in for the admin API: creation, reuse by name, key rotation. */
class NetworkProvisionerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The admin endpoints of the server, in memory. */
    static final class AdminApi {
        final Map<Long, ObjectNode> sites = new ConcurrentHashMap<>();
        final Map<Long, ObjectNode> cameras = new ConcurrentHashMap<>();
        final Map<Long, ObjectNode> keys = new ConcurrentHashMap<>();
        final AtomicLong ids = new AtomicLong(100);
        final java.util.Set<String> cities = ConcurrentHashMap.newKeySet();

        synchronized FakeServer.Response handle(FakeServer.Request r) {
            if (!"Bearer pgu_admin".equals(r.authorization())) {
                return new FakeServer.Response(401, "{}");
            }
            Matcher keysPath = Pattern.compile("/api/v1/cameras/(\\d+)/keys(?:/(\\d+))?").matcher(r.path());
            String route = r.method() + " " + r.path().replaceAll("\\?.*", "");
            if (keysPath.matches()) {
                long camera = Long.parseLong(keysPath.group(1));
                return switch (r.method()) {
                    case "GET" -> ok(keys.values().stream().filter(k -> k.get("cameraId").asLong() == camera).toList());
                    case "POST" -> {
                        ObjectNode key = JSON.createObjectNode().put("id", ids.incrementAndGet()).put("cameraId", camera)
                                .put("key", "pgd_" + ids.get()).putNull("revokedAt");
                        keys.put(key.get("id").asLong(), key);
                        yield new FakeServer.Response(201, key.toString());
                    }
                    case "DELETE" -> {
                        ObjectNode key = keys.get(Long.parseLong(keysPath.group(2)));
                        key.put("revokedAt", "2026-11-26T10:00:00Z");
                        yield new FakeServer.Response(204, "");
                    }
                    default -> new FakeServer.Response(405, "{}");
                };
            }
            return switch (route) {
                case "GET /api/v1/sites" -> ok(new ArrayList<>(sites.values()));
                case "POST /api/v1/cities" -> {
                    ObjectNode city = (ObjectNode) JSON.readTree(r.text());
                    yield cities.add(city.get("region").asString() + "/" + city.get("name").asString())
                            ? new FakeServer.Response(201, city.toString()) : new FakeServer.Response(409, "{\"detail\":\"listed\"}");
                }
                case "POST /api/v1/sites" -> {
                    ObjectNode site = (ObjectNode) JSON.readTree(r.text());
                    if (sites.values().stream().anyMatch(s -> s.get("name").equals(site.get("name")))) {
                        yield new FakeServer.Response(409, "{\"detail\":\"exists\"}");
                    }
                    site.put("id", ids.incrementAndGet()).put("createdAt", "2026-11-26T10:00:00Z");
                    sites.put(site.get("id").asLong(), site);
                    yield new FakeServer.Response(201, site.toString());
                }
                case "GET /api/v1/cameras" -> {
                    long siteId = Long.parseLong(r.path().replaceAll(".*siteId=", ""));
                    yield ok(cameras.values().stream().filter(c -> c.get("siteId").asLong() == siteId).toList());
                }
                case "POST /api/v1/cameras" -> {
                    ObjectNode camera = (ObjectNode) JSON.readTree(r.text());
                    camera.put("id", ids.incrementAndGet()).putNull("lastSeenAt");
                    cameras.put(camera.get("id").asLong(), camera);
                    yield new FakeServer.Response(201, camera.toString());
                }
                default -> new FakeServer.Response(404, "{\"detail\":\"no route\"}");
            };
        }

        private static FakeServer.Response ok(List<? extends JsonNode> items) {
            return new FakeServer.Response(200, JSON.valueToTree(items).toString());
        }
    }

    private final List<String> log = new ArrayList<>();

    private DeployedNetwork provision(FakeServer server, String token, int sites) throws InterruptedException {
        AdminClient admin = new AdminClient(HttpClient.newHttpClient(), server.uri(), token);
        return new NetworkProvisioner(admin, log::add).provision(new NetworkPlanner().plan(sites));
    }

    @Test
    void buildsTheNetworkThenReusesItAndRotatesKeys() throws Exception {
        AdminApi api = new AdminApi();
        try (FakeServer server = new FakeServer(api::handle)) {
            DeployedNetwork first = provision(server, "pgu_admin", 20);
            assertThat(first.sitesCreated()).isEqualTo(20);
            assertThat(first.sitesReused()).isZero();
            assertThat(first.keysRevoked()).isZero();
            int cameraCount = first.cameras().size();
            assertThat(api.cameras).hasSize(cameraCount);
            assertThat(first.cameras()).allSatisfy(c -> assertThat(c.deviceKey()).startsWith("pgd_"));
            ObjectNode site = api.sites.values().iterator().next();
            assertThat(site.get("timezone").asString()).isEqualTo("Asia/Tashkent");
            assertThat(site.has("address")).isTrue();
            // Each site's town is put on the server's list of cities before the site names it.
            assertThat(api.cities).containsAll(api.sites.values().stream()
                    .map(s -> s.get("region").asString() + "/" + s.get("city").asString()).toList());
            ObjectNode camera = api.cameras.values().iterator().next();
            assertThat(camera.get("kind").asString()).isIn("anpr", "overview", "red_light", "speed");
            assertThat(camera.get("speedLimitKmh").asInt()).isIn(50, 60, 70, 100);

            DeployedNetwork second = provision(server, "pgu_admin", 25);
            assertThat(second.sitesReused()).isEqualTo(20);
            assertThat(second.sitesCreated()).isEqualTo(5);
            assertThat(second.camerasReused()).isEqualTo(cameraCount);
            assertThat(second.keysRevoked()).isEqualTo(cameraCount);
            assertThat(api.sites).hasSize(25);
            // Exactly one active key per camera, and it is the one this run holds.
            for (DeployedCamera c : second.cameras()) {
                List<ObjectNode> active = api.keys.values().stream()
                        .filter(k -> k.get("cameraId").asLong() == c.id() && k.get("revokedAt").isNull()).toList();
                assertThat(active).singleElement().satisfies(k -> assertThat(k.get("key").asString()).isEqualTo(c.deviceKey()));
            }
            // Reused sites keep the server's ids.
            Map<String, Long> secondIds = new java.util.HashMap<>();
            second.sites().forEach(s -> secondIds.put(s.name(), s.id()));
            assertThat(first.sites()).allSatisfy(s -> assertThat(secondIds.get(s.name())).isEqualTo(s.id()));
        }
    }

    @Test
    void aRefusedTokenStopsProvisioningWithoutLeakingIt() throws Exception {
        try (FakeServer server = new FakeServer(new AdminApi()::handle)) {
            assertThatThrownBy(() -> provision(server, "pgu_wrong_secret", 3))
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("HTTP 401")
                    .hasMessageNotContaining("pgu_wrong_secret");
        }
    }

    @Test
    void deployedCamerasNeverPrintTheirKey() {
        DeployedCamera camera = new DeployedCamera(1, 2, "Speed 1", CameraKind.SPEED, 90, List.of(1), 60, "pgd_secret");
        assertThat(camera.toString()).doesNotContain("pgd_secret");
        assertThat(camera.travelBearing()).isEqualTo(270);
        assertThat(new DeployedCamera(1, 2, "Overview 3", CameraKind.OVERVIEW, 90, List.of(1), 60, "k").travelBearing()).isNull();
    }
}
