package dev.plateguard.simulator.network;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin side of the public API, as a person's client would call it with an ADMIN's personal token: sites,
 * cameras and device keys. Nothing here reaches past the HTTP API.
 */
public final class AdminClient {

    /** A site as {@code GET /api/v1/sites} lists it (other fields are ignored). */
    public record ServerSite(long id, String name, double latitude, double longitude) {
    }

    /** A camera as {@code GET /api/v1/cameras} lists it. */
    public record ServerCamera(long id, long siteId, String name, String kind, Integer heading, List<Integer> lanes,
                               Integer speedLimitKmh, boolean active) {
    }

    /** A device key as listed: only whether it is still active matters here. */
    public record ServerKey(long id, boolean active) {
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 4;

    private final HttpClient http;
    private final URI base;
    private final String token;
    /** Cities this client has put on the server's list, or found there. */
    private final java.util.Set<String> listedCities = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public AdminClient(HttpClient http, URI base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    /** Waits until {@code /actuator/health} answers, so that a simulator started beside its server can wait for it. */
    public void awaitReachable(Duration patience) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ApiException("GET /actuator/health", 0, "server not reachable within " + patience.toSeconds() + " s");
            }
            Thread.sleep(1000);
        }
    }

    public List<ServerSite> sites() {
        return list(call("GET", "/api/v1/sites", null), ServerSite.class);
    }

    public ServerSite createSite(SitePlan plan) {
        Place place = plan.place();
        listCity(place.region(), place.city());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", place.name());
        body.put("city", place.city());
        body.put("region", place.region());
        body.put("latitude", place.point().latitude());
        body.put("longitude", place.point().longitude());
        body.put("address", place.address());
        body.put("timezone", SitePlan.TIMEZONE);
        return JSON.treeToValue(call("POST", "/api/v1/sites", body), ServerSite.class);
    }

    /**
     * Puts a site's town on the server's managed list of cities (a site names a listed region and city): the main
     * cities are there already, border villages such as Jartepa are not. A city listed already (409) is fine.
     * Synchronized: sites are created in parallel, and a second site of the same town must not go ahead before the
     * first one's request has listed it.
     */
    private synchronized void listCity(String region, String city) {
        if (!listedCities.add(region + "/" + city)) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", region);
        body.put("name", city);
        try {
            call("POST", "/api/v1/cities", body);
        } catch (ApiException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
    }

    public List<ServerCamera> cameras(long siteId) {
        return list(call("GET", "/api/v1/cameras?siteId=" + siteId, null), ServerCamera.class);
    }

    public ServerCamera createCamera(long siteId, CameraPlan plan) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("siteId", siteId);
        body.put("name", plan.name());
        body.put("kind", plan.kind().apiName());
        body.put("heading", plan.heading());
        body.put("lanes", plan.lanes());
        body.put("speedLimitKmh", plan.speedLimitKmh());
        body.put("active", true);
        return JSON.treeToValue(call("POST", "/api/v1/cameras", body), ServerCamera.class);
    }

    public List<ServerKey> keys(long cameraId) {
        JsonNode array = call("GET", "/api/v1/cameras/" + cameraId + "/keys", null);
        return array.valueStream().map(k -> new ServerKey(k.get("id").asLong(),
                k.get("revokedAt") == null || k.get("revokedAt").isNull())).toList();
    }

    public void revokeKey(long cameraId, long keyId) {
        call("DELETE", "/api/v1/cameras/" + cameraId + "/keys/" + keyId, null);
    }

    /** Issues a device key; the answer is the only time the server shows it. */
    public String issueKey(long cameraId) {
        JsonNode issued = call("POST", "/api/v1/cameras/" + cameraId + "/keys", null);
        return issued.get("key").asString();
    }

    /** Loads vehicles into the server's local registry (CSV, all rows or none); returns the server's answer. */
    public JsonNode importRegistry(String csv) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/registry/import")).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ApiException("POST /api/v1/registry/import", response.statusCode(), response.body());
            }
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new ApiException("POST /api/v1/registry/import", 0, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("POST /api/v1/registry/import", 0, "interrupted");
        }
    }

    private <T> List<T> list(JsonNode array, Class<T> type) {
        return array.valueStream().map(node -> JSON.treeToValue(node, type)).toList();
    }

    /** One call, retried on 5xx and I/O errors (a server that is busy or restarting), never on 4xx. */
    private JsonNode call(String method, String path, Object body) {
        String what = method + " " + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        ApiException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
                }
                last = new ApiException(what, status, detail(response.body()));
                if (status < 500) {
                    throw last;
                }
            } catch (IOException e) {
                last = new ApiException(what, 0, e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(what, 0, "interrupted");
            }
            try {
                Thread.sleep(500L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw last;
            }
        }
        throw last;
    }

    /** The problem+json {@code detail} (and field errors), which never echo credentials. */
    private static String detail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            StringBuilder out = new StringBuilder(problem.path("detail").asString(""));
            for (JsonNode error : problem.path("errors")) {
                out.append(out.isEmpty() ? "" : "; ").append(error.path("field").asString("")).append(' ')
                        .append(error.path("message").asString(""));
            }
            return out.toString();
        } catch (JacksonException e) {
            return "";
        }
    }
}
