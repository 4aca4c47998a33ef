package dev.plateguard.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.security.BrowserSession;
import dev.plateguard.server.security.SecurityTestSupport;
import dev.plateguard.server.users.AdminPagesSupport;

/**
 * The retention and legal-hold API and page on the shared server: who may call what, precise problem+json for bad
 * input (never a 500), scope, masking of plates for ADMIN, audit of setting and lifting, the policy's contract
 * ({@code GET /api/v1/retention}) and a purge started on demand. What the purge deletes is {@link RetentionIT}'s
 * subject (a database of its own).
 */
class RetentionApiIT extends IngestSupport {

    private Map<String, Object> body(Object... pairs) {
        Map<String, Object> out = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    private TestClient.Response hold(String token, Object body) {
        return client().postJson("/api/v1/holds", token, body);
    }

    @Test
    void thePolicyAnswersEveryDataClassToAdminsOnly() {
        var admin = admin();
        var r = client().get("/api/v1/retention", admin.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        Map<String, JsonNode> classes = new HashMap<>();
        body.get("classes").forEach(c -> classes.put(c.get("name").asString(), c));
        assertThat(classes.keySet()).containsExactlyInAnyOrderElementsOf(RetentionPolicy.CLASSES);
        assertThat(classes.get("unmatched-reads").get("period").asString()).isEqualTo("P30D");
        assertThat(classes.get("closed-violations").get("period").asString()).isEqualTo("P5Y");
        assertThat(classes.get("audit").get("period").asString()).isEqualTo("P5Y");
        assertThat(classes.get("recognition-records").get("period").isNull()).isTrue();
        assertThat(classes.get("recognition-records").get("with").asString()).isEqualTo("read");
        assertThat(classes.get("evidence-files").get("with").asString()).isEqualTo("last-read");
        assertThat(classes.get("section-sightings").get("period").asString()).isEqualTo("PT72H");
        for (JsonNode c : classes.values()) {
            assertThat(c.get("covers").asString()).isNotBlank();
            assertThat(c.has("lastPurge")).isTrue();
        }
        Instant cutoff = Instant.parse(classes.get("unmatched-reads").get("cutoff").asString());
        assertThat(Duration.between(cutoff, Instant.now()).toDays()).isBetween(29L, 31L);
        assertThat(body.get("schedule").get("cron").asString()).isEqualTo("0 30 3 * * *");
        assertThat(body.get("schedule").get("zone").asString()).isEqualTo("Asia/Tashkent");
        assertThat(body.get("batchSize").asInt()).isEqualTo(1000);
        assertThat(body.get("holds").get("active").asLong()).isNotNegative();

        for (String role : List.of("OPERATOR", "SUPERVISOR", "INVESTIGATOR", "AUDITOR")) {
            var person = SecurityTestSupport.person(client(), admin, role);
            assertThat(client().get("/api/v1/retention", person.token()).status()).as(role).isEqualTo(403);
            assertThat(client().post("/api/v1/retention/purge", person.token(), null, new byte[0]).status()).as(role)
                    .isEqualTo(403);
        }
        assertThat(client().get("/api/v1/retention", null).status()).isEqualTo(401);
    }

    @Test
    void anAdminRunsThePurgeOnDemandAndFollowsIt() throws Exception {
        var admin = admin();
        var started = client().post("/api/v1/retention/purge", admin.token(), null, new byte[0]);
        if (started.status() == 409) {
            // Another test's call (the route matrix) may have started one a moment ago: wait for it, then run ours.
            Thread.sleep(2000);
            started = client().post("/api/v1/retention/purge", admin.token(), null, new byte[0]);
        }
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        long id = started.json().get("id").asLong();
        assertThat(started.header("Location")).isEqualTo("/api/v1/retention/runs/" + id);
        assertThat(started.json().get("cutoffs").get("unmatched-reads").asString()).isNotBlank();
        JsonNode run = null;
        for (int i = 0; i < 100; i++) {
            run = client().get("/api/v1/retention/runs/" + id, admin.token()).json();
            if (!run.get("outcome").asString().equals("running")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(run.get("outcome").asString()).as(run.toString()).isEqualTo("success");
        assertThat(run.get("trigger").asString()).isEqualTo("manual");
        assertThat(run.get("actor").asString()).isEqualTo("admin");
        assertThat(run.get("counts").get("unmatched-reads").has("reads")).isTrue();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'retention.purge.start' and target = ? "
                + "and actor = 'admin'").param("retention-run:" + id).query(Long.class).single()).isOne();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'retention.purge' and actor = 'admin' "
                + "and (details->>'run')::bigint = ?").param(id).query(Long.class).single()).isOne();
        assertThat(client().get("/api/v1/retention/runs/9000000000000", admin.token()).status()).isEqualTo(404);
        assertThat(client().get("/api/v1/retention/runs/abc", admin.token()).status()).isEqualTo(400);
    }

