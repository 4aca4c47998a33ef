package dev.plateguard.server.outbound;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/** Webhooks, deliveries and dead letters (ADMIN; docs/outbound.md). */
@RestController
class OutboundController {

    private static final Set<String> STATES = Set.of(OutboundDeliveries.PENDING, OutboundDeliveries.DELIVERED,
            OutboundDeliveries.DEAD);
    private static final Set<String> CHANNELS = Set.of(OutboundDeliveries.WEBHOOK, OutboundDeliveries.MQTT);

    private final WebhookSubscriptions webhooks;
    private final OutboundDeliveries deliveries;
    private final DeadLetters deadLetters;
    private final DeliveryWorker worker;

    OutboundController(WebhookSubscriptions webhooks, OutboundDeliveries deliveries, DeadLetters deadLetters,
                       DeliveryWorker worker) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.deadLetters = deadLetters;
        this.worker = worker;
    }

    @Operation(summary = "Webhook subscriptions (ADMIN)", description = "Never their secrets: only secretHint, the "
            + "secret's first characters.")
    @GetMapping("/api/v1/webhooks")
    Map<String, Object> list() {
        return Map.of("items", webhooks.list());
    }

    @Operation(summary = "Subscribe a webhook (ADMIN)", description = "Body: url (https; plain http only to loopback "
            + "where plateguard.outbound.webhooks.allow-loopback is on; link-local, cloud-metadata and other reserved "
            + "addresses are refused), eventTypes (1-20: alert.raised, prefixes such as camera.health.*, or *), "
            + "description (optional), active (default true), includeCovert (default false: alerts of covert "
            + "hotlists are not sent to it). Answers the subscription and its signing secret "
            + "(pgw_…), shown only here. Requests are signed: see docs/outbound.md. Audited. 400 invalid input "
            + "(errors name the fields), 409 a webhook with this URL exists, or 100 webhooks exist.")
    @PostMapping("/api/v1/webhooks")
    ResponseEntity<WebhookSubscriptions.WithSecret> create(@RequestBody WebhookSubscriptions.Draft body,
                                                          @AuthenticationPrincipal UserPrincipal me) {
        WebhookSubscriptions.WithSecret created = webhooks.create(body, me.username());
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.subscription().id())).body(created);
    }

    @Operation(summary = "One webhook subscription (ADMIN)")
    @GetMapping("/api/v1/webhooks/{id}")
    WebhookSubscriptions.Subscription get(@PathVariable long id) {
        return webhooks.get(id);
    }

    @Operation(summary = "Change a webhook subscription (ADMIN)", description = "Body as for POST; the secret stays. "
            + "Deactivated, its pending deliveries wait and it gets no new events; active again, they go out. "
            + "Audited. 400, 404, 409 as for POST.")
    @PutMapping("/api/v1/webhooks/{id}")
    WebhookSubscriptions.Subscription update(@PathVariable long id, @RequestBody WebhookSubscriptions.Draft body) {
        return webhooks.update(id, body);
    }

    @Operation(summary = "Delete a webhook subscription with its deliveries and attempts (ADMIN)",
            description = "Audited. 404 no such webhook.")
    @DeleteMapping("/api/v1/webhooks/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        webhooks.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Replace a webhook's signing secret (ADMIN)", description = "The new secret is shown only "
            + "in this answer; the old one stops working at once. Audited (without the secret).")
    @PostMapping("/api/v1/webhooks/{id}/secret")
    WebhookSubscriptions.WithSecret replaceSecret(@PathVariable long id) {
        return webhooks.replaceSecret(id);
    }

    @Operation(summary = "Outbound deliveries, newest first (ADMIN)", description = "state: pending, delivered or "
            + "dead (dead letters); channel: webhook or mqtt; webhookId; before: a delivery id, for the next page "
            + "(next in the answer); limit 1-500 (default 100). Lists event types and subjects, never payloads.")
    @GetMapping("/api/v1/outbound/deliveries")
    Map<String, Object> deliveries(@RequestParam(required = false) String state,
                                   @RequestParam(required = false) String channel,
                                   @RequestParam(required = false) Long webhookId,
                                   @RequestParam(required = false) Long before,
                                   @RequestParam(required = false, defaultValue = "100") int limit) {
        if (state != null && !STATES.contains(state)) {
            throw Refusal.invalid("state", "must be pending, delivered or dead");
        }
        if (channel != null && !CHANNELS.contains(channel)) {
            throw Refusal.invalid("channel", "must be webhook or mqtt");
        }
        if (limit < 1 || limit > 500) {
            throw Refusal.invalid("limit", "must be 1-500");
        }
        List<OutboundDeliveries.Delivery> items = deliveries.list(
                new OutboundDeliveries.Filter(state, channel, webhookId), before, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("next", items.size() == limit ? items.getLast().id() : null);
        return body;
    }

    @Operation(summary = "One delivery with every attempt (ADMIN)", description = "Each attempt: when, how long, "
            + "outcome, the receiver's HTTP status, the error. 404 no such delivery.")
    @GetMapping("/api/v1/outbound/deliveries/{id}")
    OutboundDeliveries.Detail delivery(@PathVariable long id) {
        return deliveries.find(id).orElseThrow(() -> Refusal.notFound("no delivery " + id));
    }

    @Operation(summary = "Replay one dead letter (ADMIN)", description = "Back in the queue with a fresh set of "
            + "attempts, sent at once. Audited. 404 no such delivery, 409 not a dead letter.")
    @PostMapping("/api/v1/outbound/deliveries/{id}/replay")
    OutboundDeliveries.Detail replay(@PathVariable long id) {
        return deadLetters.replay(id);
    }

    @Operation(summary = "Replay dead letters (ADMIN)", description = "Body: {\"channel\": \"webhook\" | \"mqtt\" | "
            + "\"all\", \"webhookId\"} (webhookId, optional, only with webhook). Answers {\"replayed\": n}. Audited. "
            + "400 no or an unknown channel.")
    @PostMapping("/api/v1/outbound/dead-letters/replay")
    Map<String, Object> replayAll(@RequestBody(required = false) DeadLetters.Selection body) {
        return Map.of("replayed", deadLetters.replayAll(body));
    }

    @Operation(summary = "State of the outbound channels (ADMIN)", description = "The MQTT connection (enabled, "
            + "broker URL, connected, since, last error) and the deliveries per channel and state.")
    @GetMapping("/api/v1/outbound/status")
    Map<String, Object> status() {
        return worker.status();
    }
}
