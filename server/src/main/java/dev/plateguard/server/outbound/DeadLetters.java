package dev.plateguard.server.outbound;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Replaying dead letters (docs/outbound.md): one, or all of a channel, back in the queue with a fresh set of
 * attempts, sent at once. Audited.
 */
@Service
class DeadLetters {

    /** Which dead letters to replay: {@code channel} webhook (of one {@code webhookId}, or of all), mqtt, or all. */
    record Selection(String channel, Long webhookId) {
    }

    private final OutboundDeliveries deliveries;
    private final DeliveryWorker worker;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    DeadLetters(OutboundDeliveries deliveries, DeliveryWorker worker, AuditLog audit) {
        this.deliveries = deliveries;
        this.worker = worker;
        this.audit = audit;
    }

    @Transactional
    OutboundDeliveries.Detail replay(long id) {
        OutboundDeliveries.Detail before = deliveries.find(id)
                .orElseThrow(() -> Refusal.notFound("no delivery " + id));
        if (!deliveries.replay(id, clock.instant())) {
            throw Refusal.conflict("delivery " + id + " is " + before.delivery().state()
                    + "; only a dead letter can be replayed", "notDead");
        }
        audit.record("outbound.replay", "delivery:" + id, AuditLog.Outcome.SUCCESS,
                Map.of("event", before.delivery().eventId(), "channel", before.delivery().channel()));
        wakeAfterCommit();
        return deliveries.find(id).orElseThrow();
    }

    @Transactional
    int replayAll(Selection selection) {
        if (selection == null || selection.channel() == null) {
            throw Refusal.invalid(java.util.List.of(FieldProblem.coded("channel", "required",
                    "is required: webhook, mqtt or all")));
        }
        String channel = switch (selection.channel()) {
            case "webhook" -> OutboundDeliveries.WEBHOOK;
            case "mqtt" -> OutboundDeliveries.MQTT;
            case "all" -> null;
            default -> throw Refusal.invalid(java.util.List.of(FieldProblem.coded("channel", "channel",
                    "must be webhook, mqtt or all")));
        };
        if (selection.webhookId() != null && !OutboundDeliveries.WEBHOOK.equals(channel)) {
            throw Refusal.invalid("webhookId", "goes only with channel webhook");
        }
        int replayed = deliveries.replayAll(channel, selection.webhookId(), clock.instant());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("channel", selection.channel());
        if (selection.webhookId() != null) {
            details.put("webhook", selection.webhookId());
        }
        details.put("replayed", replayed);
        audit.record("outbound.replay-all", "outbound", AuditLog.Outcome.SUCCESS, details);
        wakeAfterCommit();
        return replayed;
    }

    private void wakeAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                worker.wake();
            }
        });
    }
}
