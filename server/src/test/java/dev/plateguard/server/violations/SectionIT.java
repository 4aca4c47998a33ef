package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.TestClient;

/** Average speed over sections: pairing in and out of order, late, across a restart, and the sections API. */
class SectionIT extends ViolationSupport {

    @Autowired
    CatalogueStore catalogues;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    List<ViolationRule> rules;
    @Autowired
    PlateGuardProperties properties;
    @Autowired
    RuleSettingsStore ruleSettings;

    /** Entry and exit cameras on two sites, and a section between them with limit 60. */
    record Road(long entrySite, long exitSite, TestClient.Device entry, TestClient.Device exit, long sectionId,
                int distanceMetres) {
    }

    /**
     * A road whose distance makes limit + tolerance exactly 360 s of travel: average km/h = metres / 100 at 360 s.
     */
    Road road() {
        BigDecimal tolerance = catalogues.current().toleranceKmh();
        int distance = BigDecimal.valueOf(60).add(tolerance).multiply(BigDecimal.valueOf(100)).intValueExact();
        long entrySite = site(), exitSite = site();
        var entry = camera(entrySite, "anpr", null);
        var exit = camera(exitSite, "anpr", null);
        long id = section(entry.cameraId(), exit.cameraId(), distance, 60);
        return new Road(entrySite, exitSite, entry, exit, id, distance);
    }

