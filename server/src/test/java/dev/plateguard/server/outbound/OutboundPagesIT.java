package dev.plateguard.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;

/**
 * The outbound page as an ADMIN uses it: a webhook added through the form shows its secret once, its deliveries and
 * their attempts are listed (never their payloads), a dead letter is replayed with a button, and bad input comes
 * back as a message, with nothing stored.
 */
class OutboundPagesIT extends IntegrationTest {

    @Autowired
    Outbound outbound;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void anAdminAddsAWebhookSeesItsSecretOnceAndReplaysADeadLetter() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            BrowserSession admin = new BrowserSession(client());
            TestClient.Response signedIn = admin.login(adminName(), TestClient.PASSWORD);
            assertThat(BrowserSession.redirectPath(signedIn)).as(signedIn.toString()).isNotEqualTo("/login");
            String type = WebhookDeliveryIT.uniqueType();
            Map<String, String> form = new LinkedHashMap<>();
            form.put("_csrf", admin.csrfToken());
            form.put("url", receiver.url("/page"));
            form.put("eventTypes", type + ", other.event");
            form.put("description", "Control room bridge");
            form.put("active", "true");
            TestClient.Response shown = admin.postForm("/admin/outbound/webhooks", form);
            assertThat(shown.status()).as(() -> shown + " " + BrowserSession.redirectPath(shown) + " "
                    + admin.get("/admin/outbound").text().replaceAll("(?s).*(<p class=\"flash error\"[^<]*</p>).*", "$1"))
                    .isEqualTo(200);
            String secret = java.util.regex.Pattern.compile("value=\"(pgw_[0-9A-Za-z]{43})\"").matcher(shown.text())
                    .results().map(m -> m.group(1)).findFirst().orElseThrow();
            receiver.secret(secret);
            long id = jdbc.sql("select id from webhook_subscription where url = ?").param(receiver.url("/page"))
                    .query(Long.class).single();
            TestClient.Response page = admin.get("/admin/outbound");
            assertThat(page.text()).contains(receiver.url("/page"), "Control room bridge").doesNotContain(secret);

            receiver.answer(500, 500, 500);
            long event = transactions.execute(s -> outbound.publish(new OutboundEvent(type, "alert:77", Instant.now(),
                    Map.of("plate", "01A777AA"))));
            long delivery = jdbc.sql("select id from outbound_delivery where event_id = ?").param(event)
                    .query(Long.class).single();
            WebhookDeliveryIT.await("a dead letter", () -> "dead".equals(jdbc.sql(
                    "select state from outbound_delivery where id = ?").param(delivery).query(String.class).single()));
            String detail = admin.get("/admin/outbound/deliveries/" + delivery).text();
            assertThat(detail).contains("data-outcome=\"failed\"", "answered 500").doesNotContain("01A777AA");
            assertThat(admin.get("/admin/outbound").text()).contains("data-delivery=\"" + delivery + "\"");

            TestClient.Response replayed = admin.postForm("/admin/outbound/deliveries/" + delivery + "/replay",
                    Map.of("_csrf", admin.csrfToken()));
            assertThat(replayed.status()).isEqualTo(302);
            WebhookDeliveryIT.await("delivered after the replay", () -> "delivered".equals(jdbc.sql(
                    "select state from outbound_delivery where id = ?").param(delivery).query(String.class).single()));
            assertThat(receiver.count()).as("three failed attempts and the replayed one").isEqualTo(4);

            // Bad input: a message, nothing stored.
            Map<String, String> bad = new LinkedHashMap<>();
            bad.put("_csrf", admin.csrfToken());
            bad.put("url", "https://169.254.169.254/latest");
            bad.put("eventTypes", "alert.*");
            TestClient.Response refused = admin.postForm("/admin/outbound/webhooks", bad);
            assertThat(refused.status()).isEqualTo(302);
            assertThat(admin.get("/admin/outbound").text()).contains("URL: points at an address webhooks may not reach");
            assertThat(jdbc.sql("select count(*) from webhook_subscription where url like 'https://169.254%'")
                    .query(Long.class).single()).isZero();

            // A new secret, then deletion.
            TestClient.Response rotated = admin.postForm("/admin/outbound/webhooks/" + id + "/secret",
                    Map.of("_csrf", admin.csrfToken()));
            assertThat(rotated.text()).contains("pgw_").doesNotContain(secret);
            assertThat(admin.postForm("/admin/outbound/webhooks/" + id + "/delete", Map.of("_csrf", admin.csrfToken()))
                    .status()).isEqualTo(302);
            assertThat(jdbc.sql("select count(*) from webhook_subscription where id = ?").param(id).query(Long.class)
                    .single()).isZero();
        }
    }

    /** The first administrator's name, created through setup if no test has yet. */
    private String adminName() {
        admin();
        return "admin";
    }
}
