package dev.plateguard.server.ingest;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Ingest's metrics (docs/observability.md), by channel: {@code single} (POST /api/v1/reads), {@code batch}
 * (POST /api/v1/reads/batch) and {@code receiver} (vendor formats, HTTP and MQTT).
 * <ul>
 * <li>{@code plateguard.ingest.reads{channel, outcome}}: reads {@code accepted} (stored now), {@code duplicate} (a
 * retry of a stored read) or {@code rejected} (invalid, too large, unauthenticated, an eventId reused for other
 * content). A batch or a vendor push refused as a whole before its reads were told apart counts in requests only.</li>
 * <li>{@code plateguard.ingest.requests{channel, result}}: {@code ok}, {@code rejected} (4xx), {@code busy} (503
 * or 429: retry later) or {@code error} (5xx).</li>
 * <li>{@code plateguard.ingest.duration{channel}}: request latency as the camera sees it from the server, with a
 * histogram for percentiles.</li>
 * </ul>
 * Tags are fixed words: never a camera, a plate or an address.
 */
@Component
public class IngestMetrics {

    /** Where a read came in. */
    public enum Channel {
        SINGLE, BATCH, RECEIVER;

        String tag() {
            return name().toLowerCase();
        }
    }

    /** How an ingest request ended. */
    enum Result {
        OK, REJECTED, BUSY, ERROR;

        static Result of(int httpStatus) {
            if (httpStatus == 503 || httpStatus == 429) {
                return BUSY;
            }
            return httpStatus >= 500 ? ERROR : httpStatus >= 400 ? REJECTED : OK;
        }
    }

    private final Counter[][] reads = new Counter[Channel.values().length][3];
    private final Counter[][] requests = new Counter[Channel.values().length][Result.values().length];
    private final Timer[] durations = new Timer[Channel.values().length];
    private final MeterRegistry registry;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Registered up front, so that every series exists (at 0) from the first scrape.
        for (Channel channel : Channel.values()) {
            String[] outcomes = {"accepted", "duplicate", "rejected"};
            for (int i = 0; i < outcomes.length; i++) {
                reads[channel.ordinal()][i] = Counter.builder("plateguard.ingest.reads")
                        .description("Reads received, by channel and outcome")
                        .tags("channel", channel.tag(), "outcome", outcomes[i]).register(registry);
            }
            for (Result result : Result.values()) {
                requests[channel.ordinal()][result.ordinal()] = Counter.builder("plateguard.ingest.requests")
                        .description("Ingest requests, by channel and result")
                        .tags("channel", channel.tag(), "result", result.name().toLowerCase()).register(registry);
            }
            durations[channel.ordinal()] = Timer.builder("plateguard.ingest.duration")
                    .description("Ingest request latency, by channel").tag("channel", channel.tag())
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        }
    }

    /** One read's outcome. */
    public void counted(Channel channel, IngestOutcome.Status status) {
        reads[channel.ordinal()][switch (status) {
            case CREATED, ACCEPTED -> 0; // acknowledged as new: stored, or in the Kafka read log
            case DUPLICATE -> 1;
            case CONFLICT -> 2;
        }].increment();
    }

    /** The outcomes of a batch's reads. */
    void counted(Channel channel, int accepted, int duplicates, int rejected) {
        reads[channel.ordinal()][0].increment(accepted);
        reads[channel.ordinal()][1].increment(duplicates);
        reads[channel.ordinal()][2].increment(rejected);
    }

    /** Reads refused before they were stored (invalid, or part of a push refused whole). */
    public void rejected(Channel channel, int count) {
        if (count > 0) {
            reads[channel.ordinal()][2].increment(count);
        }
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    void finished(Channel channel, Timer.Sample sample, int httpStatus) {
        sample.stop(durations[channel.ordinal()]);
        requests[channel.ordinal()][Result.of(httpStatus).ordinal()].increment();
    }
}
