package dev.plateguard.server.outbound;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

/**
 * Sends one event to one webhook: a signed JSON POST (docs/outbound.md). Redirects are never followed (a 3xx is a
 * failed attempt: a redirect could lead past the address checks), the receiver's body is never read beyond its
 * status, and both the connection and the answer have time limits.
 */
@Component
class WebhookSender {

    static final String USER_AGENT = "PlateGuard-Webhooks/1";

    /** How an attempt ended: delivered (2xx), or failed with the status (if any) and why. */
    record Result(boolean delivered, Integer httpStatus, String error) {
    }

    private final HttpClient http;
    private final WebhookTargets targets;
    private final OutboundSettings.Webhooks settings;
    private final Clock clock;

    WebhookSender(WebhookTargets targets, OutboundSettings settings) {
        this.targets = targets;
        this.settings = settings.webhooks();
        this.clock = Clock.systemUTC();
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(this.settings.connectTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    @PreDestroy
    void close() {
        http.close();
    }

    Result send(String url, String secret, OutboundDeliveries.Due due, byte[] body) {
        URI uri = URI.create(url);
        try {
            targets.checkBeforeDelivery(uri);
        } catch (WebhookTargets.Forbidden e) {
            return new Result(false, null, "refused before sending: " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("PlateGuard-Event", due.type())
                .header("PlateGuard-Event-Id", String.valueOf(due.eventId()))
                .header("PlateGuard-Delivery", String.valueOf(due.id()))
                .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, clock.instant(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Result(true, status, null);
            }
            return new Result(false, status, status >= 300 && status < 400
                    ? "answered a redirect (" + status + "), which is not followed"
                    : "answered " + status);
        } catch (HttpTimeoutException e) {
            return new Result(false, null, "timed out: " + e.getMessage());
        } catch (IOException e) {
            return new Result(false, null, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, null, "interrupted (the server is stopping)");
        }
    }
}
