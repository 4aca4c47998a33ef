package dev.plateguard.server.reads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.ingest.IngestSupport;

/**
 * Purpose-bound investigation: purpose and case on every plate search and journey, the live window for listings
 * without a plate, the age tier with a supervisor's approval, volume limits, the audit, and scope in SQL.
 */
class InvestigationIT extends IngestSupport {

    private static final String Q = InvestigationParams.QUERY;

    @Autowired
    ReadQueries queries;

    private TestClient.Device device;
    private Person investigator;

    @BeforeEach
    void setUp() {
        device = client().device(admin());
        investigator = person("INVESTIGATOR");
    }

    private long read(TestClient.Device on, String plate, OffsetDateTime capturedAt) {
        var r = postMetadataOnly(on, minimalMetadata(eventId(), at(capturedAt), plate));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(5)).withNano(0);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    private TestClient.Response get(String path, Person who) {
        return client().get(path, who.token());
    }

    private JsonNode lastAudit(String action, String actor) {
        return TestClient.JSON.readTree(jdbc.sql(
                        "select details::text from audit_event where action = ? and actor = ? order by id desc limit 1")
                .params(action, actor).query(String.class).single());
    }

    @Test
    void plateSearchWithoutPurposeOrCaseIsRefusedNamingTheField() {
        String plate = uniquePlate();
        read(device, plate, now().minusMinutes(5));
        String base = "/api/v1/reads?plate=" + plate;
        assertFieldProblem(get(base, investigator), 400, "purpose");
        assertThat(fields(assertProblem(get(base, investigator), 400))).containsExactly("purpose", "case");
        assertFieldProblem(get(base + "&case=" + InvestigationParams.CASE, investigator), 400, "purpose");
        assertThat(fields(assertProblem(get(base + "&purpose=stolen-vehicle", investigator), 400))).containsExactly("case");
        String[][] bad = {
                {"&purpose=no-such-purpose&case=CR-2026-1", "purpose"},
                {"&purpose=" + enc("<script>") + "&case=CR-2026-1", "purpose"},
                {"&purpose=" + enc("stolen-vehicle' or '1'='1") + "&case=CR-2026-1", "purpose"},
                {"&purpose=" + "a".repeat(5000) + "&case=CR-2026-1", "purpose"},
                {"&purpose=stolen-vehicle&case=123", "case"},
                {"&purpose=stolen-vehicle&case=CR-2026-", "case"},
                {"&purpose=stolen-vehicle&case=" + enc("CR-2026-1' or 1=1--"), "case"},
                {"&purpose=stolen-vehicle&case=" + enc("CR-2026-1\nCR-2026-2"), "case"},
                {"&purpose=stolen-vehicle&case=CR-2026-" + "1".repeat(70), "case"},
                {"&purpose=stolen-vehicle&case=CR-2026-1&reason=" + enc("<b>x</b>"), "reason"},
                {"&purpose=stolen-vehicle&case=CR-2026-1&reason=" + "x".repeat(501), "reason"},
        };
        for (String[] c : bad) {
            assertFieldProblem(get(base + c[0], investigator), 400, c[1]);
        }
        // Prefix and look-alike searches are investigative too.
        assertFieldProblem(get("/api/v1/reads?plate=" + enc("01A*"), investigator), 400, "purpose");
        assertFieldProblem(get("/api/v1/reads?plate=" + plate + "&match=folded", investigator), 400, "case");
        // With both, the search answers and says who asked under which case.
        JsonNode ok = get(base + Q + "&reason=" + enc("Theft report 17"), investigator).json();
        assertThat(ids(ok)).hasSize(1);
        assertThat(ok.get("investigation").get("user").asString()).isEqualTo(investigator.username());
        assertThat(ok.get("investigation").get("case").asString()).isEqualTo(InvestigationParams.CASE);
        assertThat(ok.get("investigation").get("purpose").asString()).isEqualTo(InvestigationParams.PURPOSE);
        // Refusals are not audited as searches that returned data.
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'reads.search' and actor = ? and outcome = 'success'")
                .param(investigator.username()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void listingWithoutAPlateIsOnlyTheLiveWindow() {
        long recent = read(device, uniquePlate(), now().minusHours(1));
        long older = read(device, uniquePlate(), now().minusHours(30));
        String camera = "camera=" + device.cameraId();
        for (Person who : List.of(investigator, person("OPERATOR"))) {
            // The bulk loop: limit + cursor, no plate. It sees the last 24 hours only, and then ends.
            List<Long> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                var r = get("/api/v1/reads?" + camera + "&limit=1" + (cursor == null ? "" : "&cursor=" + enc(cursor)), who);
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                seen.addAll(ids(r.json()));
                cursor = r.json().get("nextCursor").isNull() ? null : r.json().get("nextCursor").asString();
                assertThat(++pages).isLessThan(5);
            } while (cursor != null);
            assertThat(seen).containsExactly(recent).doesNotContain(older);
        }
        // Reaching further back without a plate is refused, clearly.
        JsonNode fromProblem = assertFieldProblem(get("/api/v1/reads?" + camera + "&from=" + enc(at(now().minusDays(2))),
                investigator), 400, "from");
        assertThat(fromProblem.get("type").asString()).endsWith("/live-window-only");
        assertThat(fromProblem.get("detail").asString()).contains("24 hours");
        assertFieldProblem(get("/api/v1/reads?to=" + enc(at(now().minusDays(2))), investigator), 400, "to");
        // A cursor loop cannot be pointed at older data either (a hand-made cursor two days back).
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
        String handMade = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (twoDaysAgo.getEpochSecond() + ":0:" + Long.MAX_VALUE).getBytes(StandardCharsets.US_ASCII));
        assertFieldProblem(get("/api/v1/reads?" + camera + "&cursor=" + handMade, investigator), 400, "cursor");
        // Within the window, from works as before.
        assertThat(ids(get("/api/v1/reads?" + camera + "&from=" + enc(at(now().minusHours(2))), investigator).json()))
                .containsExactly(recent);
        // The read itself: within the window it opens as before; older ones only under a purpose and case.
        assertThat(get("/api/v1/reads/" + recent, investigator).status()).isEqualTo(200);
        assertFieldProblem(get("/api/v1/reads/" + older, investigator), 400, "purpose");
        assertThat(get("/api/v1/reads/" + older + "?purpose=stolen-vehicle&case=" + InvestigationParams.CASE, investigator)
                .status()).isEqualTo(200);
        // The listing is audited with the ids it returned.
        JsonNode listed = lastAudit("reads.list", investigator.username());
        assertThat(listed.get("results").asInt()).isEqualTo(1);
    }

