package dev.plateguard.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * Webhooks end to end: an ADMIN subscribes a real HTTP receiver through the API, events published to the outbox
 * reach it signed, failures are retried and become dead letters that can be replayed, and redirects are not
 * followed. Each test subscribes to event types of its own, so that events of other tests never reach it.
 */
class WebhookDeliveryIT extends IntegrationTest {

    @Autowired
    Outbound outbound;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void aSubscribedReceiverGetsSignedEventsAndTheSecretIsShownOnlyOnce() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String type = uniqueType();
            JsonNode created = subscribe(receiver, "/hooks/a", List.of(prefix(type) + ".*", "other.thing"));
            String secret = created.get("secret").asString();
            long id = created.get("subscription").get("id").asLong();
            assertThat(secret).startsWith("pgw_").hasSize(47);
            assertThat(created.get("subscription").get("secretHint").asString()).isEqualTo(secret.substring(0, 10) + "…");
            receiver.secret(secret);

            long eventId = publish(type, "camera:7", Map.of("cameraId", 7, "condition", "offline"));
            WebhookReceiver.Received got = receiver.next(10);
            assertThat(got).as("the receiver got the event").isNotNull();
            assertThat(got.signatureValid()).as("signature verifies with the secret shown once").isTrue();
            assertThat(got.path()).isEqualTo("/hooks/a");
            assertThat(got.header("PlateGuard-Event")).isEqualTo(type);
            assertThat(got.header("PlateGuard-Event-Id")).isEqualTo(String.valueOf(eventId));
            assertThat(got.header("Content-Type")).isEqualTo("application/json");
            JsonNode body = got.json();
            assertThat(body.get("id").asLong()).isEqualTo(eventId);
            assertThat(body.get("type").asString()).isEqualTo(type);
            assertThat(body.get("subject").asString()).isEqualTo("camera:7");
            assertThat(body.get("data").get("condition").asString()).isEqualTo("offline");
            // A changed body or another secret does not verify; neither does an old timestamp (replay).
            byte[] tampered = new String(got.body(), StandardCharsets.UTF_8).replace("offline", "online")
                    .getBytes(StandardCharsets.UTF_8);
            String signature = got.header(WebhookSignature.HEADER);
            assertThat(WebhookSignature.verify(secret, signature, tampered, Instant.now(), Duration.ofMinutes(5))).isFalse();
            assertThat(WebhookSignature.verify(secret + "x", signature, got.body(), Instant.now(), Duration.ofMinutes(5))).isFalse();
            assertThat(WebhookSignature.verify(secret, signature, got.body(), Instant.now().plus(Duration.ofMinutes(6)),
                    Duration.ofMinutes(5))).as("replayed six minutes later").isFalse();

            long delivery = Long.parseLong(got.header("PlateGuard-Delivery"));
            await("delivery " + delivery + " is recorded as delivered", () -> "delivered".equals(state(delivery)));
            JsonNode detail = admin(client().get("/api/v1/outbound/deliveries/" + delivery, admin().token()), 200);
            assertThat(detail.get("delivery").get("webhookId").asLong()).isEqualTo(id);
            assertThat(detail.get("attempts")).hasSize(1);
            assertThat(detail.get("attempts").get(0).get("httpStatus").asInt()).isEqualTo(200);
            assertThat(detail.get("attempts").get(0).get("outcome").asString()).isEqualTo("delivered");
            assertThat(detail.toString()).as("no payload in the delivery listing").doesNotContain("offline");

