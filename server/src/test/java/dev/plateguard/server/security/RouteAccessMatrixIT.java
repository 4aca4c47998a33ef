package dev.plateguard.server.security;

import static dev.plateguard.server.security.RouteAccessMatrixIT.Caller.ADMIN;
import static dev.plateguard.server.security.RouteAccessMatrixIT.Caller.AUDITOR;
import static dev.plateguard.server.security.RouteAccessMatrixIT.Caller.DEVICE;
import static dev.plateguard.server.security.RouteAccessMatrixIT.Caller.INTEGRATION;
import static dev.plateguard.server.security.RouteAccessMatrixIT.Caller.INVESTIGATOR;
import static dev.plateguard.server.security.RouteAccessMatrixIT.Caller.OPERATOR;
import static dev.plateguard.server.security.RouteAccessMatrixIT.Caller.SUPERVISOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * The role × route matrix, generated from the application's own route list: every API and page handler is called
 * by every role and by a device, and each answer must match {@link #EXPECTED}: allowed (anything but 401, 403, a
 * redirect to the login page, or a 500) or denied (403; for pages also the login redirect of a caller without a
 * session). A route with no expectation fails the test, so a new endpoint cannot ship without a decision on who
 * may call it. Anonymous access is {@link UnauthenticatedAccessIT}'s subject; scope (a user of another region) is
 * the IDOR suite's.
 */
class RouteAccessMatrixIT extends IntegrationTest {

    enum Caller { ADMIN, OPERATOR, SUPERVISOR, INVESTIGATOR, AUDITOR, INTEGRATION, DEVICE }

    private static final Set<Caller> PEOPLE = EnumSet.complementOf(EnumSet.of(DEVICE));
    private static final Set<Caller> NOBODY = EnumSet.noneOf(Caller.class);

    /** "METHOD pattern" → who may call it. */
    private static final Map<String, Set<Caller>> EXPECTED = new TreeMap<>();

    /** Reachable without credentials (UnauthenticatedAccessIT checks these): not part of the matrix. */
    private static final Set<String> PUBLIC = Set.of("POST /api/v1/setup", "POST /api/v1/tokens", "GET /login",
            "GET /setup", "POST /setup", "GET /verify", "GET /api/v1/public/notices/verify",
            // Changing a password an admin reset: the old password is the credential.
            "GET /password-change", "POST /password-change", "POST /api/v1/password-change");

