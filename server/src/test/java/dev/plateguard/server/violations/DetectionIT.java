package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The detection pipeline end to end: reads posted by devices, detection run, violations read back via the API. */
class DetectionIT extends ViolationSupport {

    @Autowired
    DataSource dataSource;
    @Autowired
    ViolationLedger ledger;


    @Test
    void spotSpeedTiersAfterTolerance() {
        long site = site();
        var cam = camera(site, "speed", 60);
        String atTolerance = uniquePlate(), tenth = uniquePlate(), tier1Top = uniquePlate(), tier2 = uniquePlate(),
                tier4 = uniquePlate();
        speeding(cam, atTolerance, minutesAgo(9), 65.0);
        speeding(cam, tenth, minutesAgo(8), 65.1);
        speeding(cam, tier1Top, minutesAgo(7), 85.0);
        speeding(cam, tier2, minutesAgo(6), 85.1);
        long fastest = speeding(cam, tier4, minutesAgo(5), 125.1);
        detect();

        List<JsonNode> found = violations(site);
        assertThat(found).extracting(v -> v.get("plate").asString()).containsExactlyInAnyOrder(tenth, tier1Top, tier2, tier4);
        JsonNode v = forPlate(found, tenth);
        assertThat(v.get("offenceType").asString()).isEqualTo("speeding");
        assertThat(v.get("rule").asString()).isEqualTo("spot_speed");
        assertThat(v.get("article").asString()).isEqualTo("128-3");
        assertThat(v.get("state").asString()).isEqualTo("detected");
        assertThat(v.get("fineBrv").decimalValue()).isEqualByComparingTo("1");
        assertThat(v.get("brvSom").asLong()).isEqualTo(412_000);
        assertThat(som(v)).isEqualTo(412_000);
        assertThat(v.get("measured").get("overKmh").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(v.get("measured").get("limitKmh").asInt()).isEqualTo(60);
        assertThat(v.get("measured").get("toleranceKmh").decimalValue()).isEqualByComparingTo("5");
        assertThat(v.get("catalogueVersion").asInt()).isEqualTo(currentVersion());
        assertThat(Duration.between(Instant.parse(v.get("occurredAt").asString()),
                Instant.parse(v.get("reviewDeadline").asString()))).isEqualTo(Duration.ofHours(48));
        assertThat(forPlate(found, tier1Top).get("fineBrv").decimalValue()).isEqualByComparingTo("1");
        assertThat(som(forPlate(found, tier2))).isEqualTo(5 * 412_000L);
        JsonNode top = forPlate(found, tier4);
        assertThat(som(top)).isEqualTo(15 * 412_000L);
        assertThat(top.get("readId").asLong()).isEqualTo(fastest);
        assertThat(top.get("measured").get("tier").asInt()).isEqualTo(4);

        JsonNode detail = client().get("/api/v1/violations/" + top.get("id").asLong(), operator()).json();
        assertThat(detail.get("reads")).hasSize(1);
        assertThat(detail.get("reads").get(0).get("role").asString()).isEqualTo("primary");
        assertThat(detail.get("events")).hasSize(1);
        assertThat(detail.get("events").get(0).get("toState").asString()).isEqualTo("detected");
        assertThat(detail.get("events").get(0).get("actor").asString()).isEqualTo("system");
    }

    @Test
    void fineUsesTheBrvInForceOnTheOffenceDateInTheSiteTimeZone() {
        long site = site();
        var cam = camera(site, "speed", 60);
        String july = uniquePlate(), august = uniquePlate();
        speeding(cam, july, OffsetDateTime.parse("2025-07-31T23:30:00+05:00"), 70);
        // 19:30 UTC on 31 July, but 1 August in Tashkent: the new BRV applies.
        speeding(cam, august, OffsetDateTime.parse("2025-08-01T00:30:00+05:00"), 70);
        detect();
        List<JsonNode> found = violations(site);
        assertThat(som(forPlate(found, july))).isEqualTo(375_000);
        assertThat(forPlate(found, july).get("brvSom").asLong()).isEqualTo(375_000);
        assertThat(som(forPlate(found, august))).isEqualTo(412_000);
    }

    @Test
    void redLightGraceAndEvidence() {
        long site = site();
        var cam = camera(site, "red_light", null);
        String atGrace = uniquePlate(), twoImages = uniquePlate(), oneImage = uniquePlate(), video = uniquePlate(),
                amber = uniquePlate();
        redLight(cam, atGrace, minutesAgo(9), Duration.ofMillis(1000), 2, false);
        redLight(cam, twoImages, minutesAgo(8), Duration.ofMillis(1001), 2, false);
        redLight(cam, oneImage, minutesAgo(7), Duration.ofSeconds(3), 1, false);
        redLight(cam, video, minutesAgo(6), Duration.ofSeconds(3), 0, true);
        post(cam, metadata(amber, minutesAgo(5), Map.of("signal", Map.of("state", "amber"))), 2, false);
        // A speed over the limit on a camera without a limit is no speeding.
        post(cam, metadata(uniquePlate(), minutesAgo(4), Map.of("speedKmh", 190.0)), 2, false);
        detect();

        List<JsonNode> found = violations(site);
        assertThat(found).extracting(v -> v.get("plate").asString()).containsExactlyInAnyOrder(twoImages, oneImage, video);
        JsonNode v = forPlate(found, twoImages);
        assertThat(v.get("state").asString()).isEqualTo("detected");
        assertThat(v.get("article").asString()).isEqualTo("128-4 part 2");
        assertThat(v.get("measured").get("redSeconds").decimalValue()).isEqualByComparingTo("1.001");
        assertThat(som(v)).isEqualTo(2 * 412_000L);
        assertThat(forPlate(found, oneImage).get("state").asString()).isEqualTo("incomplete_evidence");
        assertThat(forPlate(found, video).get("state").asString()).isEqualTo("detected");

        var incomplete = client().get("/api/v1/violations?state=incomplete_evidence&site=" + site, operator());
        assertThat(incomplete.json().get("items")).hasSize(1);
    }

    @Test
    void seatbeltAndPhoneCandidatesAlwaysGoToReview() {
        long site = site();
        var cam = camera(site, "anpr", null);
        String below = uniquePlate(), at = uniquePlate(), phone = uniquePlate();
        post(cam, metadata(below, minutesAgo(5), Map.of("occupants",
                Map.of("driverSeatbelt", Map.of("value", false, "confidence", 0.79)))), 1, false);
        post(cam, metadata(at, minutesAgo(4), Map.of("occupants",
                Map.of("driverSeatbelt", Map.of("value", false, "confidence", 0.8)))), 1, false);
        post(cam, metadata(phone, minutesAgo(3), Map.of("occupants",
                Map.of("phoneUse", Map.of("value", true, "confidence", 0.95),
                        "driverSeatbelt", Map.of("value", true, "confidence", 0.99)))), 1, false);
        detect();
        List<JsonNode> found = violations(site);
        assertThat(found).extracting(v -> v.get("plate").asString()).containsExactlyInAnyOrder(at, phone);
        JsonNode belt = forPlate(found, at);
        assertThat(belt.get("offenceType").asString()).isEqualTo("seatbelt");
        assertThat(belt.get("state").asString()).isEqualTo("pending_review");
        assertThat(som(belt)).isEqualTo(206_000);
        JsonNode call = forPlate(found, phone);
        assertThat(call.get("offenceType").asString()).isEqualTo("phone");
        assertThat(call.get("article").asString()).isEqualTo("128-1");
        assertThat(call.get("state").asString()).isEqualTo("pending_review");
    }

    @Test
    void oneOffenceSeenByTwoCamerasOfASiteIsOneViolation() {
        long site = site();
        long otherSite = site();
        var north = camera(site, "speed", 60);
        var south = camera(site, "speed", 60);
        var elsewhere = camera(otherSite, "speed", 60);
        String plate = uniquePlate();
        OffsetDateTime t = minutesAgo(20);
        long first = speeding(north, plate, t, 80);
        long second = speeding(south, plate, t.plusSeconds(10), 82);
        long sameFrameAgain = speeding(north, plate, t.plusSeconds(60), 81);
        long beyondWindow = speeding(south, plate, t.plusSeconds(71), 80);
        long otherSiteRead = speeding(elsewhere, plate, t.plusSeconds(5), 80);
        detect();

        List<JsonNode> here = violations(site);
        assertThat(here).hasSize(2);
        JsonNode merged = client().get("/api/v1/violations/" + here.get(0).get("id").asLong(), operator()).json();
        assertThat(merged.get("readId").asLong()).isEqualTo(first);
        assertThat(merged.get("reads")).extracting(r -> r.get("readId").asLong())
                .containsExactly(first, second, sameFrameAgain);
        assertThat(merged.get("reads")).extracting(r -> r.get("role").asString())
                .containsExactly("primary", "duplicate", "duplicate");
        assertThat(here.get(1).get("readId").asLong()).isEqualTo(beyondWindow);
        List<JsonNode> there = violations(otherSite);
        assertThat(there).hasSize(1);
        assertThat(there.getFirst().get("readId").asLong()).isEqualTo(otherSiteRead);
    }

    @Test
    void redLightAgainWithinAYearTakesTheHigherFine() {
        long site = site();
        long site2 = site();
        var cam = camera(site, "red_light", null);
        var cam2 = camera(site2, "red_light", null);
        String repeat = uniquePlate(), longAgo = uniquePlate(), incompleteFirst = uniquePlate();
        OffsetDateTime january = OffsetDateTime.parse("2025-01-10T08:00:00+05:00");
        long firstRead = redLight(cam, repeat, january, Duration.ofSeconds(3), 2, false);
        redLight(cam2, repeat, OffsetDateTime.parse("2025-09-01T08:00:00+05:00"), Duration.ofSeconds(3), 2, false);
        redLight(cam, longAgo, OffsetDateTime.parse("2024-11-01T08:00:00+05:00"), Duration.ofSeconds(3), 2, false);
        redLight(cam2, longAgo, OffsetDateTime.parse("2025-11-01T08:00:01+05:00"), Duration.ofSeconds(3), 2, false);
        redLight(cam, incompleteFirst, january, Duration.ofSeconds(3), 1, false);
        redLight(cam2, incompleteFirst, january.plusMonths(2), Duration.ofSeconds(3), 2, false);
        detect();

        JsonNode first = forPlate(violations(site), repeat);
        assertThat(first.get("readId").asLong()).isEqualTo(firstRead);
        assertThat(first.get("fineBrv").decimalValue()).isEqualByComparingTo("2");
        assertThat(som(first)).isEqualTo(750_000);
        JsonNode again = forPlate(violations(site2), repeat);
        assertThat(again.get("fineBrv").decimalValue()).isEqualByComparingTo("5");
        assertThat(som(again)).isEqualTo(5 * 412_000L);
        assertThat(again.get("repeatOf").asLong()).isEqualTo(first.get("id").asLong());

        JsonNode later = forPlate(violations(site2), longAgo);
        assertThat(later.get("fineBrv").decimalValue()).isEqualByComparingTo("2");
        assertThat(later.has("repeatOf")).isFalse();
        // An earlier record without sufficient evidence does not make a repeat.
        assertThat(forPlate(violations(site2), incompleteFirst).get("fineBrv").decimalValue()).isEqualByComparingTo("2");
    }

    @Test
    void reprocessingTheSameReadsCreatesNothingTwice() {
        long site = site();
        var cam = camera(site, "speed", 60);
        var red = camera(site, "red_light", null);
        String plate = uniquePlate();
        long firstRead = speeding(cam, plate, minutesAgo(3), 99);
        redLight(red, uniquePlate(), minutesAgo(2), Duration.ofSeconds(2), 2, false);
        detect();
        // Counted for this site only, and only the detector's own events: background jobs (review queueing)
        // add events to other rows and states meanwhile.
        long violations = siteCount("select count(*) from violation where site_id = ?", site);
        long links = siteCount("select count(*) from violation_read l join violation v on v.id = l.violation_id where v.site_id = ?", site);
        long events = siteCount("""
                select count(*) from violation_event e join violation v on v.id = e.violation_id
                where v.site_id = ? and e.to_state in ('detected', 'incomplete_evidence')""", site);
        assertThat(jdbc.sql("select count(*) from detection_job where read_id = ?").param(firstRead).query(Long.class)
                .single()).as("the batch took the read's job").isZero();
        assertThat(violations(site)).hasSize(2);

        // As after a rule fix, or a crash between recording and taking the jobs: the same reads are evaluated again.
        List<Long> reads = jdbc.sql("select id from plate_read where site_id = ?").param(site).query(Long.class).list();
        assertThat(detector.requeue(reads)).isEqualTo(2);
        assertThat(detector.processPending()).isGreaterThanOrEqualTo(2);
        assertThat(siteCount("select count(*) from violation where site_id = ?", site)).isEqualTo(violations);
        assertThat(siteCount("select count(*) from violation_read l join violation v on v.id = l.violation_id where v.site_id = ?", site))
                .isEqualTo(links);
        assertThat(siteCount("""
                select count(*) from violation_event e join violation v on v.id = e.violation_id
                where v.site_id = ? and e.to_state in ('detected', 'incomplete_evidence')""", site)).isEqualTo(events);
        assertThat(violations(site)).hasSize(2);
        // And the database itself refuses a second (rule, read) pair.
        long id = violations(site).getFirst().get("id").asLong();
        long read = violations(site).getFirst().get("readId").asLong();
        String rule = violations(site).getFirst().get("rule").asString();
        assertThatThrownBy(() -> jdbc.sql("insert into violation_read (violation_id, read_id, rule, role) values (?, ?, ?, 'duplicate')")
                .params(id, read, rule).update()).rootCause().hasMessageContaining("duplicate key");
    }

    @Test
    void theLedgerRefusesTransitionsTheStateTableDoesNotListOrFromAStateTheViolationIsNotIn() {
        long site = site();
        speeding(camera(site, "speed", 50), uniquePlate(), minutesAgo(2), 90);
        detect();
        long id = violations(site).getFirst().get("id").asLong();
        long events = jdbc.sql("select count(*) from violation_event where violation_id = ?").param(id)
                .query(Long.class).single();
        // Not in the table: straight from detected to a notice.
        assertThatThrownBy(() -> ledger.transition(id, ViolationState.DETECTED, ViolationState.NOTICE_ISSUED, "test",
                null, null)).isInstanceOf(IllegalTransitionException.class);
        // In the table, but the violation is not confirmed.
        assertThatThrownBy(() -> ledger.transition(id, ViolationState.CONFIRMED, ViolationState.NOTICE_ISSUED, "test",
                null, null)).isInstanceOf(IllegalTransitionException.class);
        assertThat(jdbc.sql("select count(*) from violation_event where violation_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(events);
        assertThat(jdbc.sql("select state from violation where id = ?").param(id).query(String.class).single())
                .isIn("detected", "pending_review");
    }

    @Test
    void readsOfABatchAndOfAMetadataOnlyPostAreQueuedForDetectionWithTheRead() throws Exception {
        long site = site();
        var cam = camera(site, "speed", 60);
        String first = uniquePlate(), second = uniquePlate();
        var json = new tools.jackson.databind.ObjectMapper();
        String body = "{\"reads\":[" + json.writeValueAsString(metadata(first, minutesAgo(2), Map.of("speedKmh", 99)))
                + "," + json.writeValueAsString(metadata(second, minutesAgo(1), Map.of("speedKmh", 45))) + "]}";
        var response = postBatch(cam, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("created").asInt()).isEqualTo(2);
        detect();
        assertThat(violations(site)).singleElement()
                .satisfies(v -> assertThat(v.get("plate").asString()).isEqualTo(first));
        assertThat(jdbc.sql("""
                select count(*) from detection_job j join plate_read r on r.id = j.read_id where r.site_id = ?""")
                .param(site).query(Long.class).single()).as("every job taken").isZero();
    }

    @Test
    void stateHistoryIsAppendOnly() {
        long site = site();
        speeding(camera(site, "speed", 50), uniquePlate(), minutesAgo(2), 90);
        detect();
        long id = violations(site).getFirst().get("id").asLong();
        assertThatThrownBy(() -> jdbc.sql("update violation_event set to_state = 'x' where violation_id = ?").param(id).update())
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from violation_event where violation_id = ?").param(id).update())
                .rootCause().hasMessageContaining("append-only");
    }

    @Test
    void aReadCommittedLateIsEvaluatedOnceCommittedAndHoldsNothingBack() throws Exception {
        long site = site();
        var cam = camera(site, "speed", 60);
        detect();
        String latePlate = uniquePlate();
        try (Connection open = dataSource.getConnection()) {
            open.setAutoCommit(false);
            // As ingest stores a read: the read and its detection job in one statement, not committed yet.
            try (var insert = open.prepareStatement("""
                    with r as (
                        insert into plate_read (camera_id, site_id, device_key_id, event_id, captured_at, plate_text,
                                                plate_normalized, plate_country, speed_kmh, metadata, content_hash)
                        values (?, ?, ?, ?, now() - interval '2 minutes', ?, ?, 'UZ', 95, '{"speedKmh": 95}',
                                sha256(?::bytea))
                        returning id)
                    insert into detection_job (read_id) select id from r""")) {
                insert.setLong(1, cam.cameraId());
                insert.setLong(2, site);
                insert.setLong(3, cam.keyId());
                insert.setString(4, "late-" + latePlate);
                insert.setString(5, latePlate);
                insert.setString(6, latePlate);
                insert.setString(7, latePlate);
                insert.executeUpdate();
            }
            // A later read, committed first, is evaluated at once: nothing waits for the open transaction.
            speeding(cam, uniquePlate(), minutesAgo(1), 90);
            detector.processPending();
            assertThat(violations(site)).hasSize(1);
            open.commit();
        }
        detector.processPending();
        assertThat(violations(site)).hasSize(2);
        assertThat(violations(site)).anySatisfy(v -> assertThat(v.get("plate").asString()).isEqualTo(latePlate));
    }

    private long siteCount(String sql, long site) {
        return jdbc.sql(sql).param(site).query(Long.class).single();
    }
}
