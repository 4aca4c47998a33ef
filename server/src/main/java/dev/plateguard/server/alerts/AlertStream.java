package dev.plateguard.server.alerts;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.UserPrincipal;

/**
 * The live alert streams of this node (server-sent events, {@code GET /api/v1/alerts/stream} and the dashboard's
 * {@code /alerts/stream}). One thread follows {@code alert.change_seq}: woken at once when this node's matcher or a
 * person changed alerts, and every {@code plateguard.alerts.stream-poll} for the other nodes' changes. Each
 * subscriber gets the changes it may see ({@link Alert#visibleTo}) as {@code alert} events whose id is the change's
 * sequence number, so that a browser reconnecting with {@code Last-Event-ID} resumes where it was.
 *
 * <p>What a person is sent is personal-data access: each delivery is audited ({@code alerts.stream}, with the alert
 * ids) before it is sent. Each subscriber has its own sender (a virtual thread) and a bounded queue, so a slow or
 * stalled client never holds up the others; one that falls too far behind is closed and reconnects.
 */
@Component
class AlertStream extends WokenLoop {

    private static final Logger log = LoggerFactory.getLogger(AlertStream.class);
    /** Changes read per query; the hub reads on until it has caught up. */
    private static final int PAGE = 500;
    /** Events a subscriber may have waiting before it is closed as too slow. */
    private static final int BACKLOG = 2000;
    /** How far back a reconnecting browser is replayed, in changes. */
    private static final long REPLAY = 500;
    private static final Object CLOSE = new Object();

    private final AlertQueries queries;
    private final AuditLog audit;
    private final AlertSettings settings;
    private final JsonMapper json;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    AlertStream(AlertQueries queries, AuditLog audit, AlertSettings settings, JsonMapper json) {
        super("alert-streams");
        this.queries = queries;
        this.audit = audit;
        this.settings = settings;
        this.json = json;
    }

    /** One open stream: whose it is, how far it got, and its own sender. */
    private final class Subscriber {
        final UserPrincipal me;
        final String address;
        final SseEmitter emitter;
        final LinkedBlockingQueue<Object> outbox = new LinkedBlockingQueue<>(BACKLOG);
        volatile long cursor;
        volatile long lastSent = System.nanoTime();

        Subscriber(UserPrincipal me, String address, SseEmitter emitter, long cursor) {
            this.me = me;
            this.address = address;
            this.emitter = emitter;
            this.cursor = cursor;
        }

        void offer(SseEmitter.SseEventBuilder event) {
            lastSent = System.nanoTime();
            if (!outbox.offer(event)) {
                log.info("Alert stream of {} fell {} events behind; closed (the browser reconnects)", me.username(), BACKLOG);
                close();
            }
        }

        void send() {
            try {
                while (true) {
                    Object next = outbox.take();
                    if (next == CLOSE) {
                        emitter.complete();
                        return;
                    }
                    emitter.send((SseEmitter.SseEventBuilder) next);
                }
            } catch (IOException | IllegalStateException e) {
                log.debug("Alert stream of {} ended: {}", me.username(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                subscribers.remove(this);
            }
        }

        void close() {
            subscribers.remove(this);
            outbox.clear();
            outbox.offer(CLOSE);
        }
    }

    /** Refused: the person holds {@code plateguard.alerts.streams-per-user} streams on this node already. */
    static final class TooManyStreams extends RuntimeException {
        TooManyStreams(long open) {
            super("you have " + open + " alert streams open here already; close one first", null, false, false);
        }
    }

    /**
     * Opens a stream for {@code me}. {@code lastEventId} (the browser's {@code Last-Event-ID}) resumes after that
     * change, at most {@value #REPLAY} changes back; without it the stream starts with the next change.
     */
    SseEmitter open(UserPrincipal me, String address, String lastEventId) {
        long open = subscribers.stream().filter(s -> s.me.userId() == me.userId()).count();
        if (open >= settings.streamsPerUser()) {
            throw new TooManyStreams(open);
        }
        long last = queries.lastChange();
        long cursor = last;
        if (lastEventId != null && lastEventId.matches("[0-9]{1,18}")) {
            cursor = Math.max(Math.min(Long.parseLong(lastEventId), last), last - REPLAY);
        }
        SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
        Subscriber subscriber = new Subscriber(me, address, emitter, cursor);
        emitter.onTimeout(subscriber::close);
        emitter.onError(e -> subscriber.close());
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        subscriber.offer(SseEmitter.event().name("ready").reconnectTime(2000).data("{\"cursor\":" + cursor + "}"));
        subscribers.add(subscriber);
        Thread.ofVirtual().name("alert-stream-" + me.username()).start(subscriber::send);
        wake(); // a replay goes out at once
        return emitter;
    }

    /** Open streams on this node (status, tests). */
    int open() {
        return subscribers.size();
    }

    @Override
    Duration interval() {
        return settings.streamPoll();
    }

    /** Sends every subscriber the changes after its cursor that it may see, and keeps idle streams alive. */
    @Override
    void round() {
        if (subscribers.isEmpty()) {
            return;
        }
        long from = subscribers.stream().mapToLong(s -> s.cursor).min().orElseThrow();
        while (true) {
            List<Alert> changes = queries.changedAfter(from, PAGE);
            for (Subscriber s : subscribers) {
                List<Alert> visible = new ArrayList<>();
                for (Alert a : changes) {
                    if (a.changeSeq() > s.cursor && a.visibleTo(s.me)) {
                        visible.add(a);
                    }
                }
                if (!visible.isEmpty()) {
                    audit.recordFor("user", s.me.username(), "alerts.stream", "alerts", AuditLog.Outcome.SUCCESS,
                            Map.of("count", visible.size(), "ids", visible.stream().map(Alert::id).distinct().toList(),
                                    "address", s.address == null ? "" : s.address));
                    for (Alert a : visible) {
                        s.offer(SseEmitter.event().id(Long.toString(a.changeSeq())).name("alert")
                                .data(json.writeValueAsString(a)));
                    }
                }
                if (!changes.isEmpty()) { // after the audit: a failed one leaves the changes to the next round
                    s.cursor = Math.max(s.cursor, changes.getLast().changeSeq());
                }
            }
            if (changes.size() < PAGE) {
                break;
            }
            from = changes.getLast().changeSeq();
        }
        long heartbeat = settings.streamHeartbeat().toNanos();
        for (Subscriber s : subscribers) {
            if (System.nanoTime() - s.lastSent > heartbeat) {
                s.offer(SseEmitter.event().comment("keep-alive"));
            }
        }
    }

    @Override
    public void stop() {
        super.stop();
        subscribers.forEach(Subscriber::close);
    }
}