    long section(long from, long to, int metres, int limit) {
        var r = client().postJson("/api/v1/sections", admin().token(), Map.of("fromCameraId", from, "toCameraId", to,
                "distanceMetres", metres, "limitKmh", limit, "name", TestClient.unique("Section")));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    long read(TestClient.Device device, String plate, OffsetDateTime at) {
        return post(device, metadata(plate, at, Map.of()), 1, false);
    }

    long pending(long sectionId, String plate) {
        return jdbc.sql("select count(*) from section_sighting where section_id = ? and plate = ? and paired_read_id is null")
                .params(sectionId, plate).query(Long.class).single();
    }

    List<JsonNode> sectionViolations(Road road, String plate) {
        return violations(road.exitSite()).stream().filter(v -> v.get("plate").asString().equals(plate)).toList();
    }

    @Test
    void averageSpeedUnderAtAndOverTheToleratedLimit() {
        Road road = road();
        OffsetDateTime t0 = minutesAgo(40);
        String under = uniquePlate(), exact = uniquePlate(), justOver = uniquePlate(), fast = uniquePlate();
        read(road.entry(), under, t0);
        read(road.exit(), under, t0.plusSeconds(600));
        read(road.entry(), exact, t0);
        read(road.exit(), exact, t0.plusSeconds(360)); // exactly limit + tolerance: not an offence
        read(road.entry(), justOver, t0);
        read(road.exit(), justOver, t0.plusSeconds(359));
        long fastEntry = read(road.entry(), fast, t0);
        long fastExit = read(road.exit(), fast, t0.plusSeconds(180)); // twice the tolerated speed
        detect();

        List<JsonNode> found = violations(road.exitSite());
        assertThat(found).extracting(v -> v.get("plate").asString()).containsExactlyInAnyOrder(justOver, fast);
        assertThat(violations(road.entrySite())).isEmpty();
        BigDecimal tolerance = catalogues.current().toleranceKmh();

        JsonNode small = forPlate(found, justOver).get("measured");
        BigDecimal expectedAverage = BigDecimal.valueOf(road.distanceMetres() * 3600L)
                .divide(BigDecimal.valueOf(359_000), 2, java.math.RoundingMode.DOWN);
        assertThat(small.get("averageKmh").decimalValue()).isEqualByComparingTo(expectedAverage);
        assertThat(small.get("overKmh").decimalValue())
                .isEqualByComparingTo(expectedAverage.subtract(BigDecimal.valueOf(60)).subtract(tolerance));
        assertThat(small.get("seconds").decimalValue()).isEqualByComparingTo("359");

        JsonNode v = forPlate(found, fast);
        assertThat(v.get("rule").asString()).isEqualTo("average_speed");
        assertThat(v.get("offenceType").asString()).isEqualTo("speeding");
        assertThat(v.get("article").asString()).isEqualTo("128-3");
        assertThat(v.get("readId").asLong()).isEqualTo(fastExit);
        assertThat(v.get("state").asString()).isEqualTo("detected");
        JsonNode m = v.get("measured");
        BigDecimal average = BigDecimal.valueOf(road.distanceMetres()).divide(BigDecimal.valueOf(50)); // 2 × (60 + tol)
        BigDecimal over = average.subtract(BigDecimal.valueOf(60)).subtract(tolerance);
        assertThat(m.get("averageKmh").decimalValue()).isEqualByComparingTo(average);
        assertThat(m.get("overKmh").decimalValue()).isEqualByComparingTo(over);
        assertThat(m.get("limitKmh").asInt()).isEqualTo(60);
        assertThat(m.get("toleranceKmh").decimalValue()).isEqualByComparingTo(tolerance);
        assertThat(m.get("distanceMetres").asInt()).isEqualTo(road.distanceMetres());
        assertThat(m.get("seconds").decimalValue()).isEqualByComparingTo("180");
        assertThat(Instant.parse(m.get("entryAt").asString())).isEqualTo(t0.toInstant());
        assertThat(Instant.parse(m.get("exitAt").asString())).isEqualTo(t0.plusSeconds(180).toInstant());
        Catalogue.SpeedTier tier = catalogues.current().tierFor(over);
        assertThat(v.get("fineBrv").decimalValue()).isEqualByComparingTo(tier.fineBrv());
        assertThat(m.get("tier").asInt()).isEqualTo(catalogues.current().tierNumber(tier));

        JsonNode detail = client().get("/api/v1/violations/" + v.get("id").asLong(), operator()).json();
        Map<Long, String> roles = new HashMap<>();
        detail.get("reads").forEach(r -> roles.put(r.get("readId").asLong(), r.get("role").asString()));
        assertThat(roles).containsExactlyInAnyOrderEntriesOf(Map.of(fastExit, "primary", fastEntry, "evidence"));
        assertThat(jdbc.sql("select count(*) from section_pair where section_id = ?").param(road.sectionId())
                .query(Long.class).single()).isEqualTo(4);

        detect(); // evaluated again: nothing new
        assertThat(violations(road.exitSite())).hasSize(2);
    }

    @Test
    void exitReadArrivingBeforeItsEntryStillPairsOnce() {
        Road road = road();
        OffsetDateTime t0 = minutesAgo(30);
        String sameBatch = uniquePlate(), laterRun = uniquePlate();
        // Same detection run, exit stored first.
        read(road.exit(), sameBatch, t0.plusSeconds(120));
        long entry = read(road.entry(), sameBatch, t0);
        // Exit detected alone first; the entry arrives (store and forward) after that run.
        long exit = read(road.exit(), laterRun, t0.plusSeconds(150));
        detect();
        assertThat(sectionViolations(road, laterRun)).isEmpty();
        assertThat(pending(road.sectionId(), laterRun)).isEqualTo(1);
        long lateEntry = read(road.entry(), laterRun, t0);
        detect();
        detect();

        JsonNode first = forPlate(violations(road.exitSite()), sameBatch);
        assertThat(first.get("measured").get("entryReadId").asLong()).isEqualTo(entry);
        JsonNode late = forPlate(violations(road.exitSite()), laterRun);
        assertThat(late.get("readId").asLong()).isEqualTo(exit);
        assertThat(late.get("siteId").asLong()).isEqualTo(road.exitSite());
        assertThat(late.get("measured").get("entryReadId").asLong()).isEqualTo(lateEntry);
        assertThat(late.get("measured").get("seconds").decimalValue()).isEqualByComparingTo("150");
        assertThat(pending(road.sectionId(), laterRun)).isZero();
    }

    @Test
    void lateExitAfterOtherRunsStillPairs() {
        Road road = road();
        String plate = uniquePlate();
        OffsetDateTime entryAt = minutesAgo(90);
        long entry = read(road.entry(), plate, entryAt);
        detect();
        for (int i = 0; i < 3; i++) { // unrelated traffic and detection runs in between
            read(road.exit(), uniquePlate(), minutesAgo(5));
            detect();
        }
        assertThat(pending(road.sectionId(), plate)).isEqualTo(1);
        read(road.exit(), plate, entryAt.plusSeconds(200)); // forwarded from the camera's store an hour late
        detect();
        JsonNode v = forPlate(violations(road.exitSite()), plate);
        assertThat(v.get("measured").get("entryReadId").asLong()).isEqualTo(entry);
        assertThat(pending(road.sectionId(), plate)).isZero();
    }

    @Test
    void sightingsOlderThanTheRetentionArePurgedAndRecentOnesKept() {
        Road road = road();
        String old = uniquePlate();
        String recent = uniquePlate();
        read(road.entry(), old, minutesAgo(60 * 80)); // 80 h ago: past the 72 h retention
        read(road.entry(), recent, minutesAgo(10));
        detect();
        assertThat(pending(road.sectionId(), old)).isEqualTo(1);
        assertThat(pending(road.sectionId(), recent)).isEqualTo(1);

        assertThat(new SectionSightingPurge(jdbc, properties).purge(java.time.Instant.now())).isPositive();

        assertThat(pending(road.sectionId(), old)).isZero();
        assertThat(pending(road.sectionId(), recent)).isEqualTo(1);
    }

    @Test
    void pendingSightingsSurviveARestart() {
        Road road = road();
        String plate = uniquePlate();
        OffsetDateTime t0 = minutesAgo(20);
        long entry = read(road.entry(), plate, t0);
        detect();
        assertThat(pending(road.sectionId(), plate)).isEqualTo(1);

        // A "restarted" server: new matcher and detector instances, nothing shared in memory with the old ones.
        SectionMatcher freshMatcher = new SectionMatcher(jdbc, properties);
        List<ViolationRule> freshRules = new java.util.ArrayList<>(List.of(new AverageSpeedRule(freshMatcher)));
        rules.stream().filter(rule -> !(rule instanceof AverageSpeedRule)).forEach(freshRules::add);
        ViolationDetector fresh = new ViolationDetector(jdbc, transactions, catalogues,
                new DetectionFeed(jdbc, ruleSettings), new RuleRunner(freshRules), new Exemptions(jdbc),
                new ViolationLedger(jdbc, properties), properties);
        long exit = read(road.exit(), plate, t0.plusSeconds(100));
        fresh.processPending();

        JsonNode v = forPlate(violations(road.exitSite()), plate);
        assertThat(v.get("readId").asLong()).isEqualTo(exit);
        assertThat(v.get("measured").get("entryReadId").asLong()).isEqualTo(entry);
    }

    @Test
    void pairsFurtherApartThanTheMaximumTravelTimeAreIgnored() {
        Road road = road();
        String plate = uniquePlate(), control = uniquePlate();
        read(road.entry(), plate, minutesAgo(200));
        read(road.exit(), plate, minutesAgo(70)); // 130 min later: beyond the 2 h default
        read(road.entry(), control, minutesAgo(200));
        read(road.exit(), control, minutesAgo(200).plusSeconds(100));
        detect();
        assertThat(sectionViolations(road, plate)).isEmpty();
        assertThat(pending(road.sectionId(), plate)).isEqualTo(2);
        assertThat(sectionViolations(road, control)).hasSize(1);
    }

    @Test
    void twoEntrySightingsPairTheExitWithTheLatest() {
        Road road = road();
        String plate = uniquePlate();
        OffsetDateTime t0 = minutesAgo(60);
        long first = read(road.entry(), plate, t0);
        long second = read(road.entry(), plate, t0.plusSeconds(600));
        detect();
        long exit = read(road.exit(), plate, t0.plusSeconds(700)); // 100 s after the second: fast; 700 s after the first: slow
        detect();
        JsonNode v = forPlate(violations(road.exitSite()), plate);
        assertThat(v.get("readId").asLong()).isEqualTo(exit);
        assertThat(v.get("measured").get("entryReadId").asLong()).isEqualTo(second);
        assertThat(v.get("measured").get("seconds").decimalValue()).isEqualByComparingTo("100");
        assertThat(jdbc.sql("select paired_read_id from section_sighting where section_id = ? and read_id = ?")
                .params(road.sectionId(), first).query(Long.class).optional()).isEmpty();
        assertThat(pending(road.sectionId(), plate)).isEqualTo(1);
    }

    @Test
    void sectionValidationAndRoles() {
        long siteId = site();
        var a = camera(siteId, "anpr", null);
        var b = camera(siteId, "anpr", null);

        var empty = client().postJson("/api/v1/sections", admin().token(), Map.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(fields(empty)).containsExactlyInAnyOrder("name", "fromCameraId", "toCameraId", "distanceMetres", "limitKmh");

        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("fromCameraId", a.cameraId());
        bad.put("toCameraId", a.cameraId());
        bad.put("distanceMetres", 0);
        bad.put("limitKmh", 999);
        bad.put("name", "<script>");
        var same = client().postJson("/api/v1/sections", admin().token(), bad);
        assertThat(same.status()).isEqualTo(400);
        assertThat(fields(same)).containsExactlyInAnyOrder("toCameraId", "distanceMetres", "limitKmh", "name");

        var missing = client().postJson("/api/v1/sections", admin().token(), Map.of("fromCameraId", a.cameraId(),
                "toCameraId", 987_654_321L, "distanceMetres", 1000, "limitKmh", 60, "name", "Missing"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(fields(missing)).containsExactly("toCameraId");

        var unknown = client().postJson("/api/v1/sections", admin().token(), Map.of("fromCameraId", a.cameraId(),
                "toCameraId", b.cameraId(), "distanceMetres", 1000, "limitKmh", 60, "name", "X", "speed", 1));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(fields(unknown)).containsExactly("speed");

        var wrongType = client().postJson("/api/v1/sections", admin().token(), Map.of("fromCameraId", a.cameraId(),
                "toCameraId", b.cameraId(), "distanceMetres", "far", "limitKmh", 60, "name", "X"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(fields(wrongType)).containsExactly("distanceMetres");

        Map<String, Object> good = Map.of("fromCameraId", a.cameraId(), "toCameraId", b.cameraId(), "distanceMetres", 1500,
                "limitKmh", 70, "name", "Ring road km 3-4");
        String supervisor = client().userToken(admin(), "SUPERVISOR");
        String auditor = client().userToken(admin(), "AUDITOR");
        assertThat(client().postJson("/api/v1/sections", operator(), good).status()).isEqualTo(403);
        assertThat(client().postJson("/api/v1/sections", supervisor, good).status()).isEqualTo(403);
        assertThat(client().postJson("/api/v1/sections", null, good).status()).isEqualTo(401);
        var created = client().postJson("/api/v1/sections", admin().token(), good);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("limitKmh").asInt()).isEqualTo(70);

        for (String token : List.of(admin().token(), supervisor, operator())) {
            var list = client().get("/api/v1/sections", token);
            assertThat(list.status()).isEqualTo(200);
            List<Long> ids = new ArrayList<>();
            list.json().get("items").forEach(s -> ids.add(s.get("id").asLong()));
            assertThat(ids).contains(id);
        }
        assertThat(client().get("/api/v1/sections", auditor).status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'section.create' and target = ? and outcome = 'success'")
                .param("section:" + id).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'section.create' and outcome = 'failure'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(3);
    }

    static List<String> fields(TestClient.Response problem) {
        List<String> out = new ArrayList<>();
        JsonNode errors = problem.json().get("errors");
        if (errors != null) {
            errors.forEach(e -> out.add(e.get("field").asString()));
        }
        return out;
    }
}
