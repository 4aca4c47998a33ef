package dev.plateguard.server.recognition;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Recognition's state for people ({@code GET /api/v1/recognition/status}) and for the health endpoint (component
 * {@code recognition}). Missing models do not make the server unhealthy: it stores reads and serves everything
 * else, and image-only reads wait. The component says so in its details: {@code models} is {@code missing}.
 */
@Component("recognition")
class RecognitionStatus implements HealthIndicator {

    private final RecognitionSettings settings;
    private final PlateReader reader;
    private final RecognitionDispatcher dispatcher;
    private final RecognitionJobs jobs;

    RecognitionStatus(RecognitionSettings settings, PlateReader reader, RecognitionDispatcher dispatcher,
                      RecognitionJobs jobs) {
        this.settings = settings;
        this.reader = reader;
        this.dispatcher = dispatcher;
        this.jobs = jobs;
    }

    Map<String, Object> details() {
        PlateReader.State state = reader.state();
        RecognitionDispatcher.Stats stats = dispatcher.stats();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("enabled", settings.enabled());
        d.put("worker", dispatcher.workerEnabled());
        d.put("recogniser", reader.name());
        d.put("models", state.available() ? "loaded" : "missing");
        d.put("modelVersion", state.modelVersion());
        d.put("modelSource", state.source());
        d.put("problem", state.problem());
        d.put("waitingJobs", jobs.count());
        d.put("queued", stats.queued());
        d.put("queueCapacity", stats.capacity());
        d.put("threads", stats.threads());
        d.put("turnedAway", stats.turnedAway());
        d.put("completed", stats.completed());
        return d;
    }

    @Override
    public Health health() {
        Map<String, Object> details = details();
        details.values().removeIf(java.util.Objects::isNull);
        return Health.up().withDetails(details).build();
    }
}
