package dev.plateguard.server.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.validation.FieldProblem;

/**
 * The registry as an external HTTP service: {@code GET {url}/vehicles/{country}/{plate}} answers 200 with the
 * vehicle as JSON, or 404 when it is not registered (docs/registry.md).
 *
 * <p>Failures never propagate and are never taken for NOT_FOUND: a connect or read timeout, an I/O error, any other
 * status, an oversized or malformed answer, and an open circuit are all UNAVAILABLE. Every failure counts towards
 * the circuit breaker (resilience4j, count-based window); while the circuit is open no request is sent until the
 * configured wait is over, then a few trial calls decide whether it closes again.
 *
 * <p>FOUND answers are cached for {@code found-ttl}, NOT_FOUND for the shorter {@code not-found-ttl}; UNAVAILABLE
 * is never cached. Of the answer, only the fields of {@link VehicleRecord} are kept: owner data the service might
 * send besides the opaque {@code ownerRef} is dropped unread.
 */
public class HttpVehicleRegistry implements VehicleRegistry {

    private static final Logger log = LoggerFactory.getLogger(HttpVehicleRegistry.class);

    /** Largest answer accepted; a vehicle is a few hundred bytes. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private record Key(String country, String plate) {
    }

    private final URI base;
    private final String token;
    private final Duration readTimeout;
    private final Duration foundTtl;
    private final Duration notFoundTtl;
    private final Set<String> countries;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final Cache<Key, RegistryAnswer> cache;

    public HttpVehicleRegistry(PlateGuardProperties.Registry config) {
        this(config, Clock.systemUTC(), Ticker.systemTicker());
    }

    /** With a clock for the circuit breaker's open-state wait and a ticker for cache expiry (tests). */
    HttpVehicleRegistry(PlateGuardProperties.Registry config, Clock clock, Ticker ticker) {
        this.base = baseUri(config.url());
        this.token = config.token() == null ? "" : config.token().strip();
        this.readTimeout = positive(config.readTimeout(), "read-timeout");
        this.foundTtl = config.foundTtl();
        this.notFoundTtl = config.notFoundTtl();
        this.countries = RegistryKeys.countries(config.countries());
        this.http = HttpClient.newBuilder()
                .connectTimeout(positive(config.connectTimeout(), "connect-timeout"))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        var b = config.breaker();
        this.breaker = CircuitBreaker.of("vehicle-registry", CircuitBreakerConfig.custom()
                .slidingWindow(b.windowSize(), b.minimumCalls(), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(b.failureRateThreshold())
                .waitDurationInOpenState(positive(b.openWait(), "breaker.open-wait"))
                .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build());
        breaker.getEventPublisher().onStateTransition(event ->
                log.warn("vehicle registry circuit breaker: {}", event.getStateTransition()));
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.cacheMaxEntries())
                .ticker(ticker)
                .expireAfter(new Expiry<Key, RegistryAnswer>() {
                    @Override
                    public long expireAfterCreate(Key key, RegistryAnswer answer, long now) {
                        return ttl(answer).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, RegistryAnswer answer, long now, long current) {
                        return ttl(answer).toNanos();
                    }

                    @Override
                    public long expireAfterRead(Key key, RegistryAnswer answer, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    @Override
    public RegistryAnswer lookup(String country, String normalizedPlate) {
        RegistryKeys.require(country, normalizedPlate);
        Key key = new Key(country, normalizedPlate);
        RegistryAnswer cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        if (!breaker.tryAcquirePermission()) {
            return RegistryAnswer.unavailable("circuit open: the registry failed repeatedly; retrying after "
                    + "the configured wait");
        }
        long start = System.nanoTime();
        RegistryAnswer answer;
        try {
            answer = fetch(key);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (Failure e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            log.warn("vehicle registry lookup of {} failed: {}", RegistryKeys.masked(country, normalizedPlate),
                    e.getMessage());
            return RegistryAnswer.unavailable(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            return RegistryAnswer.unavailable("interrupted");
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            log.warn("vehicle registry lookup of {} failed", RegistryKeys.masked(country, normalizedPlate), e);
            return RegistryAnswer.unavailable("unexpected error: " + e.getClass().getSimpleName());
        }
        if (!ttl(answer).isZero()) {
            cache.put(key, answer);
        }
        return answer;
    }

    @Override
    public boolean covers(String country) {
        return countries.contains(country);
    }

    /** The breaker's state, for health reporting and tests. */
    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    /** Forgets every cached answer (e.g. after a bulk correction in the external registry). */
    public void clearCache() {
        cache.invalidateAll();
    }

    private Duration ttl(RegistryAnswer answer) {
        return switch (answer) {
            case RegistryAnswer.Found f -> foundTtl;
            case RegistryAnswer.NotFound n -> notFoundTtl;
            case RegistryAnswer.Unavailable u -> Duration.ZERO;
        };
    }

    /** A failure of the registry (not of the caller); counts against the circuit breaker. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private RegistryAnswer fetch(Key key) throws Failure, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("vehicles/" + key.country() + "/" + key.plate()))
                .timeout(readTimeout)
                .header("Accept", "application/json")
                .GET();
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request.build(), info -> new BoundedBody());
        HttpResponse<byte[]> response;
        try {
            // The request timeout covers the wait for the response headers; this also bounds a slow body.
            response = pending.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new Failure("no answer within " + readTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw new Failure(describe(e.getCause()));
        }
        return switch (response.statusCode()) {
            case 200 -> parse(key, response.body());
            case 404 -> RegistryAnswer.notFound();
            default -> throw new Failure("registry answered HTTP " + response.statusCode());
        };
    }

    private static String describe(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer within the read timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof AnswerTooLarge) {
            return cause.getMessage();
        }
        if (cause instanceof IOException) {
            return "I/O error: " + cause.getClass().getSimpleName();
        }
        return "error: " + (cause == null ? "unknown" : cause.getClass().getSimpleName());
    }

    private static RegistryAnswer parse(Key key, byte[] body) throws Failure {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new Failure("registry answer is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new Failure("registry answer is not a JSON object");
        }
        Map<VehicleFields.Field, String> raw = new EnumMap<>(VehicleFields.Field.class);
        for (VehicleFields.Field field : VehicleFields.Field.values()) {
            JsonNode value = tree.get(field.json);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isString()) {
                throw new Failure("registry answer: " + field.json + " is not a string");
            }
            raw.put(field, value.asString());
        }
        List<FieldProblem> errors = new java.util.ArrayList<>();
        VehicleRecord vehicle = VehicleFields.validate(raw, VehicleFields.Naming.JSON, "", errors);
        if (vehicle == null) {
            throw new Failure("registry answer is invalid: "
                    + String.join(", ", errors.stream().map(FieldProblem::field).toList()));
        }
        if (!vehicle.country().equals(key.country()) || !vehicle.plate().equals(key.plate())) {
            throw new Failure("registry answered for another vehicle");
        }
        return RegistryAnswer.found(vehicle);
    }

    // ---- configuration ----------------------------------------------------------------------------------------

    /**
     * The base URL with a trailing slash. https anywhere; plain http only to a loopback address, since owner
     * references and plates would otherwise cross the network in clear. No credentials in the URL (they would end
     * up in logs): use {@code plateguard.registry.token}.
     */
    static URI baseUri(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("plateguard.registry.url is required when plateguard.registry.mode=http");
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("plateguard.registry.url is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalStateException("plateguard.registry.url must be an absolute http(s) URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalStateException("plateguard.registry.url must not carry credentials, a query or a fragment "
                    + "(use plateguard.registry.token)");
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            throw new IllegalStateException("plateguard.registry.url: plain http is allowed only to a loopback address; "
                    + "use https");
        }
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text : text + "/");
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name other than localhost: do not resolve it here
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalStateException("plateguard.registry." + name + " must be positive");
        }
        return d;
    }

    // ---- bounded response body --------------------------------------------------------------------------------

    static final class AnswerTooLarge extends IOException {
        AnswerTooLarge() {
            super("registry answer exceeds " + MAX_ANSWER_BYTES + " bytes");
        }
    }

    /** Collects the body up to {@link #MAX_ANSWER_BYTES}, and fails (cancelling the transfer) beyond that. */
    static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > MAX_ANSWER_BYTES) {
                    subscription.cancel();
                    result.completeExceptionally(new AnswerTooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }
    }
}
