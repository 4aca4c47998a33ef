package dev.plateguard.server.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

import jakarta.annotation.PreDestroy;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends what the outbox holds (docs/outbound.md): woken after each commit that stored an event, and every
 * {@code plateguard.outbound.poll-interval} for retries and for events stored while the server was down. At least
 * once: a delivery is marked delivered only after the receiver's 2xx or the broker's acknowledgement, so a crash in
 * between sends it again (receivers deduplicate by {@code PlateGuard-Event-Id}). A failed attempt is retried after
 * an exponential backoff with jitter, and after {@code max-attempts} the delivery becomes a dead letter. While the
 * MQTT broker cannot be reached its deliveries wait, untried: the channel is down, not the event.
 */
@Component
class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OutboundDeliveries deliveries;
    private final WebhookSubscriptions subscriptions;
    private final WebhookSender webhooks;
    private final MqttPublisher mqtt;
    private final OutboundSettings settings;
    private final Clock clock = Clock.systemUTC();
    /** Runs the rounds of delivery, one at a time, and the timers that wake one when a retry falls due. */
    private final ScheduledExecutorService dispatcher =
            Executors.newSingleThreadScheduledExecutor(r -> thread(r, "outbound-dispatch"));
    private final ExecutorService senders;
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final int batchSize;
    private final DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private volatile boolean ready;
    private volatile boolean stopping;

    DeliveryWorker(OutboundDeliveries deliveries, WebhookSubscriptions subscriptions, WebhookSender webhooks,
                   MqttPublisher mqtt, OutboundSettings settings) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.webhooks = webhooks;
        this.mqtt = mqtt;
        this.settings = settings;
        this.senders = Executors.newFixedThreadPool(settings.threads(), r -> thread(r, "outbound-send"));
        this.batchSize = batchSize(settings);
    }

    /**
     * No more deliveries per claim than the workers can finish within the lease, even when every receiver times out:
     * a lease that ran out would let another server send the same deliveries again.
     */
    static int batchSize(OutboundSettings settings) {
        Duration slowest = settings.webhooks().connectTimeout().plus(settings.webhooks().requestTimeout());
        if (settings.mqtt().timeout().compareTo(slowest) > 0) {
            slowest = settings.mqtt().timeout();
        }
        long fits = settings.threads() * Math.max(1, settings.lease().toMillis() / Math.max(1, slowest.toMillis()));
        return (int) Math.max(1, Math.min(settings.batchSize(), fits));
    }

    /** Deliveries left from before a restart go out as soon as the server is up. */
    @EventListener(ApplicationReadyEvent.class)
    void started() {
        ready = true;
        wake();
    }

    /** An event was committed: send it now rather than at the next poll. */
    @TransactionalEventListener
    void stored(OutboundEventStored event) {
        wake();
    }

    @Scheduled(fixedDelayString = "${plateguard.outbound.poll-interval:10s}",
            initialDelayString = "${plateguard.outbound.poll-interval:10s}")
    void poll() {
        wake();
    }

    /** Asks for a round of delivery; wakes coalesce while one is waiting to run. */
    void wake() {
        if (ready && !stopping && wakeRequested.compareAndSet(false, true)) {
            try {
                dispatcher.execute(this::drain);
            } catch (RuntimeException e) {
                wakeRequested.set(false); // stopping: the next start picks the deliveries up
            }
        }
    }

    private void wakeAfter(Duration delay) {
        try {
            dispatcher.schedule(this::wake, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RuntimeException stopping) {
            // the poll after the next start picks it up
        }
    }

    /** Delivers everything due now, batch after batch; answers how many deliveries were attempted. */
    int drain() {
        wakeRequested.set(false);
        int attempted = 0;
        try {
            while (!stopping) {
                List<OutboundDeliveries.Due> batch = deliveries.claim(clock.instant(), settings.lease(), batchSize,
                        mqtt.enabled());
                if (batch.isEmpty()) {
                    break;
                }
                attempted += deliver(batch);
                if (batch.size() < batchSize) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            log.error("Outbound delivery round failed; the next poll tries again", e);
        }
        return attempted;
    }

    private int deliver(List<OutboundDeliveries.Due> batch) {
        List<OutboundDeliveries.Due> toBroker = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        for (OutboundDeliveries.Due due : batch) {
            if (OutboundDeliveries.MQTT.equals(due.channel())) {
                toBroker.add(due);
            } else {
                running.add(senders.submit(() -> toWebhook(due)));
            }
        }
        // The broker's deliveries one after another, in the order of the outbox.
        int attempted = toBroker.isEmpty() ? 0 : toBroker(toBroker);
        for (Future<?> f : running) {
            try {
                f.get();
                attempted++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return attempted;
            } catch (java.util.concurrent.ExecutionException e) {
                log.error("Outbound webhook delivery failed unexpectedly", e.getCause());
            }
        }
        return attempted;
    }

    private void toWebhook(OutboundDeliveries.Due due) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Optional<WebhookSubscriptions.Target> target;
        try {
            target = subscriptions.target(due.subscriptionId());
        } catch (IllegalStateException undecryptable) {
            failed(due, started, t0, null, undecryptable.getMessage());
            return;
        }
        if (target.isEmpty()) {
            return; // deleted meanwhile, with its deliveries
        }
        WebhookSender.Result result = webhooks.send(target.get().url(), target.get().secret(), due, body(due));
        if (result.delivered()) {
            deliveries.delivered(due, started, millis(t0), result.httpStatus(), clock.instant());
        } else {
            failed(due, started, t0, result.httpStatus(), result.error());
        }
    }

    private int toBroker(List<OutboundDeliveries.Due> batch) {
        int attempted = 0;
        for (int i = 0; i < batch.size(); i++) {
            OutboundDeliveries.Due due = batch.get(i);
            Instant started = clock.instant();
            long t0 = System.nanoTime();
            try {
                mqtt.publish(due.type(), body(due));
                deliveries.delivered(due, started, millis(t0), null, clock.instant());
                attempted++;
            } catch (MqttPublisher.Unreachable e) {
                // Nothing was tried: this and the rest of the batch wait for the broker.
                deliveries.release(batch.subList(i, batch.size()), clock.instant().plus(settings.initialBackoff()),
                        e.getMessage());
                wakeAfter(settings.initialBackoff());
                return attempted;
            } catch (MqttException e) {
                failed(due, started, t0, null, "the broker refused the message: " + e.getMessage());
                attempted++;
            }
        }
        return attempted;
    }

    private void failed(OutboundDeliveries.Due due, Instant started, long t0, Integer status, String error) {
        int attempt = due.attempts() + 1;
        Instant now = clock.instant();
        Instant retryAt = attempt >= settings.maxAttempts() ? null
                : now.plus(backoff(attempt, settings.initialBackoff(), settings.maxBackoff(), settings.jitter(),
                        random.getAsDouble()));
        deliveries.failed(due, started, millis(t0), status, error, retryAt, now);
        if (retryAt != null) {
            wakeAfter(Duration.between(now, retryAt));
        } else {
            log.warn("Outbound delivery {} ({} of event {} to {}) is a dead letter after {} attempts: {}", due.id(),
                    due.type(), due.eventId(), channel(due), attempt, error);
        }
    }

    /**
     * The wait after failed attempt number {@code attempt} (1, 2, …): {@code initial × 2^(attempt-1)}, at most
     * {@code max}, then spread by ± {@code jitter} with {@code random} in [0, 1).
     */
    static Duration backoff(int attempt, Duration initial, Duration max, double jitter, double random) {
        double base = Math.min(initial.toMillis() * Math.pow(2, Math.min(attempt - 1, 40)), max.toMillis());
        double spread = base * jitter * (2 * random - 1);
        return Duration.ofMillis(Math.max(0, Math.round(Math.min(base + spread, max.toMillis()))));
    }

    /** The JSON a receiver gets: the event's id, type, subject and time, and its payload as {@code data}. */
    static byte[] body(OutboundDeliveries.Due due) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", due.eventId());
        body.put("type", due.type());
        body.put("subject", due.subject());
        body.put("occurredAt", due.occurredAt().toString());
        JsonNode data = JSON.readTree(due.payload());
        body.set("data", data);
        return JSON.writeValueAsBytes(body);
    }

    private static String channel(OutboundDeliveries.Due due) {
        return due.subscriptionId() == null ? due.channel() : due.channel() + ":" + due.subscriptionId();
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static Thread thread(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    @PreDestroy
    void stop() {
        stopping = true;
        dispatcher.shutdownNow();
        senders.shutdownNow();
    }

    /** Counts for the status line of the page and API. */
    Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mqtt", mqtt.status());
        out.put("deliveries", deliveries.counts());
        return out;
    }
}
