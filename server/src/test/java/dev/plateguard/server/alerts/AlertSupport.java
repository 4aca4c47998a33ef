package dev.plateguard.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.security.SecurityTestSupport;

/** Hotlists made through the API, reads posted as cameras post them, and the alerts that follow. */
public abstract class AlertSupport extends IngestSupport {

    /** A person with one role, signed in through the API (second factor included). */
    protected SecurityTestSupport.Person signedIn(String role) {
        return SecurityTestSupport.person(client(), admin(), role);
    }

    protected long createList(String token, boolean covert) {
        TestClient.Response r = client().postJson("/api/v1/hotlists", token,
                Map.of("name", TestClient.unique("List"), "covert", covert));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    protected TestClient.Response addEntry(String token, long list, Map<String, Object> entry) {
        return client().postJson("/api/v1/hotlists/" + list + "/entries", token, entry);
    }

    protected long entry(String token, long list, String pattern, String match) {
        TestClient.Response r = addEntry(token, list, Map.of("pattern", pattern, "match", match, "priority", 2,
                "reason", "STOLEN", "expiresAt", java.time.OffsetDateTime.now().plusDays(30).toString()));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    /** A read with a plate and one image, as a camera posts it; answers its id. */
    protected long read(TestClient.Device device, String plate) {
        return createRead(device, eventId(), aMinuteAgo(), plate);
    }

    /** The alert raised by read {@code readId}, as {@code token} sees it, waiting up to 15 s for it. */
    protected JsonNode awaitAlert(String token, long readId) {
        return await("an alert for read " + readId, () -> alertOf(token, readId));
    }

    /** The alert raised by (or grouping) read {@code readId}, if {@code token} sees one now. */
    protected Optional<JsonNode> alertOf(String token, long readId) {
        TestClient.Response r = client().get("/api/v1/alerts?limit=500", token);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode a : r.json().get("items")) {
            if (a.get("readId").asLong() == readId || a.get("lastReadId").asLong() == readId) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Waits until matching has taken read {@code readId}'s job: after that, no alert means none was raised. */
    protected void awaitMatched(long readId) {
        await("read " + readId + " matched", () -> jdbc.sql("select count(*) from alert_job where read_id = ?")
                .param(readId).query(Long.class).single() == 0 ? Optional.of(true) : Optional.empty());
    }

    protected long alertsOfRead(long readId) {
        return jdbc.sql("select count(*) from alert_read where read_id = ?").param(readId).query(Long.class).single();
    }

    protected static <T> T await(String what, Supplier<Optional<T>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    protected long auditCount(String action, String target) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target = ?").params(action, target)
                .query(Long.class).single();
    }

    protected static List<Long> ids(JsonNode items) {
        return items.valueStream().map(a -> a.get("id").asLong()).toList();
    }
}
