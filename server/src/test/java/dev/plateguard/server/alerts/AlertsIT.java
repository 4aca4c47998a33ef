package dev.plateguard.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.evidence.ContentHash;
import dev.plateguard.server.recognition.ScriptedPlateReader;
import dev.plateguard.server.security.SecurityTestSupport;

/**
 * Alerts end to end through the real API on the real database: reads posted by cameras (single, batch, image-only
 * and recognised) raise alerts for hotlisted plates of every match kind; repeats are grouped; acknowledging and
 * escalating are one-way, audited and published to the outbox; scope and covert lists decide who sees what; the
 * live stream pushes alerts and audits what it sends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsIT extends AlertSupport {

    @Autowired
    ScriptedPlateReader scripted;

    @Autowired
    AlertStream streams;

    private SecurityTestSupport.Person supervisor;
    private SecurityTestSupport.Person operator;
    private SecurityTestSupport.Person auditor;
    private TestClient.Device camera;
    private long list;

    @BeforeAll
    void setUp() {
        supervisor = signedIn("SUPERVISOR");
        operator = signedIn("OPERATOR");
        auditor = signedIn("AUDITOR");
        camera = client().device(admin());
        list = createList(supervisor.token(), false);
    }

    @AfterAll
    void streamsClosed() {
        // A closed stream is dropped at its next keep-alive; none may linger to audit other suites' alerts.
        await("every test stream closed", () -> streams.open() == 0 ? Optional.of(true) : Optional.empty());
    }

    private long outbound(String type, long alertId) {
        return jdbc.sql("select count(*) from outbound_event where type = ? and subject = ?")
                .params(type, "alert:" + alertId).query(Long.class).single();
    }

    @Test
    void aHotlistedReadRaisesAnAlertWithItsPlateReadListAndEvidence() {
        String plate = uniquePlate();
        long entry = entry(supervisor.token(), list, plate, "EXACT");
        byte[] image = jpeg(240, 60);
        TestClient.Response posted = postRead(camera, new TestClient.Multipart()
                .json("metadata", minimalMetadata(eventId(), aMinuteAgo(), plate))
                .file("image", "crop.jpg", "image/jpeg", image));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        long readId = posted.json().get("id").asLong();

        JsonNode alert = awaitAlert(operator.token(), readId);
        assertThat(alert.get("plate").asString()).isEqualTo(plate);
        assertThat(alert.get("readId").asLong()).isEqualTo(readId);
        assertThat(alert.get("hotlistId").asLong()).isEqualTo(list);
        assertThat(alert.get("entryId").asLong()).isEqualTo(entry);
        assertThat(alert.get("match").asString()).isEqualTo("EXACT");
        assertThat(alert.get("reason").asString()).isEqualTo("STOLEN");
        assertThat(alert.get("priority").asInt()).isEqualTo(2);
        assertThat(alert.get("state").asString()).isEqualTo("new");
        assertThat(alert.get("count").asInt()).isEqualTo(1);
        assertThat(alert.get("siteId").asLong()).isEqualTo(camera.siteId());
        assertThat(alert.get("thumbnail").asString()).isEqualTo(ContentHash.of(image));
        assertThat(alert.has("hotlistOwnerId")).as("internal fields stay internal").isFalse();
        // Stored, and announced to the outbound channels in the same transaction.
        long id = alert.get("id").asLong();
        assertThat(outbound("alert.raised", id)).isEqualTo(1);
        assertThat(jdbc.sql("select payload ->> 'plate' from outbound_event where subject = ? and type = 'alert.raised'")
                .param("alert:" + id).query(String.class).single()).isEqualTo(plate);
        // The list and one alert are audited with what was shown.
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'alerts.list' and actor = ? and details::text like ?")
                .params(operator.username(), "%" + id + "%").query(Long.class).single()).isPositive();
        JsonNode detail = client().get("/api/v1/alerts/" + id, operator.token()).json();
        assertThat(detail.get("reads").valueStream().map(JsonNode::asLong).toList()).containsExactly(readId);
        assertThat(auditCount("alerts.view", "alert:" + id)).isEqualTo(1);
        // Once its read is grouped, the alert names the read's passage (one read by one camera here, the best).
        JsonNode passage = await("the alert's passage", () -> alertOf(operator.token(), readId)
                .map(a -> a.get("passage")).filter(p -> p != null && !p.isNull()));
        assertThat(passage.get("reads").asInt()).isEqualTo(1);
        assertThat(passage.get("cameras").asInt()).isEqualTo(1);
        assertThat(passage.get("bestReadId").asLong()).isEqualTo(readId);
        assertThat(passage.get("id").asLong()).isEqualTo(jdbc.sql("select passage_id from passage_read where read_id = ?")
                .param(readId).query(Long.class).single());

        // A read of another plate raises nothing.
        long other = read(camera, uniquePlate());
        awaitMatched(other);
        assertThat(alertsOfRead(other)).isZero();
    }

    @Test
    void batchReadsRaiseAlertsForExactWildcardAndLookAlikeEntries() {
        String exact = uniquePlate();
        String wildcardPlate = "93K" + (100 + (int) (Math.random() * 899)) + "ZZ";
        String lookalike = "90" + exact.substring(2);
        entry(supervisor.token(), list, exact, "EXACT");
        entry(supervisor.token(), list, wildcardPlate.substring(0, 3) + "*ZZ", "WILDCARD");
        entry(supervisor.token(), list, lookalike, "LOOKALIKE");
        // O for 0 is a confusable, and one character more is one edit: the look-alike entry catches it.
        String misread = "9O" + exact.substring(2) + "1";
        String json = """
                {"reads":[%s,%s,%s,%s]}""".formatted(batchRead(exact), batchRead(wildcardPlate), batchRead(misread),
                batchRead(uniquePlate()));
        TestClient.Response r = postBatch(camera, json);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<Long> ids = r.json().get("results").valueStream().map(x -> x.get("id").asLong()).toList();
        assertThat(awaitAlert(operator.token(), ids.get(0)).get("match").asString()).isEqualTo("EXACT");
        assertThat(awaitAlert(operator.token(), ids.get(1)).get("match").asString()).isEqualTo("WILDCARD");
        assertThat(awaitAlert(operator.token(), ids.get(2)).get("match").asString()).isEqualTo("LOOKALIKE");
        awaitMatched(ids.get(3));
        assertThat(alertsOfRead(ids.get(3))).isZero();
    }

    private static String batchRead(String plate) {
        return """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"%s","confidence":0.9}}""".formatted(eventId(),
                aMinuteAgo(), plate);
    }

    @Test
    void anImageOnlyReadRaisesItsAlertOnceRecognitionFillsItsPlate() {
        String plate = uniquePlate();
        entry(supervisor.token(), list, plate, "EXACT");
        byte[] image = jpeg(400, 120);
        scripted.script(image, plate);
        TestClient.Response r = postRead(camera, new TestClient.Multipart()
                .json("metadata", "{\"eventId\":\"" + eventId() + "\",\"capturedAt\":\"" + aMinuteAgo() + "\"}")
                .file("image", "crop.jpg", "image/jpeg", image));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long readId = r.json().get("id").asLong();
        JsonNode alert = awaitAlert(operator.token(), readId);
        assertThat(alert.get("plate").asString()).isEqualTo(plate);
        assertThat(jdbc.sql("select plate_source from plate_read where id = ?").param(readId).query(String.class).single())
                .startsWith(ScriptedPlateReader.NAME);
    }

    @Test
    void repeatsOfOnePlateAtOneSiteAreOneAlertWithACount() {
        String plate = uniquePlate();
        entry(supervisor.token(), list, plate, "EXACT");
        long first = read(camera, plate);
        long alertId = awaitAlert(operator.token(), first).get("id").asLong();
        long second = createRead(camera, eventId(), ago(Duration.ofSeconds(30)), plate);
        JsonNode grouped = await("the repeat grouped", () -> alertOf(operator.token(), second)
                .filter(a -> a.get("count").asInt() == 2));
        assertThat(grouped.get("id").asLong()).isEqualTo(alertId);
        assertThat(grouped.get("readId").asLong()).isEqualTo(first);
        assertThat(grouped.get("lastReadId").asLong()).isEqualTo(second);
        assertThat(outbound("alert.raised", alertId)).isEqualTo(1);
        // A look-alike misread of the same car (0 read as O) by a camera of the same site is the same vehicle: it
        // joins the alert, under a look-alike entry that matches both readings.
        String lookalike = "10" + uniquePlate().substring(2);
        entry(supervisor.token(), list, lookalike, "LOOKALIKE");
        long straight = read(camera, lookalike);
        long lookalikeAlert = awaitAlert(operator.token(), straight).get("id").asLong();
        String misread = "1O" + lookalike.substring(2);
        long misreadRead = createRead(camera, eventId(), ago(Duration.ofSeconds(20)), misread);
        JsonNode one = await("the misread grouped", () -> alertOf(operator.token(), misreadRead)
                .filter(a -> a.get("count").asInt() == 2));
        assertThat(one.get("id").asLong()).isEqualTo(lookalikeAlert);
        assertThat(one.get("plate").asString()).as("the alert keeps the plate as first read").isEqualTo(lookalike);
        // Another site: another alert.
        TestClient.Device elsewhere = client().device(admin());
        long third = read(elsewhere, plate);
        assertThat(awaitAlert(operator.token(), third).get("id").asLong()).isNotEqualTo(alertId);
    }

    @Test
    void acknowledgingAndEscalatingAreOneWayAuditedAndPublished() {
        String plate = uniquePlate();
        entry(supervisor.token(), list, plate, "EXACT");
        long id = awaitAlert(operator.token(), read(camera, plate)).get("id").asLong();
        String path = "/api/v1/alerts/" + id;

        assertFieldProblem(client().postJson(path + "/escalate", operator.token(), Map.of("note", "<img src=x>")), 400, "note");
        assertThat(client().postJson(path + "/acknowledge", auditor.token(), Map.of()).status()).isEqualTo(403);
        TestClient.Response escalated = client().postJson(path + "/escalate", operator.token(), Map.of("note", "patrol 12 near"));
        assertThat(escalated.status()).as(escalated.toString()).isEqualTo(200);
        assertThat(escalated.json().get("state").asString()).isEqualTo("escalated");
        assertThat(escalated.json().get("escalatedBy").asString()).isEqualTo(operator.username());
        assertProblem(client().postJson(path + "/escalate", operator.token(), Map.of()), 409);
        TestClient.Response acknowledged = client().post(path + "/acknowledge", supervisor.token(), null, new byte[0]);
        assertThat(acknowledged.status()).as(acknowledged.toString()).isEqualTo(200);
        assertThat(acknowledged.json().get("state").asString()).isEqualTo("acknowledged");
        assertProblem(client().postJson(path + "/acknowledge", operator.token(), Map.of("note", "again")), 409);
        assertThat(auditCount("alert.escalate", "alert:" + id)).isEqualTo(1);
        assertThat(auditCount("alert.acknowledge", "alert:" + id)).isEqualTo(1);
        assertThat(outbound("alert.escalated", id)).isEqualTo(1);
        assertThat(outbound("alert.acknowledged", id)).isEqualTo(1);
        assertThat(client().get("/api/v1/alerts?state=acknowledged&hotlist=" + list, operator.token()).json().get("items")
                .valueStream().map(a -> a.get("id").asLong()).toList()).contains(id);
        assertProblem(client().postJson("/api/v1/alerts/987654321/acknowledge", operator.token(), Map.of()), 404);
    }

    @Test
    void alertsAreSeenInScopeAndCovertListsOnlyByTheirOwnerAndAuditors() {
        long site = client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Site"),
                "city", "Karshi", "region", "Kashkadarya region", "latitude", 38.86, "longitude", 65.79)).json().get("id").asLong();
        TestClient.Device remote = client().device(admin(), site);
        var scoped = signedIn("OPERATOR");
        assertThat(client().patchJson("/api/v1/users/" + scoped.id(), admin().token(),
                Map.of("scope", Map.of("regions", List.of("Tashkent city")))).status()).isEqualTo(200);
        String plate = uniquePlate();
        entry(supervisor.token(), list, plate, "EXACT");
        long readId = read(remote, plate);
        long id = awaitAlert(operator.token(), readId).get("id").asLong();
        assertThat(alertOf(scoped.token(), readId)).isEmpty();
        assertProblem(client().get("/api/v1/alerts/" + id, scoped.token()), 404);
        assertProblem(client().postJson("/api/v1/alerts/" + id + "/acknowledge", scoped.token(), Map.of()), 404);

        var investigator = signedIn("INVESTIGATOR");
        long covert = createList(investigator.token(), true);
        String secret = uniquePlate();
        entry(investigator.token(), covert, secret, "LOOKALIKE");
        long covertRead = read(camera, secret);
        JsonNode seen = awaitAlert(investigator.token(), covertRead);
        assertThat(seen.get("covert").asBoolean()).isTrue();
        assertThat(alertOf(auditor.token(), covertRead)).isPresent();
        assertThat(alertOf(operator.token(), covertRead)).isEmpty();
        assertThat(alertOf(supervisor.token(), covertRead)).isEmpty();
        assertProblem(client().get("/api/v1/alerts/" + seen.get("id").asLong(), supervisor.token()), 404);
    }

    @Test
    void expiredAndRemovedEntriesAndRemovedListsStopMatching() throws Exception {
        String soon = uniquePlate();
        String expires = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2).toString();
        assertThat(addEntry(supervisor.token(), list, Map.of("pattern", soon, "reason", "OTHER", "expiresAt", expires))
                .status()).isEqualTo(201);
        Thread.sleep(2500);
        long late = read(camera, soon);

        String removedPlate = uniquePlate();
        long removed = entry(supervisor.token(), list, removedPlate, "EXACT");
        assertThat(client().delete("/api/v1/hotlists/" + list + "/entries/" + removed, supervisor.token()).status())
                .isEqualTo(204);
        long afterRemoval = read(camera, removedPlate);

        long gone = createList(supervisor.token(), false);
        String gonePlate = uniquePlate();
        entry(supervisor.token(), gone, gonePlate, "EXACT");
        assertThat(client().delete("/api/v1/hotlists/" + gone, supervisor.token()).status()).isEqualTo(204);
        long afterListRemoval = read(camera, gonePlate);

        for (long readId : List.of(late, afterRemoval, afterListRemoval)) {
            awaitMatched(readId);
            assertThat(alertsOfRead(readId)).as("read " + readId).isZero();
        }
    }

    @Test
    void theLiveStreamPushesAlertsAsTheyAreRaisedAndAuditsWhatItSends() throws Exception {
        String plate = uniquePlate();
        entry(supervisor.token(), list, plate, "EXACT");
        try (EventStream stream = new EventStream(client().base() + "/api/v1/alerts/stream",
                Map.of("Authorization", "Bearer " + operator.token()))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            assertThat(stream.next("ready", Duration.ofSeconds(10))).isNotNull();
            long readId = read(camera, plate);
            EventStream.Event event;
            JsonNode alert;
            do {
                event = stream.next("alert", Duration.ofSeconds(15));
                assertThat(event).as("an alert event").isNotNull();
                alert = TestClient.JSON.readTree(event.data());
            } while (alert.get("readId").asLong() != readId);
            assertThat(alert.get("plate").asString()).isEqualTo(plate);
            assertThat(alert.get("hotlistId").asLong()).isEqualTo(list);
            assertThat(Long.parseLong(event.id())).isEqualTo(alert.get("changeSeq").asLong());
            long id = alert.get("id").asLong();
            assertThat(jdbc.sql("select count(*) from audit_event where action = 'alerts.stream' and actor = ? "
                    + "and details::text like ?").params(operator.username(), "%" + id + "%").query(Long.class).single())
                    .isEqualTo(1);

            // A browser that reconnects with Last-Event-ID gets what it missed.
            try (EventStream resumed = new EventStream(client().base() + "/api/v1/alerts/stream",
                    Map.of("Authorization", "Bearer " + operator.token(), "Last-Event-ID",
                            String.valueOf(Long.parseLong(event.id()) - 1)))) {
                EventStream.Event again;
                do {
                    again = resumed.next("alert", Duration.ofSeconds(15));
                    assertThat(again).as("the missed alert, again").isNotNull();
                } while (!again.id().equals(event.id()));
            }
        }
        assertThat(client().get("/api/v1/alerts/stream", auditor.token()).status()).isEqualTo(403);
    }

    @Test
    void badQueriesAreRefused() {
        assertFieldProblem(client().get("/api/v1/alerts?state=open", operator.token()), 400, "state");
        assertFieldProblem(client().get("/api/v1/alerts?limit=0", operator.token()), 400, "limit");
        assertFieldProblem(client().get("/api/v1/alerts?limit=501", operator.token()), 400, "limit");
        assertFieldProblem(client().get("/api/v1/alerts?before=x", operator.token()), 400, "before");
        assertProblem(client().get("/api/v1/alerts/987654321", operator.token()), 404);
        assertThat(client().get("/api/v1/alerts", admin().token()).status()).isEqualTo(403);
        assertThat(client().get("/api/v1/alerts", camera.key()).status()).isEqualTo(403);
    }
}