    @Test
    void olderThanNinetyDaysNeedsASupervisorsApprovalForThatPlateAndCase() {
        String plate = uniquePlate();
        long old = read(device, plate, now().minusDays(120));
        long recent = read(device, plate, now().minusDays(3));
        String search = "/api/v1/reads?plate=" + plate + Q;
        // Without from: the standard reach only.
        assertThat(ids(get(search, investigator).json())).containsExactly(recent);
        // Reaching further back is refused, and the refusal is audited.
        String from = "&from=" + enc(at(now().minusDays(150)));
        JsonNode refused = assertFieldProblem(get(search + from, investigator), 403, "from");
        assertThat(refused.get("type").asString()).endsWith("/approval-required");
        assertThat(jdbc.sql("select outcome from audit_event where action = 'reads.search' and actor = ? order by id desc limit 1")
                .param(investigator.username()).query(String.class).single()).isEqualTo("denied");
        assertThat(get("/api/v1/reads/" + old + "?" + Q.substring(1), investigator).status()).isEqualTo(403);

        // The request: plate, case, purpose, period, reason.
        Map<String, Object> body = Map.of("plate", plate, "case", InvestigationParams.CASE, "purpose", "stolen-vehicle",
                "from", at(now().minusDays(150)), "to", at(now().minusDays(80)), "reason", "Vehicle reported stolen in March");
        var created = client().postJson("/api/v1/access-requests", investigator.token(), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long requestId = created.json().get("id").asLong();
        assertThat(created.json().get("status").asString()).isEqualTo("pending");
        // Still refused while pending.
        assertThat(get(search + from, investigator).status()).isEqualTo(403);

        // Only a SUPERVISOR decides: not the investigator who asked, not an OPERATOR.
        String approve = "/api/v1/access-requests/" + requestId + "/approve";
        assertProblem(client().post(approve, investigator.token(), null, new byte[0]), 403);
        assertProblem(client().post(approve, person("OPERATOR").token(), null, new byte[0]), 403);
        Person supervisor = person("SUPERVISOR");
        var approved = client().post(approve, supervisor.token(), null, new byte[0]);
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("approved");
        assertThat(approved.json().get("decidedBy").asString()).isEqualTo(supervisor.username());
        assertThat(approved.json().get("case").asString()).isEqualTo(InvestigationParams.CASE);
        assertThat(approved.json().get("expiresAt").isNull()).isFalse();
        assertProblem(client().post(approve, person("SUPERVISOR").token(), null, new byte[0]), 409);

        // Now the requester reaches that period for that plate under that case...
        assertThat(ids(get(search + from, investigator).json())).containsExactly(recent, old);
        assertThat(get("/api/v1/reads/" + old + "?" + Q.substring(1), investigator).status()).isEqualTo(200);
        var journey = get("/api/v1/journeys?plate=" + plate + "&from=" + enc(at(now().minusDays(125))) + "&to="
                + enc(at(now().minusDays(100))) + Q, investigator);
        assertThat(journey.status()).as(journey.toString()).isEqualTo(200);
        assertThat(journey.json().get("sightings")).hasSize(1);
        // ...but not under another case, not for another user, and not before the approved period.
        assertThat(get("/api/v1/reads?plate=" + plate + "&purpose=stolen-vehicle&case=CR-2026-999" + from, investigator)
                .status()).isEqualTo(403);
        assertThat(get(search + from, person("INVESTIGATOR")).status()).isEqualTo(403);
        assertThat(get(search + "&from=" + enc(at(now().minusDays(200))), investigator).status()).isEqualTo(403);
        // Prefix searches never reach past the standard reach.
        assertThat(get("/api/v1/reads?plate=" + enc(plate.substring(0, 5) + "*") + Q + from, investigator).status())
                .isEqualTo(403);

        // Both steps are audited.
        assertThat(jdbc.sql("select action || ':' || outcome || ':' || actor from audit_event where target = ? order by id")
                .param("access-request:" + requestId).query(String.class).list())
                .contains("access-request.create:success:" + investigator.username(),
                        "access-request.approve:success:" + supervisor.username());
    }

    @Test
    void aRegionalSupervisorNeitherSeesNorDecidesRequestsFromBeyondTheirScope() {
        String region = dev.plateguard.server.TestClient.unique("Region");
        client().listRegion(admin(), region, "Karshi"); // a region of its own, on the managed list
        var site = client().postJson("/api/v1/sites", admin().token(), Map.of("name", dev.plateguard.server.TestClient.unique("Site"),
                "city", "Karshi", "region", region, "latitude", 38.86, "longitude", 65.79));
        assertThat(site.status()).as(site.toString()).isEqualTo(201);
        String regional = scoped("SUPERVISOR", region);
        String regionalInvestigator = scoped("INVESTIGATOR", region);
        Person countryInvestigator = person("INVESTIGATOR");
        long beyond = accessRequest(countryInvestigator.token());
        long within = accessRequest(regionalInvestigator);
        JsonNode seen = client().get("/api/v1/access-requests?status=pending", regional).json().get("items");
        assertThat(seen.findValues("id").stream().map(JsonNode::asLong).toList()).contains(within).doesNotContain(beyond);
        assertProblem(client().post("/api/v1/access-requests/" + beyond + "/approve", regional, null, new byte[0]), 404);
        assertThat(jdbc.sql("select status from access_request where id = ?").param(beyond).query(String.class).single())
                .isEqualTo("pending");
        assertThat(client().post("/api/v1/access-requests/" + within + "/approve", regional, null, new byte[0]).status())
                .isEqualTo(200);
        // A country-wide supervisor decides either.
        assertThat(client().post("/api/v1/access-requests/" + beyond + "/reject", person("SUPERVISOR").token(), null,
                new byte[0]).status()).isEqualTo(200);
    }

    private long accessRequest(String token) {
        var created = client().postJson("/api/v1/access-requests", token, Map.of("plate", uniquePlate(),
                "case", InvestigationParams.CASE, "purpose", "missing-person", "from", at(now().minusDays(200)),
                "to", at(now().minusDays(100)), "reason", "Missing since last year"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** A user with one data role bound to a region; answers their token. */
    private String scoped(String role, String region) {
        String name = dev.plateguard.server.TestClient.unique("scoped").toLowerCase();
        var created = client().createUser(admin(), Map.of("username", name, "password",
                dev.plateguard.server.TestClient.PASSWORD, "roles", List.of(role)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var patched = client().patchJson("/api/v1/users/" + created.json().get("id").asLong(), admin().token(),
                Map.of("scope", Map.of("regions", List.of(region))));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        return client().login(name, dev.plateguard.server.TestClient.PASSWORD);
    }

    @Test
    void aSupervisorCannotApproveTheirOwnRequest() {
        Person supervisor = person("SUPERVISOR");
        var created = client().postJson("/api/v1/access-requests", supervisor.token(), Map.of("plate", uniquePlate(),
                "case", InvestigationParams.CASE, "purpose", "missing-person", "from", at(now().minusDays(200)),
                "to", at(now().minusDays(100)), "reason", "Missing since last year"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        var own = client().post("/api/v1/access-requests/" + id + "/approve", supervisor.token(), null, new byte[0]);
        assertThat(assertProblem(own, 403).get("detail").asString()).contains("own");
        assertThat(jdbc.sql("select status from access_request where id = ?").param(id).query(String.class).single())
                .isEqualTo("pending");
        // Another supervisor rejects it; the requester sees it in their list.
        assertThat(client().post("/api/v1/access-requests/" + id + "/reject", person("SUPERVISOR").token(), null,
                new byte[0]).json().get("status").asString()).isEqualTo("rejected");
        JsonNode mine = client().get("/api/v1/access-requests", supervisor.token()).json().get("items");
        assertThat(mine.findValuesAsString("status")).contains("rejected");
        assertProblem(client().post("/api/v1/access-requests/" + Long.MAX_VALUE + "/approve", supervisor.token(), null,
                new byte[0]), 404);
    }

    @Test
    void accessRequestsRefuseBadInput() {
        Map<String, Object> good = Map.of("plate", "01A123BC", "case", InvestigationParams.CASE, "purpose", "stolen-vehicle",
                "from", at(now().minusDays(200)), "to", at(now().minusDays(100)), "reason", "Needed for the case");
        Object[][] cases = {
                {"plate", "<script>", "plate"},
                {"case", "nope", "case"},
                {"purpose", "no-such", "purpose"},
                {"reason", "", "reason"},
                {"reason", "<img src=x>", "reason"},
                {"from", "yesterday", "from"},
                {"to", at(now().minusDays(300)), "to"},
                {"from", at(now().minusDays(10)), "from", "to", at(now().minusDays(1))},
                {"from", at(now().minusDays(800)), "to"},
        };
        for (Object[] c : cases) {
            Map<String, Object> body = new java.util.HashMap<>(good);
            body.put((String) c[0], c[1]);
            if (c.length > 3) {
                body.put((String) c[3], c[4]);
            }
            assertFieldProblem(client().postJson("/api/v1/access-requests", investigator.token(), body), 400, (String) c[2]);
        }
        assertProblem(client().post("/api/v1/access-requests", investigator.token(), "application/json",
                "null".getBytes(StandardCharsets.UTF_8)), 400);
        assertProblem(client().post("/api/v1/access-requests", investigator.token(), "application/json",
                "{\"plate\":1,".getBytes(StandardCharsets.UTF_8)), 400);
        assertProblem(client().postJson("/api/v1/access-requests", person("AUDITOR").token(), good), 403);
        assertThat(jdbc.sql("select count(*) from access_request where requester = ?").param(investigator.username())
                .query(Long.class).single()).isZero();
    }

    @Test
    void journeyListsSightingsInTimeOrderWithCameraSiteAndCoordinates() {
        var elsewhere = client().device(admin());
        String plate = uniquePlate();
        long first = read(device, plate, now().minusHours(5));
        long second = read(elsewhere, plate, now().minusHours(3));
        long third = read(device, plate, now().minusHours(1));
        read(device, uniquePlate(), now().minusHours(2));
        var r = get("/api/v1/journeys?plate=" + plate + "&from=" + enc(at(now().minusHours(6))) + Q
                + "&reason=" + enc("Route check"), investigator);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode sightings = r.json().get("sightings");
        assertThat(sightings.findValuesAsString("plate")).containsOnly(plate);
        List<Long> order = new ArrayList<>();
        sightings.forEach(s -> order.add(s.get("readId").asLong()));
        assertThat(order).containsExactly(first, second, third);
        JsonNode s0 = sightings.get(0);
        assertThat(s0.get("camera").get("id").asLong()).isEqualTo(device.cameraId());
        assertThat(s0.get("site").get("id").asLong()).isEqualTo(device.siteId());
        assertThat(s0.get("site").get("latitude").asDouble()).isEqualTo(41.298432);
        assertThat(r.json().get("investigation").get("case").asString()).isEqualTo(InvestigationParams.CASE);

        JsonNode audit = lastAudit("journeys.view", investigator.username());
        assertThat(audit.get("purpose").asString()).isEqualTo("stolen-vehicle");
        assertThat(audit.get("case").asString()).isEqualTo(InvestigationParams.CASE);
        assertThat(audit.get("reason").asString()).isEqualTo("Route check");
        assertThat(audit.get("plate").asString()).isEqualTo(plate);
        assertThat(audit.get("results").asInt()).isEqualTo(3);
        List<Long> audited = new ArrayList<>();
        audit.get("ids").forEach(id -> audited.add(id.asLong()));
        assertThat(audited).containsExactly(first, second, third);
    }

    @Test
    void journeyRefusesBadInput() {
        String from = "&from=" + enc(at(now().minusDays(2)));
        String[][] cases = {
                {"plate=01A123BC" + Q, "from"},
                {"from=" + enc(at(now().minusDays(1))) + Q, "plate"},
                {"plate=" + enc("<script>") + from + Q, "plate"},
                {"plate=" + enc("01A*") + from + Q, "plate"},
                {"plate=01A123BC" + from + "&to=" + enc(at(now().minusDays(3))) + Q, "to"},
                {"plate=01A123BC&from=" + enc(at(now().minusDays(2))) + "&to=" + enc(at(now().minusDays(2))) + Q, "to"},
                {"plate=01A123BC&from=" + enc(at(now().minusDays(60))) + "&to=" + enc(at(now().minusDays(10))) + Q, "to"},
                {"plate=01A123BC&from=yesterday" + Q, "from"},
                {"plate=01A123BC" + from, "purpose"},
                {"plate=01A123BC" + from + "&purpose=stolen-vehicle&case=" + enc("x'; drop table plate_read;--"), "case"},
        };
        for (String[] c : cases) {
            assertFieldProblem(get("/api/v1/journeys?" + c[0], investigator), 400, c[1]);
        }
        assertProblem(get("/api/v1/journeys?plate=01A123BC" + from + Q, person("AUDITOR")), 403);
        assertProblem(client().get("/api/v1/journeys?plate=01A123BC" + from + Q, admin().token()), 403);
        assertProblem(client().get("/api/v1/journeys?plate=01A123BC" + from + Q, device.key()), 403);
    }

    @Test
    void searchAuditRecordsPurposeCaseQueryCountAndIds() {
        String plate = uniquePlate();
        long a = read(device, plate, now().minusHours(2));
        long b = read(device, plate, now().minusHours(1));
        JsonNode page = get("/api/v1/reads?plate=" + plate + "&limit=1" + Q + "&reason=" + enc("Witness statement 4"),
                investigator).json();
        assertThat(ids(page)).containsExactly(b);
        JsonNode audit = lastAudit("reads.search", investigator.username());
        assertThat(audit.get("purpose").asString()).isEqualTo("stolen-vehicle");
        assertThat(audit.get("case").asString()).isEqualTo(InvestigationParams.CASE);
        assertThat(audit.get("reason").asString()).isEqualTo("Witness statement 4");
        assertThat(audit.get("plate").asString()).isEqualTo(plate);
        assertThat(audit.get("match").asString()).isEqualTo("exact");
        assertThat(audit.get("limit").asInt()).isEqualTo(1);
        assertThat(audit.get("results").asInt()).isEqualTo(1);
        assertThat(audit.get("ids").get(0).asLong()).isEqualTo(b);
        assertThat(audit.get("ids")).hasSize(1);
        // The next page is its own entry with its own ids.
        get("/api/v1/reads?plate=" + plate + "&limit=1&cursor=" + enc(page.get("nextCursor").asString()) + Q, investigator);
        assertThat(lastAudit("reads.search", investigator.username()).get("ids").get(0).asLong()).isEqualTo(a);
        // A read opened under the case.
        get("/api/v1/reads/" + a + "?" + Q.substring(1), investigator);
        JsonNode view = lastAudit("reads.view", investigator.username());
        assertThat(view.get("case").asString()).isEqualTo(InvestigationParams.CASE);
        assertThat(view.get("ids").get(0).asLong()).isEqualTo(a);
    }

    @Test
    void volumeLimitAnswers429WithRetryAfterAndAlertsTheAuditors() {
        Person busy = person("INVESTIGATOR");
        String query = "/api/v1/reads?plate=" + uniquePlate() + Q;
        for (int i = 0; i < 60; i++) {
            assertThat(get(query, busy).status()).as("query " + (i + 1)).isEqualTo(200);
        }
        var refused = get(query, busy);
        JsonNode problem = assertProblem(refused, 429);
        assertThat(problem.get("type").asString()).endsWith("/volume-limit");
        assertThat(problem.get("limit").asString()).isEqualTo("queries-per-hour");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3601L);
        // Journeys count against the same limit; listings without a plate (the live view) do not.
        assertThat(get("/api/v1/journeys?plate=01A123BC&from=" + enc(at(now().minusDays(1))) + Q, busy).status())
                .isEqualTo(429);
        assertThat(get("/api/v1/reads?limit=1", busy).status()).isEqualTo(200);
        // The auditors can filter on the alert.
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'search.volume-exceeded' and actor = ? and outcome = 'denied'")
                .param(busy.username()).query(Long.class).single()).isEqualTo(2);
        assertThat(lastAudit("search.volume-exceeded", busy.username()).get("limit").asString()).isEqualTo("queries-per-hour");
        // Another user is not affected.
        assertThat(get(query, investigator).status()).isEqualTo(200);
    }

    @Test
    void parallelQueriesCannotAllTakeTheLastFreePlaces() throws Exception {
        Person racer = person("INVESTIGATOR");
        String query = "/api/v1/reads?plate=" + uniquePlate() + Q;
        for (int i = 0; i < 57; i++) {
            assertThat(get(query, racer).status()).as("query " + (i + 1)).isEqualTo(200);
        }
        // Three places left, eight requests at once: exactly three pass.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return get(query, racer).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var a : answers) {
                statuses.add(a.get());
            }
            assertThat(statuses).as(statuses.toString()).containsOnly(200, 429).filteredOn(s -> s == 200).hasSize(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from search_usage u join app_user a on a.id = u.user_id where a.username = ?")
                .param(racer.username()).query(Long.class)
                .single()).isEqualTo(60);
    }

    @Test
    void retryAfterIsWhenTheOldestCountedQueryLeavesTheWindow() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        assertThat(Investigations.retryAfter(now.minus(Duration.ofMinutes(59)), Duration.ofHours(1), now)).isEqualTo(61);
        assertThat(Investigations.retryAfter(null, Duration.ofHours(1), now)).isEqualTo(1);
        assertThat(Investigations.retryAfter(now.minus(Duration.ofHours(2)), Duration.ofHours(1), now)).isEqualTo(1);
    }

    @Test
    void purposesAreAManagedListKeptByAdmin() {
        JsonNode list = client().get("/api/v1/search-purposes", investigator.token()).json();
        assertThat(list.findValuesAsString("code")).contains("criminal-investigation", "stolen-vehicle", "missing-person",
                "traffic-enforcement-appeal");
        String code = TestClient.unique("p").toLowerCase().replaceAll("[^a-z0-9]", "");
        var created = client().postJson("/api/v1/search-purposes", admin().token(), Map.of("code", code, "label", "Test purpose"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertProblem(client().postJson("/api/v1/search-purposes", admin().token(), Map.of("code", code, "label", "Again")), 409);
        assertFieldProblem(client().postJson("/api/v1/search-purposes", admin().token(), Map.of("code", "Bad Code", "label", "x")), 400, "code");
        assertFieldProblem(client().postJson("/api/v1/search-purposes", admin().token(), Map.of("code", code + "x", "label", "<i>x</i>")), 400, "label");
        assertProblem(client().postJson("/api/v1/search-purposes", investigator.token(), Map.of("code", code + "y", "label", "x")), 403);
        assertProblem(client().patchJson("/api/v1/search-purposes/" + id, investigator.token(), Map.of("active", false)), 403);

        String search = "/api/v1/reads?plate=" + uniquePlate() + "&purpose=" + code + "&case=" + InvestigationParams.CASE;
        assertThat(get(search, investigator).status()).isEqualTo(200);
        var retired = client().patchJson("/api/v1/search-purposes/" + id, admin().token(), Map.of("active", false));
        assertThat(retired.json().get("active").asBoolean()).isFalse();
        assertFieldProblem(get(search, investigator), 400, "purpose");
        assertProblem(client().patchJson("/api/v1/search-purposes/" + Long.MAX_VALUE, admin().token(), Map.of("active", false)), 404);
        assertThat(jdbc.sql("select count(*) from audit_event where target = ?").param("search-purpose:" + id)
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void everyQueryFiltersByScopeInSql() {
        String regionA = TestClient.unique("Region A");
        String regionB = TestClient.unique("Region B");
        long siteA = site(regionA);
        long siteB = site(regionB);
        var camA = client().device(admin(), siteA);
        var camB = client().device(admin(), siteB);
        String plate = uniquePlate();
        long inA = read(camA, plate, now().minusHours(2));
        long inB = read(camB, plate, now().minusHours(1));

        Scope onlyA = new Scope(Set.of(regionA), Set.of());
        Scope siteOfB = new Scope(Set.of(), Set.of(siteB));
        var byPlate = new ReadQueries.Filter(plate, ReadQueries.PlateMatch.EXACT, null, null, null, null, null);
        assertThat(queries.search(byPlate, onlyA, 50, (String) null).items()).extracting(PlateRead::id).containsExactly(inA);
        assertThat(queries.search(byPlate, siteOfB, 50, (String) null).items()).extracting(PlateRead::id).containsExactly(inB);
        assertThat(queries.search(byPlate, Scope.COUNTRY, 50, (String) null).items()).extracting(PlateRead::id)
                .containsExactly(inB, inA);
        var all = new ReadQueries.Filter(null, ReadQueries.PlateMatch.EXACT, null, null, null, null, null);
        assertThat(queries.arrivals(all, onlyA, inA - 1, 50)).extracting(PlateRead::id).contains(inA).doesNotContain(inB);
        assertThat(queries.find(inA, onlyA)).isPresent();
        assertThat(queries.find(inB, onlyA)).isEmpty();
        assertThat(queries.find(inB, siteOfB)).isPresent();
        Instant from = Instant.now().minus(Duration.ofHours(3));
        assertThat(queries.journey(plate, from, Instant.now(), onlyA, 10)).extracting(ReadQueries.Sighting::readId)
                .containsExactly(inA);
        assertThat(queries.journey(plate, from, Instant.now(), Scope.COUNTRY, 10)).extracting(ReadQueries.Sighting::readId)
                .containsExactly(inA, inB);
        // A scope naming nothing that exists sees nothing at all.
        Scope nowhere = new Scope(Set.of(TestClient.unique("nowhere")), Set.of());
        assertThat(queries.search(all, nowhere, 50, (String) null).items()).isEmpty();
        assertThat(queries.find(inA, nowhere)).isEmpty();
    }

    private long site(String region) {
        client().listRegion(admin(), region, "Jizzakh"); // a region of its own, on the managed list
        var r = client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Scope site"),
                "city", "Jizzakh", "region", region, "latitude", 40.12, "longitude", 67.84));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }
}
