package dev.plateguard.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * An external vehicle registry (docs/registry.md) on a loopback port that knows no vehicle (404), at once or, while
 * {@link #slow} is set, only after a delay longer than the server's read timeout, as an overloaded registry does.
 */
final class RegistryStub implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;

    RegistryStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // slow answers must not queue behind each other
        server.createContext("/vehicles/", exchange -> {
            calls.incrementAndGet();
            try (exchange) {
                Thread.sleep(delay.toMillis());
                exchange.sendResponseHeaders(404, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void slow(Duration delay) {
        this.delay = delay;
    }

    /** Lookups received so far. */
    int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