    @Test
    void holdsAreSetListedAndLiftedByThePeopleAllowedAndAudited() {
        var admin = admin();
        var investigator = SecurityTestSupport.person(client(), admin, "INVESTIGATOR");
        var supervisor = SecurityTestSupport.person(client(), admin, "SUPERVISOR");
        var operator = SecurityTestSupport.person(client(), admin, "OPERATOR");
        var auditor = SecurityTestSupport.person(client(), admin, "AUDITOR");
        TestClient.Device device = client().device(admin);
        String plate = uniquePlate();
        long read = createRead(device, eventId(), aMinuteAgo(), plate);

        var set = hold(investigator.token(), body("kind", "case", "case", "CR-2026-000123", "plate", plate.toLowerCase(),
                "from", "2026-01-01T00:00:00+05:00", "reason", "Stolen vehicle"));
        assertThat(set.status()).as(set.toString()).isEqualTo(201);
        long caseHold = set.json().get("id").asLong();
        assertThat(set.json().get("plate").asString()).isEqualTo(plate);
        assertThat(set.json().get("case").asString()).isEqualTo("CR-2026-000123");
        assertThat(set.json().get("active").asBoolean()).isTrue();
        assertThat(set.json().get("setBy").asString()).isEqualTo(investigator.username());
        var readHold = hold(admin.token(), body("kind", "read", "readId", read, "reason", "Court order 7/2026"));
        assertThat(readHold.status()).as(readHold.toString()).isEqualTo(201);
        long readHoldId = readHold.json().get("id").asLong();

        // The same hold twice is a conflict, naming the one that holds.
        var twice = hold(investigator.token(), body("kind", "read", "readId", read, "reason", "again"));
        assertProblem(twice, 409);
        assertThat(twice.json().get("detail").asString()).contains("hold " + readHoldId);

        // Who sees what: plates in clear for the roles that see reads, masked for ADMIN.
        JsonNode asAdmin = find(client().get("/api/v1/holds?active=true", admin.token()), caseHold);
        assertThat(asAdmin.get("plate").asString()).isNotEqualTo(plate).contains("*");
        JsonNode asSupervisor = find(client().get("/api/v1/holds?kind=case", supervisor.token()), caseHold);
        assertThat(asSupervisor.get("plate").asString()).isEqualTo(plate);
        assertThat(client().get("/api/v1/holds/" + readHoldId, investigator.token()).json().get("readId").asLong())
                .isEqualTo(read);
        assertThat(client().get("/api/v1/holds", operator.token()).status()).isEqualTo(403);
        assertThat(client().get("/api/v1/holds", auditor.token()).status()).isEqualTo(403);
        assertThat(hold(supervisor.token(), body("kind", "read", "readId", read, "reason", "x")).status()).isEqualTo(403);
        assertThat(hold(operator.token(), body("kind", "read", "readId", read, "reason", "x")).status()).isEqualTo(403);
        assertThat(client().postJson("/api/v1/holds/" + readHoldId + "/lift", supervisor.token(), body("reason", "x"))
                .status()).isEqualTo(403);

        // Lifting needs a reason; a hold is lifted once.
        assertFieldProblem(client().postJson("/api/v1/holds/" + readHoldId + "/lift", investigator.token(), body()), 400,
                "reason");
        assertFieldProblem(client().post("/api/v1/holds/" + readHoldId + "/lift", investigator.token(), null,
                new byte[0]), 400, "reason");
        var lifted = client().postJson("/api/v1/holds/" + readHoldId + "/lift", investigator.token(),
                body("reason", "Order revoked by the court"));
        assertThat(lifted.status()).as(lifted.toString()).isEqualTo(200);
        assertThat(lifted.json().get("active").asBoolean()).isFalse();
        assertThat(lifted.json().get("liftedBy").asString()).isEqualTo(investigator.username());
        assertThat(lifted.json().get("liftReason").asString()).isEqualTo("Order revoked by the court");
        assertProblem(client().postJson("/api/v1/holds/" + readHoldId + "/lift", admin.token(), body("reason", "again")), 409);
        assertProblem(client().postJson("/api/v1/holds/9000000000000/lift", admin.token(), body("reason", "x")), 404);
        assertProblem(client().get("/api/v1/holds/9000000000000", admin.token()), 404);

        // Audited with the person, the target and the reason; the plate never in clear.
        String setDetails = jdbc.sql("select details::text from audit_event where action = 'hold.set' and target = ? "
                + "and outcome = 'success'").param("hold:" + caseHold).query(String.class).single();
        assertThat(setDetails).contains("CR-2026-000123", "Stolen vehicle").doesNotContain(plate);
        assertThat(jdbc.sql("select actor from audit_event where action = 'hold.set' and target = ?")
                .param("hold:" + caseHold).query(String.class).single()).isEqualTo(investigator.username());
        assertThat(jdbc.sql("select details->>'reason' from audit_event where action = 'hold.lift' and target = ? "
                + "and outcome = 'success'").param("hold:" + readHoldId).query(String.class).single())
                .isEqualTo("Order revoked by the court");
    }

