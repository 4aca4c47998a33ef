package dev.plateguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.notices.NoticeBook;
import dev.plateguard.server.security.BrowserSession;
import dev.plateguard.server.violations.ViolationSupport;

/**
 * Issue 12, scope: a user bound to region A asks, by id, for every object of region B that the evidence,
 * violations, review, notices, recognition and cameras modules serve, and gets 404 exactly as for an id that
 * does not exist; the same user gets the normal answer for region A, and lists show region A only. The id-taking
 * routes come from the application's own route list: a new one without a case here fails the test. The reads
 * module is walked too (its query-level scope tests are in {@code ReadQueriesTest} and {@code InvestigationIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScopeIdorIT extends ViolationSupport {

    /** Modules whose id-taking routes this suite walks. */
    private static final List<String> MODULES = List.of("evidence", "violations", "review", "notices", "recognition",
            "cameras", "reads");

    /** Id-taking routes of those modules that serve no personal data, so are not scoped: ADMIN configuration. */
    private static final Set<String> NOT_SCOPED = Set.of(
            "DELETE /api/v1/exemptions/{id}",
            "GET /api/v1/rules/settings/sites/{siteId}", "PUT /api/v1/rules/settings/sites/{siteId}",
            "DELETE /api/v1/rules/settings/sites/{siteId}", "GET /api/v1/rules/settings/sites/{siteId}/history",
            "GET /api/v1/rules/settings/cameras/{cameraId}", "PUT /api/v1/rules/settings/cameras/{cameraId}",
            "DELETE /api/v1/rules/settings/cameras/{cameraId}", "GET /api/v1/rules/settings/cameras/{cameraId}/history",
            "GET /api/v1/rules/settings/cameras/{cameraId}/effective",
            // The camera network itself (positions, health) is no personal data; read counts are scoped.
            "PUT /api/v1/cameras/{id}", "GET /api/v1/cameras/{id}", "PUT /api/v1/sites/{id}", "GET /api/v1/sites/{id}",
            "POST /api/v1/cameras/{cameraId}/keys", "GET /api/v1/cameras/{cameraId}/keys",
            "DELETE /api/v1/cameras/{cameraId}/keys/{keyId}",
            "GET /admin/sites/{id}", "POST /admin/sites/{id}", "GET /admin/cameras/{id}", "POST /admin/cameras/{id}",
            "POST /admin/cameras/{id}/keys", "POST /admin/cameras/{id}/keys/{keyId}/revoke",
            // Search purposes are ADMIN configuration. Access requests name a plate and a case, not a place: they
            // are scoped by the requester's scope instead (InvestigationIT), and the searches they open by site.
            "PATCH /api/v1/search-purposes/{id}", "POST /admin/search-purposes/{id}",
            "POST /api/v1/access-requests/{id}/approve", "POST /api/v1/access-requests/{id}/reject",
            // The rules page's forms: rule settings, like their API above.
            "POST /rules/sites/{id}", "POST /rules/cameras/{id}", "POST /rules/sites/{id}/clear",
            "POST /rules/cameras/{id}/clear",
            // A plate, not a place: its sightings are a plate search, filtered by the scope in SQL like every search
            // (listsShowOnlyTheScope checks the search and its export).
            "GET /plates/{plate}");

    private static final long MISSING = 9_000_000_000_000L;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Autowired
    NoticeBook book;

    @Autowired
    dev.plateguard.server.passages.Passages passages;

    /** One region's objects. */
    record Objects(long siteId, long read, String sha256, long violation, long notice, long qc) {
    }

    private Objects a;
    private Objects b;
    private String operator;
    private String supervisor;
    private String integration;
    private BrowserSession browser;
    /** A SUPERVISOR of region A signed in to the notices pages. */
    private BrowserSession noticeBrowser;

    @BeforeAll
    void twoRegions() {
        String countryOperator = client().userToken(admin(), "OPERATOR");
        a = region(countryOperator);
        b = region(countryOperator);
        String regionA = jdbc.sql("select region from site where id = ?").param(a.siteId()).query(String.class).single();
        operator = scopedUser("OPERATOR", regionA, null);
        supervisor = scopedUser("SUPERVISOR", regionA, null);
        integration = scopedUser("INTEGRATION", regionA, null);
        String webUser = TestClient.unique("web").toLowerCase();
        scopedUser("OPERATOR", regionA, webUser);
        browser = new BrowserSession(client());
        assertThat(browser.login(webUser, TestClient.PASSWORD).status()).isEqualTo(302);
        String noticeUser = TestClient.unique("webnotices").toLowerCase();
        scopedUser("SUPERVISOR", regionA, noticeUser);
        noticeBrowser = new BrowserSession(client());
        assertThat(noticeBrowser.login(noticeUser, TestClient.PASSWORD).status()).isEqualTo(302);
    }

    private Objects region(String countryOperator) {
        String region = TestClient.unique("Scope");
        client().listRegion(admin(), region, "Tashkent"); // a region of its own, on the managed list
        var site = client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Junction"),
                "city", "Tashkent", "region", region, "latitude", 41.31, "longitude", 69.28));
        long siteId = site.json().get("id").asLong();
        var camera = camera(siteId, "speed", 60);
        long read = speeding(camera, uniquePlate(), minutesAgo(5), 95);
        long noticeRead = speeding(camera, uniquePlate(), minutesAgo(4), 95);
        long qcRead = speeding(camera, uniquePlate(), minutesAgo(3), 95);
        detect();
        long violation = violationOf(read);
        long noticeViolation = violationOf(noticeRead);
        jdbc.sql("update violation set state = 'confirmed' where id = ?").param(noticeViolation).update();
        book.issuePending();
        long notice = jdbc.sql("select id from notice where violation_id = ?").param(noticeViolation).query(Long.class).single();
        // A rejection with reason OTHER always goes to quality control.
        long qcViolation = violationOf(qcRead);
        assertThat(client().post("/api/v1/review/" + qcViolation + "/claim", countryOperator, null, new byte[0]).status())
                .isEqualTo(200);
        assertThat(client().postJson("/api/v1/review/" + qcViolation + "/reject", countryOperator,
                Map.of("reason", "OTHER", "note", "scope test")).status()).isEqualTo(200);
        long qc = jdbc.sql("select id from review_qc where violation_id = ?").param(qcViolation).query(Long.class).single();
        String sha = jdbc.sql("select sha256 from read_evidence where read_id = ? order by ordinal limit 1").param(read)
                .query(String.class).single();
        return new Objects(siteId, read, sha, violation, notice, qc);
    }

    private long violationOf(long readId) {
        return jdbc.sql("select violation_id from violation_read where read_id = ? and role = 'primary'")
                .param(readId).query(Long.class).single();
    }

    /** A user with these roles, bound to the region; answers a token (or signs nothing in when named for the web). */
    private String scopedUser(String role, String region, String username) {
        String name = username == null ? TestClient.unique("scoped").toLowerCase() : username;
        var created = client().createUser(admin(), Map.of("username", name, "password", TestClient.PASSWORD,
                "roles", List.of(role)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var scoped = client().patchJson("/api/v1/users/" + created.json().get("id").asLong(), admin().token(),
                Map.of("scope", Map.of("regions", List.of(region))));
        assertThat(scoped.status()).as(scoped.toString()).isEqualTo(200);
        return client().login(name, TestClient.PASSWORD);
    }

    // ---- the cases: "METHOD pattern" -> call with one region's objects (null: ids that do not exist) --------------

    private Map<String, BiFunction<Objects, Long, TestClient.Response>> cases() {
        Map<String, BiFunction<Objects, Long, TestClient.Response>> c = new LinkedHashMap<>();
        c.put("GET /api/v1/evidence/{sha256}", (o, m) -> client().get("/api/v1/evidence/" + sha(o), operator));
        c.put("GET /evidence/{sha256}", (o, m) -> browser.get("/evidence/" + sha(o)));
        c.put("GET /api/v1/violations/{id}", (o, m) -> client().get("/api/v1/violations/" + id(o, m, Objects::violation), operator));
        c.put("GET /api/v1/review/{id}", (o, m) -> client().get("/api/v1/review/" + id(o, m, Objects::violation), operator));
        for (String action : List.of("claim", "release")) {
            c.put("POST /api/v1/review/{id}/" + action, (o, m) -> client().post("/api/v1/review/" + id(o, m, Objects::violation)
                    + "/" + action, operator, null, new byte[0]));
        }
        c.put("POST /api/v1/review/{id}/confirm", (o, m) -> client().post("/api/v1/review/" + id(o, m, Objects::violation)
                + "/confirm", operator, null, new byte[0]));
        c.put("POST /api/v1/review/{id}/reject", (o, m) -> client().postJson("/api/v1/review/" + id(o, m, Objects::violation)
                + "/reject", operator, Map.of("reason", "OTHER", "note", "n")));
        c.put("POST /api/v1/review/{id}/correct-plate", (o, m) -> client().postJson("/api/v1/review/"
                + id(o, m, Objects::violation) + "/correct-plate", operator, Map.of("plate", "01A123BC")));
        c.put("POST /api/v1/review/qc/{id}", (o, m) -> client().postJson("/api/v1/review/qc/" + id(o, m, Objects::qc),
                supervisor, Map.of("agree", true)));
        c.put("POST /api/v1/violations/{id}/claim", (o, m) -> client().post("/api/v1/violations/"
                + id(o, m, Objects::violation) + "/claim", operator, null, new byte[0]));
        c.put("POST /api/v1/violations/{id}/decision", (o, m) -> client().postJson("/api/v1/violations/"
                + id(o, m, Objects::violation) + "/decision", operator, Map.of("decision", "CONFIRM")));
        for (String action : List.of("claim", "release", "confirm", "reject", "correct")) {
            c.put("POST /review/{id}/" + action, (o, m) -> browser.postForm("/review/" + id(o, m, Objects::violation) + "/"
                    + action, Map.of("_csrf", csrf(), "reason", "OTHER", "note", "n", "plate", "01A123BC")));
        }
        c.put("GET /api/v1/notices/{id}", (o, m) -> client().get("/api/v1/notices/" + id(o, m, Objects::notice), integration));
        c.put("GET /api/v1/notices/{id}/pdf", (o, m) -> client().get("/api/v1/notices/" + id(o, m, Objects::notice) + "/pdf",
                integration));
        c.put("GET /api/v1/notices/{id}.pdf", (o, m) -> client().get("/api/v1/notices/" + id(o, m, Objects::notice) + ".pdf",
                integration));
        c.put("GET /notices/{id}", (o, m) -> noticeBrowser.get("/notices/" + id(o, m, Objects::notice)));
        c.put("GET /notices/{id}/pdf", (o, m) -> noticeBrowser.get("/notices/" + id(o, m, Objects::notice) + "/pdf?lang=en"));
        c.put("POST /api/v1/notices/{id}/events", (o, m) -> client().postJson("/api/v1/notices/" + id(o, m, Objects::notice)
                + "/events", integration, Map.of("type", "appealed", "reference", TestClient.unique("ref"),
                "occurredAt", java.time.OffsetDateTime.now().minusMinutes(1).withNano(0).toString())));
        // A read of the last 24 hours opens without a purpose (the live view); the read of each region is minutes old.
        c.put("GET /api/v1/reads/{id}", (o, m) -> client().get("/api/v1/reads/" + id(o, m, Objects::read), operator));
        c.put("GET /reads/{id}", (o, m) -> browser.get("/reads/" + id(o, m, Objects::read)));
        c.put("GET /api/v1/passages/{id}", (o, m) -> client().get("/api/v1/passages/"
                + (o == null ? m : passageOf(o)), operator));
        c.put("POST /api/v1/reads/{id}/recognitions", (o, m) -> client().post("/api/v1/reads/" + id(o, m, Objects::read)
                + "/recognitions", operator, null, new byte[0]));
        c.put("GET /api/v1/reads/{id}/recognitions", (o, m) -> client().get("/api/v1/reads/" + id(o, m, Objects::read)
                + "/recognitions", operator));
        c.put("POST /reads/{id}/recognitions", (o, m) -> browser.postForm("/reads/" + id(o, m, Objects::read) + "/recognitions",
                Map.of("_csrf", csrf())));
        return c;
    }

    /** The passage of a region's read (grouped now, if the schedule has not yet). */
    private long passageOf(Objects o) {
        passages.groupPending();
        return passages.of(o.read()).orElseThrow().passageId();
    }

    private static String sha(Objects o) {
        return o == null ? "0".repeat(64) : o.sha256();
    }

    private static long id(Objects o, Long missing, java.util.function.ToLongFunction<Objects> pick) {
        return o == null ? missing : pick.applyAsLong(o);
    }

    private String csrf() {
        return BrowserSession.csrfTokenIn(browser.get("/review").text());
    }

    private boolean isWeb(String route) {
        return !route.split(" ")[1].startsWith("/api/");
    }

    @Test
    void everyIdTakingRouteOfTheseModulesHasACase() {
        Set<String> routes = new TreeSet<>();
        mapping.getHandlerMethods().forEach((RequestMappingInfo info, org.springframework.web.method.HandlerMethod method) -> {
            String module = method.getBeanType().getPackageName().replace("dev.plateguard.server.", "");
            if (!MODULES.contains(module)) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                if (!pattern.contains("{")) {
                    continue;
                }
                for (RequestMethod m : info.getMethodsCondition().getMethods()) {
                    routes.add(m.name() + " " + pattern);
                }
            }
        });
        Set<String> covered = new TreeSet<>(cases().keySet());
        covered.addAll(NOT_SCOPED);
        assertThat(routes).as("id-taking routes without a scope case in ScopeIdorIT").isSubsetOf(covered);
        assertThat(covered).as("cases for routes that no longer exist").isSubsetOf(routes);
    }

    @Test
    @Order(2)
    void anIdOutsideTheScopeIsNotFoundExactlyLikeAMissingOne() {
        SoftAssertions soft = new SoftAssertions();
        for (var e : cases().entrySet()) {
            String route = e.getKey();
            TestClient.Response missing = e.getValue().apply(null, MISSING);
            TestClient.Response outside = e.getValue().apply(b, MISSING);
            soft.assertThat(outside.status()).as("%s for region B (missing: %s)", route, missing).isEqualTo(missing.status());
            if (isWeb(route) && route.startsWith("POST /review/")) {
                // Review forms answer with the queue page and the refusal, for a missing id as for one outside.
                soft.assertThat(outside.status()).as(route).isEqualTo(302);
            } else {
                soft.assertThat(outside.status()).as("%s for region B: %s", route, outside).isEqualTo(404);
                if (!isWeb(route)) {
                    JsonNode body = outside.json();
                    soft.assertThat(body.get("detail").asString().replace(idIn(route, b), "ID")).as(route)
                            .isEqualTo(missing.json().get("detail").asString().replace(String.valueOf(MISSING), "ID")
                                    .replace("0".repeat(64), "ID"));
                }
            }
        }
        soft.assertAll();
        // Nothing of region B was touched by those calls.
        assertThat(jdbc.sql("select claimed_by is null and state in ('detected', 'pending_review') from violation where id = ?")
                .param(b.violation()).query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select agree is null from review_qc where id = ?").param(b.qc()).query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select count(*) from notice_event where notice_id = ?").param(b.notice()).query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from recognition_job where read_id = ? and requested_by is not null").param(b.read()).query(Long.class).single())
                .isZero();
    }

    private String idIn(String route, Objects o) {
        if (route.contains("passages")) {
            return String.valueOf(passageOf(o));
        }
        if (route.contains("evidence")) {
            return o.sha256();
        }
        if (route.contains("/qc/")) {
            return String.valueOf(o.qc());
        }
        if (route.contains("notices")) {
            return String.valueOf(o.notice());
        }
        if (route.contains("recognitions") || route.contains("reads/{id}")) {
            return String.valueOf(o.read());
        }
        return String.valueOf(o.violation());
    }

    @Test
    @Order(3) // last: it claims, decides and records events on region A's objects
    void anIdInsideTheScopeGetsTheNormalAnswer() {
        SoftAssertions soft = new SoftAssertions();
        for (var e : cases().entrySet()) {
            TestClient.Response inside = e.getValue().apply(a, MISSING);
            soft.assertThat(inside.status()).as("%s for region A: %s", e.getKey(), inside).isNotEqualTo(404).isLessThan(500);
        }
        soft.assertAll();
        assertThat(client().get("/api/v1/evidence/" + a.sha256(), operator).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/violations/" + a.violation(), operator).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/notices/" + a.notice() + "/pdf", integration).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/reads/" + a.read() + "/recognitions", operator).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/reads/" + a.read(), operator).status()).isEqualTo(200);
    }

    @Test
    @Order(1)
    void listsShowOnlyTheScope() {
        List<Long> violations = ids(client().get("/api/v1/violations?limit=500", operator), "id");
        assertThat(violations).contains(a.violation()).doesNotContain(b.violation());
        List<Long> queue = ids(client().get("/api/v1/review/queue?limit=500", operator), "violationId");
        assertThat(queue).doesNotContain(b.violation());
        List<Long> qc = ids(client().get("/api/v1/review/qc?limit=500", supervisor), "id");
        assertThat(qc).contains(a.qc()).doesNotContain(b.qc());
        List<Long> live = ids(client().get("/api/v1/reads?limit=500&camera=" + cameraOf(a.read()), operator), "id");
        assertThat(live).contains(a.read());
        assertThat(ids(client().get("/api/v1/reads?limit=500&camera=" + cameraOf(b.read()), operator), "id"))
                .as("region B's camera, asked for by id").isEmpty();
        // The search's CSV export: the same scope in SQL.
        assertThat(browser.get("/search.csv?camera=" + cameraOf(a.read())).text()).contains("\r\n" + a.read() + ",");
        assertThat(browser.get("/search.csv?camera=" + cameraOf(b.read())).text().split("\r\n"))
                .as("region B's camera in the export").hasSize(1);
        List<Long> notices = ids(client().get("/api/v1/notices?limit=500", integration), "id");
        assertThat(notices).contains(a.notice()).doesNotContain(b.notice());
        // The review page lists region A's queue and not region B's region.
        String regionB = jdbc.sql("select region from site where id = ?").param(b.siteId()).query(String.class).single();
        assertThat(browser.get("/review").text()).doesNotContain(regionB);
        // A country-wide user still sees both.
        String country = client().userToken(admin(), "OPERATOR");
        assertThat(ids(client().get("/api/v1/violations?limit=500&after=" + (Math.min(a.violation(), b.violation()) - 1),
                country), "id")).contains(a.violation(), b.violation());
    }

    private long cameraOf(long readId) {
        return jdbc.sql("select camera_id from plate_read where id = ?").param(readId).query(Long.class).single();
    }

    private static List<Long> ids(TestClient.Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<Long> out = new java.util.ArrayList<>();
        r.json().get("items").forEach(n -> out.add(n.get(field).asLong()));
        return out;
    }
}
