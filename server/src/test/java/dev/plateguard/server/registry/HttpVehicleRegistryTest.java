package dev.plateguard.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.plateguard.server.PlateGuardProperties;

/**
 * The HTTP adapter against a real HTTP server on a random loopback port: answers, timeouts, errors, the circuit
 * breaker and the cache. Time for the breaker's open wait and for cache expiry is moved by hand.
 */
class HttpVehicleRegistryTest {

    /** What the fake registry does with the next requests. */
    interface Behaviour {
        void handle(HttpExchange exchange) throws Exception;
    }

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    private volatile Behaviour behaviour;
    private final MutableClock clock = new MutableClock();
    private final AtomicLong ticker = new AtomicLong();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            paths.add(exchange.getRequestURI().getRawPath());
            exchange.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), v.getFirst()));
            try {
                behaviour.handle(exchange);
            } catch (Exception e) {
                // the client may have given up (timeout); nothing to do
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/registry";
    }

    private PlateGuardProperties.Registry config(String url, Duration readTimeout, PlateGuardProperties.Registry.Breaker breaker) {
        return new PlateGuardProperties.Registry(PlateGuardProperties.Registry.Mode.HTTP, url, "s3cret-token",
                Duration.ofSeconds(1), readTimeout, Duration.ofMinutes(10), Duration.ofMinutes(1), 1000, List.of("UZ"),
                breaker, 1000, DataSize.ofMegabytes(1), Duration.ofSeconds(30), Duration.ofHours(1));
    }

    private HttpVehicleRegistry registry() {
        return registry(Duration.ofMillis(500), new PlateGuardProperties.Registry.Breaker(50, 4, 4, Duration.ofSeconds(30), 1));
    }

    private HttpVehicleRegistry registry(Duration readTimeout, PlateGuardProperties.Registry.Breaker breaker) {
        Ticker t = ticker::get;
        return new HttpVehicleRegistry(config(url(), readTimeout, breaker), clock, t);
    }

    private static String vehicleJson(String country, String plate) {
        return """
                {"country":"%s","plate":"%s","status":"VALID","registrationValidUntil":"2027-03-31",
                 "insuranceValidUntil":"2026-12-31","vehicleType":"car","make":"Chevrolet Cobalt","colour":"white",
                 "ownerRef":"OWN-778812",
                 "ownerName":"Ivan Petrov","ownerAddress":"Tashkent, Amir Temur 1","ownerPhone":"+998901234567"}"""
                .formatted(country, plate);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void found() {
        behaviour = exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            respond(exchange, 200, vehicleJson(parts[3], parts[4]));
        };
    }

    private void failing(int status) {
        behaviour = exchange -> respond(exchange, status, "{\"error\":\"down\"}");
    }

    private static void assertUnavailable(RegistryAnswer answer, String reason) {
        assertThat(answer).isInstanceOf(RegistryAnswer.Unavailable.class);
        assertThat(answer.definitive()).isFalse();
        assertThat(((RegistryAnswer.Unavailable) answer).reason()).contains(reason);
    }

    // ---- answers ---------------------------------------------------------------------------------------------

    @Test
    void foundKeepsOnlyTheRecordFieldsAndTheOpaqueOwnerRef() {
        found();
        RegistryAnswer answer = registry().lookup("UZ", "01A123BC");
        assertThat(answer.kind()).isEqualTo(RegistryAnswer.Kind.FOUND);
        VehicleRecord v = ((RegistryAnswer.Found) answer).vehicle();
        assertThat(v).isEqualTo(new VehicleRecord("UZ", "01A123BC", RegistrationStatus.VALID, LocalDate.of(2027, 3, 31),
                LocalDate.of(2026, 12, 31), "car", "Chevrolet Cobalt", "white", "OWN-778812"));
        // Owner data the service sends besides the reference is not kept anywhere in the answer.
        assertThat(answer.toString()).contains("OWN-778812").doesNotContain("Ivan", "Petrov", "Amir Temur", "+998");
        assertThat(paths).containsExactly("/registry/vehicles/UZ/01A123BC");
        assertThat(lastHeaders).containsEntry("accept", "application/json")
                .containsEntry("authorization", "Bearer s3cret-token");
    }

    @Test
    void notFoundIsDefinitive() {
        behaviour = exchange -> respond(exchange, 404, "");
        RegistryAnswer answer = registry().lookup("UZ", "10B777AA");
        assertThat(answer).isInstanceOf(RegistryAnswer.NotFound.class);
        assertThat(answer.definitive()).isTrue();
    }

    @Test
    void slowAnswerIsUnavailableWithinTheReadTimeout() {
        behaviour = exchange -> {
            Thread.sleep(3000);
            respond(exchange, 200, vehicleJson("UZ", "01A123BC"));
        };
        long start = System.nanoTime();
        RegistryAnswer answer = registry(Duration.ofMillis(300),
                new PlateGuardProperties.Registry.Breaker(50, 4, 4, Duration.ofSeconds(30), 1)).lookup("UZ", "01A123BC");
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertUnavailable(answer, "");
        assertThat(millis).as("gave up after the read timeout, not after the server's 3 s").isLessThan(2000);
    }

    @Test
    void headersInTimeButABodyThatNeverEndsIsUnavailable() {
        behaviour = exchange -> {
            exchange.sendResponseHeaders(200, 10_000);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"country\":".getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(3000);
        };
        long start = System.nanoTime();
        RegistryAnswer answer = registry(Duration.ofMillis(400),
                new PlateGuardProperties.Registry.Breaker(50, 4, 4, Duration.ofSeconds(30), 1)).lookup("UZ", "01A123BC");
        assertUnavailable(answer, "no answer within 400 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(2000);
    }

    @Test
    void serverErrorsAndOtherStatusesAreUnavailable() {
        var registry = registry();
        failing(503);
        assertUnavailable(registry.lookup("UZ", "01A123BC"), "HTTP 503");
        failing(500);
        assertUnavailable(registry.lookup("UZ", "01A123BC"), "HTTP 500");
        failing(401);
        assertUnavailable(registry.lookup("UZ", "01A123BC"), "HTTP 401");
    }

    @Test
    void malformedInvalidOversizedOrForeignAnswersAreUnavailable() {
        var registry = registry(Duration.ofSeconds(2), new PlateGuardProperties.Registry.Breaker(50, 100, 100, Duration.ofSeconds(30), 1));
        behaviour = exchange -> respond(exchange, 200, "{not json");
        assertUnavailable(registry.lookup("UZ", "01A123BC"), "not valid JSON");
        behaviour = exchange -> respond(exchange, 200, "[]");
        assertUnavailable(registry.lookup("UZ", "01A123BC"), "not a JSON object");
        behaviour = exchange -> respond(exchange, 200, vehicleJson("UZ", "01A123BC").replace("\"VALID\"", "\"STOLEN\""));
        assertUnavailable(registry.lookup("UZ", "01A123BC"), "invalid: status");
        behaviour = exchange -> respond(exchange, 200, vehicleJson("UZ", "01A123BC").replace("\"OWN-778812\"", "\"Ivan Petrov\""));
        RegistryAnswer namedOwner = registry.lookup("UZ", "01A123BC");
        assertUnavailable(namedOwner, "invalid: ownerRef");
        assertThat(namedOwner.toString()).doesNotContain("Ivan");
        behaviour = exchange -> respond(exchange, 200, vehicleJson("UZ", "01A999BC"));
        assertUnavailable(registry.lookup("UZ", "01A123BC"), "another vehicle");
        behaviour = exchange -> respond(exchange, 200, "{\"make\":\"" + "x".repeat(HttpVehicleRegistry.MAX_ANSWER_BYTES) + "\"}");
        assertUnavailable(registry.lookup("UZ", "01A123BC"), "exceeds");
    }

    @Test
    void refusedConnectionIsUnavailable() {
        var registry = registry();
        server.stop(0);
        assertUnavailable(registry.lookup("UZ", "01A123BC"), "");
    }

    @Test
    void badArgumentsAreTheCallersError() {
        var registry = registry();
        found();
        assertThatThrownBy(() -> registry.lookup("UZ", "01 a 123 bc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.lookup("XX", "01A123BC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.lookup(null, "01A123BC")).isInstanceOf(IllegalArgumentException.class);
        assertThat(requests).hasValue(0);
        assertThat(registry.covers("UZ")).isTrue();
        assertThat(registry.covers("KZ")).isFalse();
    }

    // ---- circuit breaker ---------------------------------------------------------------------------------------

    @Test
    void circuitOpensAfterFailuresSendsNothingWhileOpenAndHalfOpensAfterTheWait() {
        var registry = registry(); // window 4, minimum 4 calls, 50 %, open 30 s, 1 trial call
        failing(500);
        for (int i = 0; i < 4; i++) {
            assertThat(registry.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertUnavailable(registry.lookup("UZ", "01A12" + i + "BC"), "HTTP 500");
        }
        assertThat(registry.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(requests).hasValue(4);

        // Open: answered at once, and no request reaches the server, even for other plates.
        found();
        for (int i = 0; i < 5; i++) {
            assertUnavailable(registry.lookup("UZ", "30X45" + i + "AA"), "circuit open");
        }
        assertThat(requests).hasValue(4);

        clock.advance(Duration.ofSeconds(29));
        assertUnavailable(registry.lookup("UZ", "30X450AA"), "circuit open");
        assertThat(requests).hasValue(4);

        // After the wait one trial call goes through; it succeeds, and the circuit closes.
        clock.advance(Duration.ofSeconds(2));
        assertThat(registry.lookup("UZ", "30X450AA")).isInstanceOf(RegistryAnswer.Found.class);
        assertThat(requests).hasValue(5);
        assertThat(registry.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(registry.lookup("UZ", "30X451AA")).isInstanceOf(RegistryAnswer.Found.class);
        assertThat(requests).hasValue(6);
    }

    @Test
    void aFailedTrialCallOpensTheCircuitAgain() {
        var registry = registry();
        failing(502);
        for (int i = 0; i < 4; i++) {
            registry.lookup("UZ", "01A12" + i + "BC");
        }
        assertThat(registry.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofSeconds(31));
        assertUnavailable(registry.lookup("UZ", "01A123BC"), "HTTP 502");
        assertThat(requests).hasValue(5);
        assertThat(registry.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertUnavailable(registry.lookup("UZ", "01A123BC"), "circuit open");
        assertThat(requests).hasValue(5);
    }

    @Test
    void timeoutsCountAsFailures() {
        behaviour = exchange -> Thread.sleep(2000);
        var registry = registry(Duration.ofMillis(150), new PlateGuardProperties.Registry.Breaker(50, 2, 2, Duration.ofSeconds(30), 1));
        registry.lookup("UZ", "01A123BC");
        registry.lookup("UZ", "01A124BC");
        assertThat(registry.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void notFoundAnswersAreNotFailures() {
        behaviour = exchange -> respond(exchange, 404, "");
        var registry = registry();
        for (int i = 0; i < 10; i++) {
            assertThat(registry.lookup("UZ", "01A10" + i + "BC")).isInstanceOf(RegistryAnswer.NotFound.class);
        }
        assertThat(registry.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(requests).hasValue(10);
    }

    // ---- cache -----------------------------------------------------------------------------------------------

    @Test
    void foundIsCachedForItsTtl() {
        found();
        var registry = registry();
        RegistryAnswer first = registry.lookup("UZ", "01A123BC");
        RegistryAnswer second = registry.lookup("UZ", "01A123BC");
        assertThat(second).isEqualTo(first);
        assertThat(requests).as("the second lookup came from the cache").hasValue(1);
        ticker.addAndGet(Duration.ofMinutes(9).toNanos());
        registry.lookup("UZ", "01A123BC");
        assertThat(requests).hasValue(1);
        ticker.addAndGet(Duration.ofMinutes(2).toNanos());
        registry.lookup("UZ", "01A123BC");
        assertThat(requests).as("expired after 10 minutes").hasValue(2);
        // A cached answer is served even while the registry is down.
        failing(500);
        assertThat(registry.lookup("UZ", "01A123BC")).isInstanceOf(RegistryAnswer.Found.class);
        assertThat(requests).hasValue(2);
    }

    @Test
    void notFoundIsCachedForTheShorterTtl() {
        behaviour = exchange -> respond(exchange, 404, "");
        var registry = registry();
        registry.lookup("UZ", "10B777AA");
        registry.lookup("UZ", "10B777AA");
        assertThat(requests).hasValue(1);
        ticker.addAndGet(Duration.ofSeconds(61).toNanos());
        found();
        assertThat(registry.lookup("UZ", "10B777AA")).as("a new registration shows after the not-found TTL")
                .isInstanceOf(RegistryAnswer.Found.class);
        assertThat(requests).hasValue(2);
    }

    @Test
    void unavailableIsNeverCached() {
        var registry = registry();
        failing(503);
        assertUnavailable(registry.lookup("UZ", "01A123BC"), "HTTP 503");
        found();
        assertThat(registry.lookup("UZ", "01A123BC")).isInstanceOf(RegistryAnswer.Found.class);
        assertThat(requests).as("the failed answer was not cached").hasValue(2);
    }

    @Test
    void clearCacheForgetsAnswers() {
        found();
        var registry = registry();
        registry.lookup("UZ", "01A123BC");
        registry.clearCache();
        registry.lookup("UZ", "01A123BC");
        assertThat(requests).hasValue(2);
    }

    // ---- configuration ---------------------------------------------------------------------------------------

    @Test
    void theUrlMustBeSafe() {
        assertThat(HttpVehicleRegistry.baseUri("https://registry.example.uz/api").toString())
                .isEqualTo("https://registry.example.uz/api/");
        assertThat(HttpVehicleRegistry.baseUri("http://localhost:8089").toString()).isEqualTo("http://localhost:8089/");
        assertThat(HttpVehicleRegistry.baseUri("http://[::1]:8089/x/").toString()).isEqualTo("http://[::1]:8089/x/");
        for (String bad : new String[] {"", "registry.example.uz", "ftp://registry.example.uz",
                "http://registry.example.uz/api", "http://10.0.0.5/api", "https://user:pw@registry.example.uz",
                "https://registry.example.uz/api?key=1"}) {
            assertThatThrownBy(() -> HttpVehicleRegistry.baseUri(bad)).as(bad).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void modeSelectsTheImplementation() {
        var breaker = new PlateGuardProperties.Registry.Breaker(50, 4, 4, Duration.ofSeconds(30), 1);
        assertThat(RegistryConfiguration.create(config(url(), Duration.ofSeconds(1), breaker), null))
                .isInstanceOf(HttpVehicleRegistry.class);
        assertThat(RegistryConfiguration.create(PlateGuardProperties.Registry.defaults(), null))
                .isInstanceOf(LocalVehicleRegistry.class);
        var noUrl = config("", Duration.ofSeconds(1), breaker);
        assertThatThrownBy(() -> RegistryConfiguration.create(noUrl, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plateguard.registry.url");
    }

    /** A clock moved by hand, for the circuit breaker's open-state wait. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-06-01T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