    static {
        // Devices: ingest only.
        allow("POST /api/v1/reads", DEVICE);
        allow("POST /api/v1/reads/batch", DEVICE);
        allow("POST /api/v1/heartbeat", DEVICE);
        // Vendor formats (receivers); the key-in-path and HTTP Basic variants are ReceiversIT's.
        allow("POST /api/v1/receivers/{format}", DEVICE);
        // People's own tokens.
        allow("GET /api/v1/tokens", PEOPLE);
        allow("DELETE /api/v1/tokens/{id}", PEOPLE);
        // People's own browser sessions (SessionsIT). Ending all of them is called last (see the test).
        allow("GET /api/v1/me/passkeys", PEOPLE);
        allow("DELETE /api/v1/me/passkeys/{id}", PEOPLE);
        allow("GET /api/v1/me/sessions", PEOPLE);
        allow("DELETE /api/v1/me/sessions/{id}", PEOPLE);
        allow("POST /api/v1/me/sessions/end-others", PEOPLE);
        // An admin lists and ends a user's sessions.
        allow("GET /api/v1/users/{id}/sessions", ADMIN);
        allow("POST /api/v1/users/{id}/sessions/end", ADMIN);
        // Administration: users, network, keys, registry, rules.
        allow("GET /api/v1/users", ADMIN);
        allow("POST /api/v1/users", ADMIN);
        allow("PATCH /api/v1/users/{id}", ADMIN);
        // Another user's second factor: its state, and the reset after a lost phone (nobody their own: TotpIT).
        allow("GET /api/v1/users/{id}/totp", ADMIN);
        allow("DELETE /api/v1/users/{id}/totp", ADMIN);
        // Enrolling a second factor takes an enrolment token (pge_, from POST /api/v1/tokens), which no signed-in
        // caller holds: nobody here (TotpIT checks the enrolment token itself).
        allow("POST /api/v1/me/totp", NOBODY);
        allow("POST /api/v1/me/totp/confirm", NOBODY);
        // Role grants: one admin asks, another approves (the service refuses the requester; SeparationOfDutiesIT).
        allow("GET /api/v1/role-grants", ADMIN);
        allow("POST /api/v1/role-grants/{id}/approve", ADMIN);
        allow("POST /api/v1/role-grants/{id}/reject", ADMIN);
        // Evidence at rest: key rotation and its progress.
        allow("GET /api/v1/evidence-encryption", ADMIN);
        allow("POST /api/v1/evidence-encryption/rotation", ADMIN);
        allow("POST /api/v1/sites", ADMIN);
        allow("PUT /api/v1/sites/{id}", ADMIN);
        allow("POST /api/v1/cameras", ADMIN);
        allow("PUT /api/v1/cameras/{id}", ADMIN);
        allow("GET /api/v1/cameras/{cameraId}/keys", ADMIN);
        allow("POST /api/v1/cameras/{cameraId}/keys", ADMIN);
        allow("DELETE /api/v1/cameras/{cameraId}/keys/{keyId}", ADMIN);
        allow("POST /api/v1/registry/import", ADMIN);
        allow("PUT /api/v1/registry/vehicles/{country}/{plate}", ADMIN);
        allow("PUT /api/v1/registry/vehicles/{plate}", ADMIN);
        allow("DELETE /api/v1/registry/vehicles/{country}/{plate}", ADMIN);
        allow("POST /api/v1/sections", ADMIN);
        allow("GET /api/v1/exemptions", ADMIN);
        allow("POST /api/v1/exemptions", ADMIN);
        allow("DELETE /api/v1/exemptions/{id}", ADMIN);
        allow("POST /api/v1/violations/catalogue", ADMIN);
        allow("PUT /api/v1/rules/catalogue", ADMIN);
        // The catalogue controller answers both paths with both verbs; only the documented pairs are opened.
        allow("POST /api/v1/rules/catalogue", NOBODY);
        allow("PUT /api/v1/violations/catalogue", NOBODY);
        // The network is visible to those who work with it, not to the auditor or integrations.
        Set<Caller> network = EnumSet.of(ADMIN, OPERATOR, SUPERVISOR, INVESTIGATOR);
        allow("GET /api/v1/sites", network);
        allow("GET /api/v1/sites/{id}", network);
        allow("GET /api/v1/sites.geojson", network);
        allow("GET /api/v1/cameras", network);
        allow("GET /api/v1/cameras/{id}", network);
        // The managed list of regions and cities: read with the network, added to by ADMIN.
        allow("GET /api/v1/regions", network);
        allow("POST /api/v1/regions", ADMIN);
        allow("POST /api/v1/cities", ADMIN);
        // Camera health: like the network itself.
        allow("GET /api/v1/cameras/{id}/health", network);
        allow("GET /api/v1/camera-alarms", network);
        // Outbound channels: webhooks, deliveries, dead letters (ADMIN).
        for (String route : List.of("GET /api/v1/webhooks", "POST /api/v1/webhooks", "GET /api/v1/webhooks/{id}",
                "PUT /api/v1/webhooks/{id}", "DELETE /api/v1/webhooks/{id}", "POST /api/v1/webhooks/{id}/secret",
                "GET /api/v1/outbound/deliveries", "GET /api/v1/outbound/deliveries/{id}",
                "POST /api/v1/outbound/deliveries/{id}/replay", "POST /api/v1/outbound/dead-letters/replay",
                "GET /api/v1/outbound/status")) {
            allow(route, ADMIN);
        }
        // Reads, evidence and recognitions: the read roles; ADMIN never.
        Set<Caller> reads = EnumSet.of(OPERATOR, SUPERVISOR, INVESTIGATOR);
        allow("GET /api/v1/reads", reads);
        allow("GET /api/v1/reads.csv", reads);
        allow("GET /api/v1/reads/{id}", reads);
        allow("GET /api/v1/evidence/{sha256}", reads);
        allow("GET /api/v1/reads/{id}/recognitions", reads);
        allow("GET /api/v1/passages", reads);
        allow("GET /api/v1/passages/{id}", reads);
        // Asking for a recognition answers no plate: ADMIN (who deploys models) may, investigators need not.
        Set<Caller> recognise = EnumSet.of(ADMIN, OPERATOR, SUPERVISOR);
        allow("POST /api/v1/reads/{id}/recognitions", recognise);
        allow("GET /api/v1/recognition/status", recognise);
        // Purpose-bound investigation: journeys and requests for older data; supervisors decide requests.
        allow("GET /api/v1/journeys", reads);
        allow("GET /api/v1/access-requests", reads);
        allow("POST /api/v1/access-requests", reads);
        allow("POST /api/v1/access-requests/{id}/approve", SUPERVISOR);
        allow("POST /api/v1/access-requests/{id}/reject", SUPERVISOR);
        allow("GET /api/v1/search-purposes", EnumSet.of(ADMIN, OPERATOR, SUPERVISOR, INVESTIGATOR));
        allow("POST /api/v1/search-purposes", ADMIN);
        allow("PATCH /api/v1/search-purposes/{id}", ADMIN);
        // Violations and review: operators and supervisors.
        Set<Caller> review = EnumSet.of(OPERATOR, SUPERVISOR);
        allow("GET /api/v1/violations", review);
        allow("GET /api/v1/violations/{id}", review);
        allow("POST /api/v1/violations/{id}/claim", review);
        allow("POST /api/v1/violations/{id}/decision", review);
        allow("GET /api/v1/review/queue", review);
        allow("POST /api/v1/review/next", review);
        allow("GET /api/v1/review/{id}", review);
        for (String action : List.of("claim", "confirm", "correct-plate", "reject", "release")) {
            allow("POST /api/v1/review/{id}/" + action, review);
        }
        allow("GET /api/v1/registry/vehicles/{country}/{plate}", review);
        allow("GET /api/v1/registry/vehicles/{plate}", review);
        allow("GET /api/v1/review/qc", SUPERVISOR);
        allow("POST /api/v1/review/qc/{id}", SUPERVISOR);
        allow("GET /api/v1/review/stats", SUPERVISOR);
        allow("GET /api/v1/violations/catalogue", EnumSet.of(ADMIN, SUPERVISOR));
        allow("GET /api/v1/rules/catalogue", EnumSet.of(ADMIN, SUPERVISOR));
        allow("GET /api/v1/sections", EnumSet.of(ADMIN, SUPERVISOR, OPERATOR));
        Set<Caller> ruleReaders = EnumSet.of(ADMIN, SUPERVISOR, OPERATOR);
        Set<Caller> ruleWriters = EnumSet.of(ADMIN, SUPERVISOR);
        allow("GET /api/v1/rules/settings/sites/{siteId}", ruleReaders);
        allow("GET /api/v1/rules/settings/sites/{siteId}/history", ruleReaders);
        allow("GET /api/v1/rules/settings/cameras/{cameraId}", ruleReaders);
        allow("GET /api/v1/rules/settings/cameras/{cameraId}/history", ruleReaders);
        allow("GET /api/v1/rules/settings/cameras/{cameraId}/effective", ruleReaders);
        allow("PUT /api/v1/rules/settings/sites/{siteId}", ruleWriters);
        allow("PUT /api/v1/rules/settings/cameras/{cameraId}", ruleWriters);
        allow("DELETE /api/v1/rules/settings/sites/{siteId}", ruleWriters);
        allow("DELETE /api/v1/rules/settings/cameras/{cameraId}", ruleWriters);
        // Notices: delivery/payment systems and supervisors.
        Set<Caller> notices = EnumSet.of(INTEGRATION, SUPERVISOR);
        allow("GET /api/v1/notices", notices);
        allow("GET /api/v1/notices/{id}", notices);
        allow("GET /api/v1/notices/{id}/pdf", notices);
        allow("GET /api/v1/notices/{id}.pdf", notices);
        allow("POST /api/v1/notices/{id}/events", INTEGRATION);
        // Retention: the policy and the purge are ADMIN's; legal holds are set and lifted by ADMIN and INVESTIGATOR,
        // and a SUPERVISOR may look at them.
        allow("GET /api/v1/retention", ADMIN);
        allow("POST /api/v1/retention/purge", ADMIN);
        allow("GET /api/v1/retention/runs/{id}", ADMIN);
        allow("GET /api/v1/holds", EnumSet.of(ADMIN, INVESTIGATOR, SUPERVISOR));
        allow("GET /api/v1/holds/{id}", EnumSet.of(ADMIN, INVESTIGATOR, SUPERVISOR));
        allow("POST /api/v1/holds", EnumSet.of(ADMIN, INVESTIGATOR));
        allow("POST /api/v1/holds/{id}/lift", EnumSet.of(ADMIN, INVESTIGATOR));
        // Hotlists: SUPERVISOR and INVESTIGATOR create and manage them (which list whom: HotlistsIT); the read roles
        // and AUDITOR (every list, covert ones included) look. Alerts: the read roles follow and handle them, AUDITOR
        // lists them without acting; nobody else.
        Set<Caller> hotlistReaders = EnumSet.of(OPERATOR, SUPERVISOR, INVESTIGATOR, AUDITOR);
        Set<Caller> hotlistManagers = EnumSet.of(SUPERVISOR, INVESTIGATOR);
        allow("GET /api/v1/hotlists", hotlistReaders);
        allow("GET /api/v1/hotlists/{id}", hotlistReaders);
        allow("GET /api/v1/hotlists/{id}/entries", hotlistReaders);
        allow("POST /api/v1/hotlists", hotlistManagers);
        allow("DELETE /api/v1/hotlists/{id}", hotlistManagers);
        allow("POST /api/v1/hotlists/{id}/entries", hotlistManagers);
        allow("DELETE /api/v1/hotlists/{id}/entries/{entryId}", hotlistManagers);
        allow("POST /api/v1/hotlists/{id}/import", hotlistManagers);
        allow("GET /api/v1/alerts", hotlistReaders);
        allow("GET /api/v1/alerts/{id}", hotlistReaders);
        allow("GET /api/v1/alerts/stream", reads);
        allow("POST /api/v1/alerts/{id}/acknowledge", reads);
        allow("POST /api/v1/alerts/{id}/escalate", reads);
        // The audit: auditors only.
        allow("GET /api/v1/audit", AUDITOR);
        allow("GET /api/v1/audit/verify", AUDITOR);
        // Documentation of the API: any signed-in person.
        allow("GET /v3/api-docs", PEOPLE);
        allow("GET /v3/api-docs.yaml", PEOPLE);
        allow("GET /v3/api-docs/swagger-config", PEOPLE);
        allow("GET /swagger-ui.html", PEOPLE);

        // Pages. The dashboard home: every person (it shows what their roles open).
        allow("GET /", PEOPLE);
        // Every person's own sessions and tokens page, and its forms.
        for (String page : List.of("GET /me/sessions", "POST /me/sessions/{id}/end", "POST /me/sessions/end-others",
                "POST /me/tokens/{id}/revoke", "GET /me/passkeys", "POST /me/passkeys/{id}/remove")) {
            allow(page, PEOPLE);
        }
        for (String page : List.of("GET /admin/cameras", "GET /admin/cameras/new", "GET /admin/cameras/{id}",
                "GET /admin/sites", "GET /admin/sites/new", "GET /admin/sites/{id}", "GET /admin/users",
                "GET /admin/users/{id}", "POST /admin/cameras", "POST /admin/cameras/{id}", "POST /admin/cameras/{id}/keys",
                "POST /admin/cameras/{id}/keys/{keyId}/revoke", "POST /admin/sites", "POST /admin/sites/{id}",
                "POST /admin/users", "POST /admin/users/{id}/disable", "POST /admin/users/{id}/enable",
                "POST /admin/users/{id}/password", "POST /admin/users/{id}/roles", "GET /admin/search-purposes",
                "POST /admin/search-purposes", "POST /admin/search-purposes/{id}", "POST /admin/users/grants/{grantId}/approve",
                "POST /admin/users/grants/{grantId}/reject", "POST /admin/users/{id}/scope", "GET /admin/retention",
                "POST /admin/retention/holds", "POST /admin/retention/holds/{id}/lift", "POST /admin/retention/purge",
                "GET /admin/evidence-encryption", "POST /admin/evidence-encryption/rotation",
                "POST /admin/users/{id}/totp/reset", "POST /admin/users/{id}/sessions/end", "GET /admin/outbound",
                "POST /admin/outbound/webhooks", "GET /admin/outbound/webhooks/{id}", "POST /admin/outbound/webhooks/{id}",
                "POST /admin/outbound/webhooks/{id}/secret", "POST /admin/outbound/webhooks/{id}/delete",
                "GET /admin/outbound/deliveries/{id}", "POST /admin/outbound/deliveries/{id}/replay",
                "POST /admin/outbound/dead-letters/replay", "GET /admin/regions", "POST /admin/regions", "POST /admin/cities")) {
            allow(page, ADMIN);
        }
        allow("GET /cameras", network);
        allow("GET /cameras/sites.json", network);
        allow("GET /cameras/{id}", network);
        allow("GET /cameras/{id}/health", network);
        allow("GET /cameras/alarms", network);
        for (String page : List.of("GET /evidence/{sha256}", "GET /reads/live", "GET /reads/live/rows", "GET /reads/{id}",
                "GET /search", "GET /search.csv", "GET /journeys", "GET /plates/{plate}")) {
            allow(page, reads);
        }
        allow("POST /reads/{id}/recognitions", recognise);
        allow("GET /recognition", recognise);
        allow("POST /recognition/reruns", recognise);
        // The registry page: as the registry API, ADMIN changes and OPERATOR and SUPERVISOR look up.
        allow("GET /registry", EnumSet.of(ADMIN, OPERATOR, SUPERVISOR));
        allow("GET /registry/vehicle", review);
        for (String page : List.of("POST /registry/vehicle", "POST /registry/vehicle/delete", "POST /registry/import")) {
            allow(page, ADMIN);
        }
        for (String page : List.of("GET /alerts", "GET /alerts/stream", "POST /alerts/{id}/acknowledge",
                "POST /alerts/{id}/escalate")) {
            allow(page, reads);
        }
        allow("GET /hotlists", hotlistReaders);
        allow("GET /hotlists/{id}", hotlistReaders);
        for (String page : List.of("POST /hotlists", "POST /hotlists/{id}/entries", "POST /hotlists/{id}/import",
                "POST /hotlists/{id}/entries/{entryId}/remove", "POST /hotlists/{id}/remove")) {
            allow(page, hotlistManagers);
        }
        allow("GET /review", review);
        allow("GET /violations", review);
        // Notices: the notices API's readers; rules: the settings API's readers look, its writers change.
        for (String page : List.of("GET /notices", "GET /notices/{id}", "GET /notices/{id}/pdf")) {
            allow(page, EnumSet.of(INTEGRATION, SUPERVISOR));
        }
        allow("GET /rules", EnumSet.of(ADMIN, SUPERVISOR, OPERATOR));
        for (String action : List.of("POST /rules/sites/{id}", "POST /rules/cameras/{id}", "POST /rules/sites/{id}/clear",
                "POST /rules/cameras/{id}/clear")) {
            allow(action, EnumSet.of(ADMIN, SUPERVISOR));
        }
        for (String action : List.of("POST /review/next", "POST /review/{id}/claim", "POST /review/{id}/confirm",
                "POST /review/{id}/correct", "POST /review/{id}/reject", "POST /review/{id}/release")) {
            allow(action, review);
        }
        // The second step of a sign-in is only for a session halfway through one (SecondFactorPagesIT), never for a
        // signed-in person.
        for (String page : List.of("GET /login/code", "POST /login/code", "GET /login/enrol", "POST /login/enrol")) {
            allow(page, NOBODY);
        }
        allow("GET /audit", AUDITOR);
        allow("GET /audit.csv", AUDITOR);
        allow("GET /audit/verify", AUDITOR);
    }