            // The secret is nowhere but in that one answer: not in the listing, not in the database in the clear.
            String listing = client().get("/api/v1/webhooks/" + id, admin().token()).text();
            assertThat(listing).doesNotContain(secret);
            byte[] stored = jdbc.sql("select secret_box from webhook_subscription where id = ?").param(id)
                    .query(byte[].class).single();
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(4, 20));

            // A new secret: the old one no longer verifies what is sent afterwards.
            String rotated = admin(client().postJson("/api/v1/webhooks/" + id + "/secret", admin().token(), Map.of()), 200)
                    .get("secret").asString();
            assertThat(rotated).isNotEqualTo(secret).startsWith("pgw_");
            publish(type, "camera:7", Map.of());
            WebhookReceiver.Received after = receiver.next(10);
            assertThat(after.signatureValid()).as("old secret").isFalse();
            assertThat(WebhookSignature.verify(rotated, after.header(WebhookSignature.HEADER), after.body(), Instant.now(),
                    Duration.ofMinutes(5))).isTrue();

            // Another event type is not sent to it.
            publish(uniqueType(), "camera:7", Map.of());
            assertThat(audits("webhook.create", "webhook:" + id)).isEqualTo(1);
            assertThat(audits("webhook.secret", "webhook:" + id)).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from outbound_delivery where subscription_id = ?").param(id)
                    .query(Long.class).single()).isEqualTo(2);
        }
    }

    @Test
    void covertEventsReachOnlyTheWebhooksSetToIncludeThem() throws Exception {
        try (WebhookReceiver plain = new WebhookReceiver(); WebhookReceiver included = new WebhookReceiver()) {
            String type = uniqueType();
            JsonNode shared = subscribe(plain, "/plain", List.of(type));
            assertThat(shared.get("subscription").get("includeCovert").asBoolean()).as("off by default").isFalse();
            JsonNode opted = admin(client().postJson("/api/v1/webhooks", admin().token(), Map.of("url",
                    included.url("/covert"), "eventTypes", List.of(type), "includeCovert", true)), 201);
            assertThat(opted.get("subscription").get("includeCovert").asBoolean()).isTrue();
            long plainId = shared.get("subscription").get("id").asLong();
            long includedId = opted.get("subscription").get("id").asLong();

            long covert = transactions.execute(s -> outbound.publish(new OutboundEvent(type, "alert:1", Instant.now(),
                    Map.of("plate", "01A123BC", "covert", true), true)));
            long open = publish(type, "alert:2", Map.of("plate", "01A124BC", "covert", false));
            // The covert event is delivered to the webhook that includes it, and never stored for the other.
            List<Long> toIncluded = List.of(included.next(10).json().get("id").asLong(),
                    included.next(10).json().get("id").asLong());
            assertThat(toIncluded).containsExactlyInAnyOrder(covert, open);
            WebhookReceiver.Received toPlain = plain.next(10);
            assertThat(toPlain.json().get("id").asLong()).isEqualTo(open);
            assertThat(jdbc.sql("select count(*) from outbound_delivery where event_id = ? and subscription_id = ?")
                    .params(covert, plainId).query(Long.class).single()).isZero();
            assertThat(plain.next(1)).as("nothing more for the plain webhook").isNull();

            // Switched off again (PUT replaces the subscription): the next covert event goes nowhere.
            admin(client().putJson("/api/v1/webhooks/" + includedId, admin().token(), Map.of("url",
                    included.url("/covert"), "eventTypes", List.of(type))), 200);
            long later = transactions.execute(s -> outbound.publish(new OutboundEvent(type, "alert:3", Instant.now(),
                    Map.of("covert", true), true)));
            assertThat(jdbc.sql("select count(*) from outbound_delivery where event_id = ?").param(later)
                    .query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select covert from outbound_event where id = ?").param(later).query(Boolean.class)
                    .single()).isTrue();
        }
    }

    @Test
    void failedAttemptsAreRetriedThenDeadLetteredAndReplayed() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String type = uniqueType();
            JsonNode created = subscribe(receiver, "/flaky", List.of(type));
            long id = created.get("subscription").get("id").asLong();
            receiver.secret(created.get("secret").asString());

            // Two failures, then success: delivered on the third attempt, every attempt recorded.
            receiver.answer(500, 503);
            long first = publish(type, "alert:1", Map.of("n", 1));
            long firstDelivery = deliveryOf(first, id);
            await("delivered after retries", () -> "delivered".equals(state(firstDelivery)));
            assertThat(receiver.count()).isEqualTo(3);
            List<Integer> statuses = jdbc.sql("select http_status from outbound_attempt where delivery_id = ? order by id")
                    .param(firstDelivery).query(Integer.class).list();
            assertThat(statuses).containsExactly(500, 503, 200);
            List<String> errors = jdbc.sql("select coalesce(error, '') from outbound_attempt where delivery_id = ? order by id")
                    .param(firstDelivery).query(String.class).list();
            assertThat(errors.getFirst()).contains("500");

            // Failing every attempt (3 in the tests): a dead letter, listed as one.
            receiver.answer(500, 500, 500);
            long second = publish(type, "alert:2", Map.of("n", 2));
            long dead = deliveryOf(second, id);
            await("a dead letter", () -> "dead".equals(state(dead)));
            assertThat(jdbc.sql("select count(*) from outbound_attempt where delivery_id = ?").param(dead)
                    .query(Long.class).single()).isEqualTo(3);
            JsonNode listed = admin(client().get("/api/v1/outbound/deliveries?state=dead&webhookId=" + id,
                    admin().token()), 200);
            assertThat(listed.get("items")).extracting(n -> n.get("id").asLong()).containsExactly(dead);
            assertThat(listed.get("items").get(0).get("lastError").asString()).contains("500");

            // Replaying something that is not dead is refused; the dead letter goes out again, now delivered.
            assertThat(client().postJson("/api/v1/outbound/deliveries/" + firstDelivery + "/replay", admin().token(),
                    Map.of()).status()).isEqualTo(409);
            assertThat(client().postJson("/api/v1/outbound/deliveries/987654321/replay", admin().token(), Map.of())
                    .status()).isEqualTo(404);
            admin(client().postJson("/api/v1/outbound/deliveries/" + dead + "/replay", admin().token(), Map.of()), 200);
            await("the replayed dead letter is delivered", () -> "delivered".equals(state(dead)));
            assertThat(audits("outbound.replay", "delivery:" + dead)).isEqualTo(1);

            // Two more dead letters, replayed together for this webhook.
            receiver.answer(500, 500, 500, 500, 500, 500);
            long third = deliveryOf(publish(type, "alert:3", Map.of()), id);
            long fourth = deliveryOf(publish(type, "alert:4", Map.of()), id);
            await("two dead letters", () -> "dead".equals(state(third)) && "dead".equals(state(fourth)));
            JsonNode replayed = admin(client().postJson("/api/v1/outbound/dead-letters/replay", admin().token(),
                    Map.of("channel", "webhook", "webhookId", id)), 200);
            assertThat(replayed.get("replayed").asInt()).isEqualTo(2);
            await("both delivered", () -> "delivered".equals(state(third)) && "delivered".equals(state(fourth)));

            // Replay-all names its channel.
            assertThat(client().postJson("/api/v1/outbound/dead-letters/replay", admin().token(), Map.of()).status())
                    .isEqualTo(400);
            assertThat(client().postJson("/api/v1/outbound/dead-letters/replay", admin().token(),
                    Map.of("channel", "pigeon")).status()).isEqualTo(400);
            assertThat(client().postJson("/api/v1/outbound/dead-letters/replay", admin().token(),
                    Map.of("channel", "mqtt", "webhookId", id)).status()).isEqualTo(400);
        }
    }

    @Test
    void redirectsAreNotFollowedAndAnInactiveWebhookWaits() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(); WebhookReceiver elsewhere = new WebhookReceiver()) {
            String type = uniqueType();
            JsonNode created = subscribe(receiver, "/moved", List.of(type));
            long id = created.get("subscription").get("id").asLong();
            receiver.redirectTo(elsewhere.url("/stolen"));
            receiver.answer(302, 307, 301);
            long delivery = deliveryOf(publish(type, "alert:9", Map.of()), id);
            await("dead after three redirects", () -> "dead".equals(state(delivery)));
            assertThat(elsewhere.count()).as("the redirect target was never called").isZero();
            assertThat(jdbc.sql("select http_status from outbound_attempt where delivery_id = ? order by id")
                    .param(delivery).query(Integer.class).list()).containsExactly(302, 307, 301);

            // Deactivated: no new deliveries, and what was waiting waits.
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("url", receiver.url("/moved"));
            change.put("eventTypes", List.of(type));
            change.put("active", false);
            assertThat(admin(client().putJson("/api/v1/webhooks/" + id, admin().token(), change), 200)
                    .get("active").asBoolean()).isFalse();
            int before = receiver.count();
            admin(client().postJson("/api/v1/outbound/deliveries/" + delivery + "/replay", admin().token(), Map.of()), 200);
            long unsent = publish(type, "alert:10", Map.of());
            assertThat(jdbc.sql("select count(*) from outbound_delivery where event_id = ?").param(unsent)
                    .query(Long.class).single()).as("an inactive webhook gets no new events").isZero();
            assertThat(state(delivery)).isEqualTo("pending");
            assertThat(receiver.count()).isEqualTo(before);

            assertThat(client().delete("/api/v1/webhooks/" + id, admin().token()).status()).isEqualTo(204);
            assertThat(jdbc.sql("select count(*) from outbound_delivery where id = ?").param(delivery)
                    .query(Long.class).single()).as("deliveries go with their webhook").isZero();
            assertThat(client().get("/api/v1/webhooks/" + id, admin().token()).status()).isEqualTo(404);
        }
    }

    @Test
    void badSubscriptionsAreRefusedPrecisely() {
        String token = admin().token();
        String type = uniqueType();
        Map<String, String> refusedUrls = new LinkedHashMap<>();
        refusedUrls.put("ftp://127.0.0.1/hook", "notUrl");
        refusedUrls.put("/relative/hook", "notUrl");
        refusedUrls.put("not a url at all", "notUrl");
        refusedUrls.put("http://10.20.30.40/hook", "httpsRequired");
        refusedUrls.put("https://169.254.169.254/latest/meta-data/", "forbiddenAddress");
        refusedUrls.put("https://[fe80::1]/hook", "forbiddenAddress");
        refusedUrls.put("https://100.100.100.200/hook", "forbiddenAddress");
        refusedUrls.put("https://0.0.0.0/hook", "forbiddenAddress");
        refusedUrls.put("https://224.0.0.1/hook", "forbiddenAddress");
        refusedUrls.put("https://[::ffff:169.254.169.254]/hook", "forbiddenAddress");
        refusedUrls.put("https://user:secret@127.0.0.1/hook", "userInfo");
        refusedUrls.put("https://127.0.0.1/hook#part", "fragment");
        refusedUrls.put("https://127.0.0.1/" + "a".repeat(2001), "tooLong");
        refusedUrls.put("", "required");
        List<String> unexpected = new ArrayList<>();
        refusedUrls.forEach((url, code) -> {
            TestClient.Response r = client().postJson("/api/v1/webhooks", token, Map.of("url", url, "eventTypes", List.of(type)));
            if (r.status() != 400 || !r.json().get("errors").get(0).get("field").asString().equals("url")
                    || !code.equals(r.json().get("errors").get(0).get("code").asString())) {
                unexpected.add(url + " -> " + r);
            }
        });
        assertThat(unexpected).isEmpty();

        String ok = "http://127.0.0.1:9/" + type;
        for (Object types : List.of(List.of(), List.of("alert.**"), List.of("Alert.Raised"), List.of("<script>"),
                List.of("a".repeat(65)), java.util.Collections.nCopies(21, "alert.raised"))) {
            TestClient.Response r = client().postJson("/api/v1/webhooks", token, Map.of("url", ok, "eventTypes", types));
            assertThat(r.status()).as("%s -> %s", types, r).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asString()).startsWith("eventTypes");
        }
        TestClient.Response hostile = client().postJson("/api/v1/webhooks", token,
                Map.of("url", ok, "eventTypes", List.of("*"), "description", "<img src=x onerror=alert(1)>"));
        assertThat(hostile.status()).isEqualTo(400);
        assertThat(hostile.json().get("errors").get(0).get("field").asString()).isEqualTo("description");
        // Unknown fields, wrong types and broken JSON: 400, nothing stored.
        assertThat(client().postJson("/api/v1/webhooks", token, Map.of("url", ok, "eventTypes", List.of("*"),
                "secret", "mine")).status()).isEqualTo(400);
        assertThat(client().postJson("/api/v1/webhooks", token, Map.of("url", ok, "eventTypes", "alert.raised"))
                .status()).isEqualTo(400);
        assertThat(client().post("/api/v1/webhooks", token, "application/json",
                "{\"url\": \"".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from webhook_subscription where url like ?").param("%" + type + "%")
                .query(Long.class).single()).isZero();

        // The same URL twice: 409.
        TestClient.Response first = client().postJson("/api/v1/webhooks", token, Map.of("url", ok, "eventTypes",
                List.of(type)));
        assertThat(first.status()).isEqualTo(201);
        assertThat(client().postJson("/api/v1/webhooks", token, Map.of("url", ok, "eventTypes", List.of("*")))
                .status()).isEqualTo(409);
        assertThat(client().delete("/api/v1/webhooks/" + first.json().get("subscription").get("id").asLong(), token)
                .status()).isEqualTo(204);

        // Listing parameters.
        assertThat(client().get("/api/v1/outbound/deliveries?state=lost", token).status()).isEqualTo(400);
        assertThat(client().get("/api/v1/outbound/deliveries?channel=fax", token).status()).isEqualTo(400);
        assertThat(client().get("/api/v1/outbound/deliveries?limit=0", token).status()).isEqualTo(400);
        assertThat(client().get("/api/v1/outbound/deliveries?webhookId=abc", token).status()).isEqualTo(400);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static String uniqueType() {
        return "test.t" + Long.toString(System.nanoTime(), 36) + ".raised";
    }

    private static String prefix(String type) {
        return type.substring(0, type.lastIndexOf('.'));
    }

    private JsonNode subscribe(WebhookReceiver receiver, String path, List<String> types) {
        return admin(client().postJson("/api/v1/webhooks", admin().token(), Map.of("url", receiver.url(path),
                "eventTypes", types, "description", "test receiver")), 201);
    }

    private static JsonNode admin(TestClient.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response.json();
    }

    private long publish(String type, String subject, Map<String, ?> payload) {
        return transactions.execute(s -> outbound.publish(new OutboundEvent(type, subject, Instant.now(), payload)));
    }

    private long deliveryOf(long eventId, long webhookId) {
        return jdbc.sql("select id from outbound_delivery where event_id = ? and subscription_id = ?")
                .params(eventId, webhookId).query(Long.class).single();
    }

    private String state(long delivery) {
        return jdbc.sql("select state from outbound_delivery where id = ?").param(delivery).query(String.class)
                .optional().orElse(null);
    }

    private long audits(String action, String target) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target = ?").params(action, target)
                .query(Long.class).single();
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
