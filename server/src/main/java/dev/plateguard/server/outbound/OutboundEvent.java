package dev.plateguard.server.outbound;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened which people outside PlateGuard are told about through the outbound channels (webhooks,
 * MQTT): a hotlist alert raised or acknowledged, a camera-health alarm. {@code type} names it ({@code alert.raised},
 * {@code camera.health.stale}), {@code subject} is what it is about ({@code alert:123}, {@code camera:45}), and the
 * payload is the JSON object a receiver gets, without secrets (a receiver outside is told what an operator may see).
 * A {@code covert} event (an alert of a covert hotlist) goes only to channels set to include covert events.
 */
public record OutboundEvent(String type, String subject, Instant occurredAt, Map<String, ?> payload, boolean covert) {

    public OutboundEvent(String type, String subject, Instant occurredAt, Map<String, ?> payload) {
        this(type, subject, occurredAt, payload, false);
    }

    public OutboundEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(occurredAt, "occurredAt");
        payload = payload == null ? Map.of() : payload;
        if (!type.matches("[a-z][a-z0-9_.-]{1,63}")) {
            throw new IllegalArgumentException("an outbound event type is lower-case words and dots: " + type);
        }
        if (subject.isBlank() || subject.length() > 200) {
            throw new IllegalArgumentException("an outbound event subject is 1 to 200 characters");
        }
    }
}