    @Test
    void badInputIsAPreciseProblemNeverA500() {
        var admin = admin();
        String token = SecurityTestSupport.person(client(), admin, "INVESTIGATOR").token();
        TestClient.Device device = client().device(admin);
        long read = createRead(device, eventId(), aMinuteAgo(), uniquePlate());

        assertThat(fields(assertProblem(hold(token, body()), 400))).containsExactlyInAnyOrder("kind", "reason");
        assertFieldProblem(hold(token, body("kind", "everything", "reason", "x")), 400, "kind");
        assertFieldProblem(hold(token, body("kind", "read", "reason", "x")), 400, "readId");
        assertFieldProblem(hold(token, body("kind", "read", "readId", -4, "reason", "x")), 400, "readId");
        assertFieldProblem(hold(token, body("kind", "read", "readId", read, "plate", "01A123BC", "reason", "x")), 400, "plate");
        assertFieldProblem(hold(token, body("kind", "read", "readId", read, "violationId", 3, "reason", "x")), 400,
                "violationId");
        assertFieldProblem(hold(token, body("kind", "violation", "reason", "x")), 400, "violationId");
        assertFieldProblem(hold(token, body("kind", "read", "readId", read, "reason", "<script>x</script>")), 400, "reason");
        assertFieldProblem(hold(token, body("kind", "read", "readId", read, "reason", "x".repeat(501))), 400, "reason");
        assertFieldProblem(hold(token, body("kind", "read", "readId", read, "reason", "x", "case", "not a case")), 400,
                "case");
        assertThat(fields(assertProblem(hold(token, body("kind", "case", "reason", "x")), 400)))
                .contains("case", "plate");
        assertFieldProblem(hold(token, body("kind", "case", "case", "CR-2026-1", "plate", "!!", "reason", "x")), 400,
                "plate");
        assertFieldProblem(hold(token, body("kind", "case", "case", "CR-2026-1", "plate", "01A123BC", "from", "yesterday",
                "reason", "x")), 400, "from");
        assertFieldProblem(hold(token, body("kind", "case", "case", "CR-2026-1", "plate", "01A123BC",
                "from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z", "reason", "x")), 400, "to");
        assertFieldProblem(hold(token, body("kind", "case", "case", "CR-2026-1", "plate", "01A123BC",
                "from", "12026-02-01T00:00:00Z", "reason", "x")), 400, "from");
        // JSON that does not fit: unknown members, wrong types, no object at all.
        assertProblem(hold(token, body("kind", "read", "readId", read, "reason", "x", "until", "forever")), 400);
        assertProblem(hold(token, body("kind", "read", "readId", "twelve", "reason", "x")), 400);
        assertProblem(hold(token, body("kind", "read", "readId", 99999999999999999999.0, "reason", "x")), 400);
        assertProblem(client().post("/api/v1/holds", token, "application/json", "[1, 2]".getBytes()), 400);
        assertProblem(client().post("/api/v1/holds", token, "application/json", "{".getBytes()), 400);
        assertProblem(client().post("/api/v1/holds", token, "application/json", "null".getBytes()), 400);
        assertThat(client().post("/api/v1/holds", token, "text/plain", "kind=read".getBytes()).status()).isEqualTo(415);
        // Ids that do not exist: 404, naming the field.
        assertFieldProblem(hold(token, body("kind", "read", "readId", 9_000_000_000_000L, "reason", "x")), 404, "readId");
        assertFieldProblem(hold(token, body("kind", "violation", "violationId", 9_000_000_000_000L, "reason", "x")), 404,
                "violationId");
        // Bad paths and parameters.
        assertProblem(client().get("/api/v1/holds/abc", token), 400);
        assertProblem(client().postJson("/api/v1/holds/abc/lift", token, body("reason", "x")), 400);
        assertFieldProblem(client().get("/api/v1/holds?kind=all", token), 400, "kind");
        assertProblem(client().get("/api/v1/holds?active=maybe", token), 400);
        assertFieldProblem(client().get("/api/v1/holds?limit=0", token), 400, "limit");
        // Refusals are audited too.
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'hold.set' and outcome = 'failure'")
                .query(Long.class).single()).isPositive();
    }

    @Test
    void aScopedInvestigatorCannotHoldAReadOutsideTheirScope() {
        var admin = admin();
        String regionA = TestClient.unique("Region");
        String regionB = TestClient.unique("Region");
        site(regionA);
        long siteB = site(regionB);
        long readB = createRead(client().device(admin, siteB), eventId(), aMinuteAgo(), uniquePlate());
        var investigator = SecurityTestSupport.person(client(), admin, "INVESTIGATOR");
        var scoped = client().patchJson("/api/v1/users/" + investigator.id(), admin.token(),
                Map.of("scope", Map.of("regions", List.of(regionA))));
        assertThat(scoped.status()).as(scoped.toString()).isEqualTo(200);
        String token = client().login(investigator.username(), investigator.password());
        var outside = hold(token, body("kind", "read", "readId", readB, "reason", "x"));
        var missing = hold(token, body("kind", "read", "readId", 9_000_000_000_000L, "reason", "x"));
        assertFieldProblem(outside, 404, "readId");
        assertThat(outside.json().get("detail").asString().replace(String.valueOf(readB), "N"))
                .isEqualTo(missing.json().get("detail").asString().replace("9000000000000", "N"));
        // A country-wide investigator may.
        var everywhere = SecurityTestSupport.person(client(), admin, "INVESTIGATOR");
        assertThat(hold(everywhere.token(), body("kind", "read", "readId", readB, "reason", "x")).status()).isEqualTo(201);
        // A case hold names no place: the scoped investigator may set one and sees its plate; someone else's plate
        // is masked for them.
        String mine = uniquePlate();
        String theirs = uniquePlate();
        var own = hold(token, body("kind", "case", "case", "CR-2026-000555", "plate", mine, "reason", "x"));
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        assertThat(own.json().get("plate").asString()).isEqualTo(mine);
        var other = hold(everywhere.token(), body("kind", "case", "case", "CR-2026-000556", "plate", theirs, "reason", "x"));
        var seen = client().get("/api/v1/holds/" + other.json().get("id").asLong(), token).json();
        assertThat(seen.get("plate").asString()).isNotEqualTo(theirs).contains("*");
        assertThat(client().get("/api/v1/holds/" + other.json().get("id").asLong(), everywhere.token()).json()
                .get("plate").asString()).isEqualTo(theirs);
    }

    @Test
    void theAdminPageShowsThePolicyAndHoldsAndSetsAndLiftsHoldsInTheAdminsLanguage() {
        var admin = admin();
        TestClient.Device device = client().device(admin);
        String plate = uniquePlate();
        long read = createRead(device, eventId(), aMinuteAgo(), plate);
        var signedIn = AdminPagesSupport.signIn(client(), admin, "ADMIN");
        var page = signedIn.page("/admin/retention");
        assertThat(page.html()).contains("Retention", "Reads without a violation", "plateguard.retention.unmatched-reads",
                "Legal holds", "Run the purge now", "href=\"/admin/retention\"");
        BrowserSession browser = signedIn.browser();
        var created = browser.postForm("/admin/retention/holds", Map.of("_csrf", page.csrf(), "kind", "case",
                "case", "CR-2026-000321", "plate", plate, "from", "2026-01-01T10:00", "reason", "Missing person"));
        assertThat(created.status()).isEqualTo(302);
        var after = signedIn.page("/admin/retention");
        long id = jdbc.sql("select id from legal_hold where plate = ? and lifted_at is null").param(plate)
                .query(Long.class).single();
        assertThat(after.html()).contains("Hold " + id + " is set.", "CR-2026-000321", "Missing person")
                .doesNotContain(plate);
        assertThat(jdbc.sql("select period_from = '2026-01-01T05:00:00Z' from legal_hold where id = ?").param(id)
                .query(Boolean.class).single()).isTrue();
        // A refusal is explained on the page, in words.
        browser.postForm("/admin/retention/holds", Map.of("_csrf", after.csrf(), "kind", "read", "readId", "x",
                "reason", "r"));
        assertThat(signedIn.page("/admin/retention").html()).contains("Read id: must be a positive number");
        var page2 = signedIn.page("/admin/retention");
        browser.postForm("/admin/retention/holds/" + id + "/lift", Map.of("_csrf", page2.csrf(), "reason", "Found"));
        assertThat(signedIn.page("/admin/retention").html()).contains("Hold " + id + " is lifted.");
        assertThat(jdbc.sql("select lift_reason from legal_hold where id = ?").param(id).query(String.class).single())
                .isEqualTo("Found");
        // In Russian.
        jdbc.sql("update app_user set language = 'ru' where username = ?").param(signedIn.person().username()).update();
        var ru = new BrowserSession(client());
        ru.login(signedIn.person().username(), signedIn.person().password());
        assertThat(ru.get("/admin/retention").text()).contains("Сроки хранения", "Удержания", "Проезды без нарушения");
        assertThat(read).isPositive();
    }

    private long site(String region) {
        client().listRegion(admin(), region, "Tashkent"); // a region of its own, on the managed list
        var r = client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Junction"),
                "city", "Tashkent", "region", region, "latitude", 41.31, "longitude", 69.28));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static JsonNode find(TestClient.Response list, long id) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        list.json().get("items").forEach(h -> {
            if (h.get("id").asLong() == id) {
                found.add(h);
            }
        });
        assertThat(found).as("hold " + id + " in " + list).hasSize(1);
        return found.getFirst();
    }
}