    private static void allow(String route, Caller caller) {
        allow(route, EnumSet.of(caller));
    }

    private static void allow(String route, Set<Caller> callers) {
        if (EXPECTED.put(route, callers.isEmpty() ? EnumSet.noneOf(Caller.class) : EnumSet.copyOf(callers)) != null) {
            throw new IllegalStateException("expectation given twice: " + route);
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:/]+)(?::[^}]*)?}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    record Route(String method, String pattern) {
        String key() {
            return method + " " + pattern;
        }

        boolean isApi() {
            return pattern.startsWith("/api/");
        }
    }

    @Test
    void everyRouteAnswersEachCallerAsTheMatrixSays() {
        Map<Caller, String> tokens = new EnumMap<>(Caller.class);
        Map<Caller, BrowserSession> sessions = new EnumMap<>(Caller.class);
        tokens.put(ADMIN, admin().token());
        BrowserSession adminSession = new BrowserSession(client());
        adminSession.login("admin", TestClient.PASSWORD);
        sessions.put(ADMIN, adminSession);
        for (Caller caller : List.of(OPERATOR, SUPERVISOR, INVESTIGATOR, AUDITOR, INTEGRATION)) {
            var person = SecurityTestSupport.person(client(), admin(), caller.name());
            tokens.put(caller, person.token());
            BrowserSession session = new BrowserSession(client());
            session.login(person.username(), person.password());
            sessions.put(caller, session);
        }
        tokens.put(DEVICE, client().device(admin()).key());

        List<Route> routes = routes();
        // Ending all of one's browser sessions through the API signs each caller's browser out: called last.
        routes.sort(java.util.Comparator.comparing(r -> r.key().equals("POST /api/v1/me/sessions/end-others")));
        Set<String> unknown = new TreeSet<>();
        for (Route route : routes) {
            if (!PUBLIC.contains(route.key()) && !EXPECTED.containsKey(route.key())) {
                unknown.add(route.key());
            }
        }
        boolean print = Boolean.getBoolean("plateguard.print-route-matrix");
        if (!print) {
            assertThat(unknown).as("routes without an expectation in the matrix: decide who may call them").isEmpty();
        }
        Set<String> stale = new TreeSet<>(EXPECTED.keySet());
        routes.forEach(r -> stale.remove(r.key()));
        if (print) {
            stale.forEach(r -> System.out.println("STALE " + r));
        } else {
            assertThat(stale).as("expectations for routes that do not exist").isEmpty();
        }

        List<String> failures = new ArrayList<>();
        Map<String, Set<Caller>> observed = new TreeMap<>();
        int calls = 0;
        for (Route route : routes) {
            if (PUBLIC.contains(route.key()) || !print && !EXPECTED.containsKey(route.key())) {
                continue;
            }
            Set<Caller> allowed = EXPECTED.getOrDefault(route.key(), NOBODY);
            for (Caller caller : Caller.values()) {
                TestClient.Response response = route.isApi() || route.pattern().startsWith("/v3/")
                        || route.pattern().startsWith("/swagger")
                        ? callApi(route, caller == DEVICE || route.isApi() ? tokens.get(caller) : null,
                                caller == DEVICE ? null : sessions.get(caller))
                        : callPage(route, caller == DEVICE ? null : sessions.get(caller), tokens.get(DEVICE), caller);
                calls++;
                boolean granted = granted(response);
                if (granted) {
                    observed.computeIfAbsent(route.key(), k -> EnumSet.noneOf(Caller.class)).add(caller);
                }
                if (response.status() >= 500) {
                    failures.add(route.key() + " as " + caller + " -> " + response.status());
                } else if (granted != allowed.contains(caller)) {
                    failures.add(route.key() + " as " + caller + " -> " + response.status()
                            + (allowed.contains(caller) ? " (should be allowed)" : " (should be denied)"));
                }
            }
        }
        if (print) {
            observed.forEach((route, callers) -> System.out.println("MATRIX " + route + " " + callers));
            failures.forEach(f -> System.out.println("MISMATCH " + f));
        }
        assertThat(calls).as("calls made").isGreaterThan(400);
        assertThat(failures).isEmpty();

        // Single sign-on's routes are filters, not handlers; off (as here), they are nobody's: pages that do not
        // exist (404). With it on, SsoLoginIT covers them: /oauth2/authorization/sso starts a sign-in,
        // /login/oauth2/code/sso ends one, for anyone.
        for (String path : List.of("/oauth2/authorization/sso", "/login/oauth2/code/sso?code=x&state=y")) {
            for (Caller caller : Caller.values()) {
                TestClient.Response response = caller == DEVICE ? client().get(path, tokens.get(DEVICE))
                        : sessions.get(caller).get(path);
                assertThat(granted(response) && response.status() != 404)
                        .as("GET %s as %s -> %s", path, caller, response.status()).isFalse();
            }
        }
    }

    private static boolean granted(TestClient.Response response) {
        int status = response.status();
        if (status == 401 || status == 403) {
            return false;
        }
        return !(status == 302 && "/login".equals(BrowserSession.redirectPath(response)));
    }

    private List<Route> routes() {
        Set<Route> routes = new LinkedHashSet<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? EnumSet.of(RequestMethod.GET) : methods) {
                    routes.add(new Route(method.name(), pattern));
                }
            }
        }
        return new ArrayList<>(routes);
    }

    /** Path variables become ids that exist nowhere, so that an allowed call changes nothing. */
    static String concrete(String pattern) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).toLowerCase();
            m.appendReplacement(sb, name.contains("sha") ? "b".repeat(64) : name.equals("country") ? "UZ"
                    : name.equals("plate") ? "99Z999ZZ" : name.equals("number") ? "N-0000-0000000" : "987654321");
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private TestClient.Response callApi(Route route, String token, BrowserSession session) {
        URI uri = URI.create(client().base() + concrete(route.pattern()));
        boolean hasBody = Set.of("POST", "PUT", "PATCH").contains(route.method());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(route.method(),
                hasBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        Map<String, String> headers = new HashMap<>();
        if (hasBody) {
            headers.put("Content-Type", "application/json");
        }
        if (token == null && session != null) {
            return session.send(builder, headers);
        }
        return client().send(builder, token, headers);
    }

    private TestClient.Response callPage(Route route, BrowserSession session, String deviceKey, Caller caller) {
        URI uri = URI.create(client().base() + concrete(route.pattern()));
        boolean hasBody = !route.method().equals("GET");
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(route.method(),
                hasBody ? HttpRequest.BodyPublishers.ofString("") : HttpRequest.BodyPublishers.noBody());
        Map<String, String> headers = new HashMap<>();
        if (hasBody) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
        }
        if (session == null) {
            // A device key is no way into the web pages.
            return client().send(builder, deviceKey, headers);
        }
        if (hasBody) {
            headers.put("X-CSRF-TOKEN", csrfOf(session));
        }
        return session.send(builder, headers);
    }

    private final Map<BrowserSession, String> csrf = new HashMap<>();

    private String csrfOf(BrowserSession session) {
        return csrf.computeIfAbsent(session, s -> BrowserSession.csrfTokenIn(s.get("/").text()));
    }
}
