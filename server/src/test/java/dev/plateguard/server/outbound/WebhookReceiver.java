package dev.plateguard.server.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real webhook receiver on a free loopback port (the JDK's HTTP server): it checks each request's signature as
 * docs/outbound.md tells a receiver to, records what came, and answers the statuses it is told to (then 200), so
 * that tests can force retries.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received; {@code signatureValid} says whether it verified with the secret. */
    public record Received(String path, Map<String, List<String>> headers, byte[] body, boolean signatureValid) {

        public JsonNode json() {
            return JsonMapper.builder().build().readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Deque<Integer> answers = new ArrayDeque<>();
    private volatile String secret;
    private volatile String location;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
            boolean valid = secret != null && WebhookSignature.verify(secret, signature, body, Instant.now(),
                    Duration.ofMinutes(5));
            received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    body, valid));
            int status;
            synchronized (answers) {
                status = answers.isEmpty() ? 200 : answers.poll();
            }
            if (location != null && status >= 300 && status < 400) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The secret signatures are checked with (the one the subscription answered). */
    public void secret(String secret) {
        this.secret = secret;
    }

    /** The next requests are answered with these statuses, in order; then 200. */
    public void answer(Integer... statuses) {
        synchronized (answers) {
            answers.addAll(List.of(statuses));
        }
    }

    /** Where redirects (3xx answers) point. */
    public void redirectTo(String url) {
        this.location = url;
    }

    /** The next request, or null after {@code seconds}. */
    public Received next(int seconds) throws InterruptedException {
        return received.poll(seconds, TimeUnit.SECONDS);
    }

    public int count() {
        return received.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
