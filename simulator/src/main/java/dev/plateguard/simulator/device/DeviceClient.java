package dev.plateguard.simulator.device;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The device side of the public API, authenticated with a camera's device key. */
public final class DeviceClient {

    /** An HTTP answer: status and body. */
    public record Answer(int status, String body) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI base;

    public DeviceClient(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    /** {@code POST /api/v1/reads}. */
    public Answer postRead(String deviceKey, MultipartBody body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/reads")).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + deviceKey).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build());
    }

    /** {@code POST /api/v1/receivers/{format}}: a read in a vendor's format. */
    public Answer postVendor(String deviceKey, VendorPush push) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/receivers/" + push.format())).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + deviceKey).header("Content-Type", push.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(push.body())).build());
    }

    /** {@code POST /api/v1/heartbeat}. */
    public Answer postHeartbeat(String deviceKey, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/heartbeat")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + deviceKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
