package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * Deny by default, checked against the routes the application really has: every handler method registered in
 * Spring MVC is called without credentials and must answer 401 (API) or redirect to the login page (web UI).
 * Adding an endpoint that answers anything else without credentials makes this test fail, unless it is added to
 * {@link #ALLOWED} on purpose.
 */
class UnauthenticatedAccessIT extends IntegrationTest {

    /** Routes that are deliberately reachable without credentials: "METHOD pattern", "*" for any method. */
    private static final Set<String> ALLOWED = Set.of(
            "POST /api/v1/setup",
            "POST /api/v1/tokens",
            // Changing one's own password takes the current one (an admin reset forces it before any sign-in).
            "POST /api/v1/password-change",
            "GET /password-change",
            "POST /password-change",
            "GET /login",
            "GET /setup",
            "POST /setup",
            "* /error",
            "GET /actuator/health",
            "GET /actuator/health/**",
            // Public notice verification: answers genuine or not, never personal data (NoticesIT checks that).
            "GET /verify",
            "GET /api/v1/public/notices/verify");

    private static final String SHA256 = "a".repeat(64);
    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:/]+)(?::[^}]*)?}");
    private static final Set<RequestMethod> SENT_WHEN_UNRESTRICTED =
            EnumSet.of(RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE);

    record Route(String method, String pattern, String path) {
        @Override
        public String toString() {
            return method + " " + pattern + (pattern.equals(path) ? "" : " (as " + path + ")");
        }
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    /** Every annotation-style handler mapping, including actuator's, so an endpoint exposed later is checked too. */
    @Autowired
    Map<String, RequestMappingInfoHandlerMapping> allMappings;

    @Test
    void everyHandlerMethodIsDeniedWithoutCredentials() {
        admin(); // setup done, as in production after first start
        List<Route> routes = routes();
        Set<String> seen = new TreeSet<>();
        routes.forEach(r -> seen.add(r.method() + " " + r.pattern()));
        // The enumeration itself must work, or this test would pass vacuously.
        assertThat(seen).as("enumerated routes").contains(
                "GET /api/v1/reads", "GET /api/v1/reads/{id}", "POST /api/v1/reads", "POST /api/v1/reads/batch",
                "POST /api/v1/heartbeat", "GET /api/v1/evidence/{sha256}", "GET /api/v1/audit", "POST /api/v1/users",
                "PATCH /api/v1/users/{id}", "DELETE /api/v1/cameras/{cameraId}/keys/{keyId}", "GET /api/v1/sites.geojson",
                "DELETE /api/v1/tokens/{id}", "GET /", "GET /v3/api-docs", "GET /actuator/health");
        // Every allow-list entry must name a real route, so the list cannot hide stale or misspelt exceptions.
        for (String allowed : ALLOWED) {
            assertThat(routes).as("allow-listed route %s exists", allowed).anyMatch(r -> isAllowed(r) && matches(allowed, r));
        }

        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Route route : routes) {
            if (isAllowed(route)) {
                continue;
            }
            checked++;
            TestClient.Response response = call(route);
            String problem = denialProblem(route.path(), response);
            if (problem != null) {
                failures.add(route + " -> " + problem);
            }
        }
        assertThat(checked).as("routes checked").isGreaterThan(20);
        assertThat(failures).as("routes that answered without credentials (allow-list: %s)", ALLOWED).isEmpty();
    }

    @Test
    void documentationActuatorAndUnmappedPathsAreClosed() {
        List<String> failures = new ArrayList<>();
        for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config", "/swagger-ui.html",
                "/swagger-ui/index.html", "/actuator", "/actuator/env", "/actuator/beans", "/actuator/configprops",
                "/actuator/heapdump", "/actuator/mappings", "/actuator/loggers", "/actuator/shutdown", "/api/v1/setup",
                "/api/v1/tokens", "/api/v1/nothing-here", "/api/v2/reads", "/api")) {
            String problem = denialProblem(path, client().get(path, null));
            if (problem != null) {
                failures.add("GET " + path + " -> " + problem);
            }
        }
        // A page that no handler answers is not closed but absent: the "not found" page, for everyone (issue 16).
        for (String path : List.of("/nothing-here", "/setup/", "/login/x",
                // Single sign-on is off here: its filters are not in the chain, so these are pages nobody has.
                "/oauth2/authorization/sso", "/login/oauth2/code/sso", "/login/oauth2/code/sso?code=x&state=y",
                "/oauth2/authorize", "/.well-known/openid-configuration")) {
            TestClient.Response r = client().get(path, null);
            if (r.status() != 404 || !String.valueOf(r.header("Content-Type")).startsWith("text/html")) {
                failures.add("GET " + path + " -> " + r.status() + " " + abbreviate(r.text()));
            }
        }
        TestClient.Response shutdown = client().post("/actuator/shutdown", null, "application/json", new byte[0]);
        if (shutdown.status() == 200) {
            failures.add("POST /actuator/shutdown -> 200");
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void healthIsOpenButRevealsNoDetails() {
        TestClient.Response health = client().get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(health.json().has("components")).as(health.text()).isFalse();
        assertThat(health.json().has("details")).as(health.text()).isFalse();
    }

    @Test
    void allowListedRoutesDoNotLeakOrAct() {
        admin();
        // Setup is over: both forms of it are gone.
        assertThat(client().postJson("/api/v1/setup", null,
                Map.of("token", "pgs_x", "username", TestClient.unique("late").toLowerCase(), "password", TestClient.PASSWORD))
                .status()).isEqualTo(404);
        assertThat(client().get("/setup", null).status()).isEqualTo(404);
        // The token endpoint needs real credentials.
        TestClient.Response noCredentials = client().postJson("/api/v1/tokens", null, Map.of());
        assertThat(noCredentials.status()).isEqualTo(400);
        assertThat(noCredentials.header("Content-Type")).startsWith("application/problem+json");
        TestClient.Response wrong = client().postJson("/api/v1/tokens", null,
                Map.of("username", TestClient.unique("nobody").toLowerCase(), "password", "wrong wrong wrong"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text()).doesNotContain("pgu_");
        // The login page is a page, not an authenticated area.
        TestClient.Response login = client().get("/login", null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.text()).contains("name=\"_csrf\"");
    }

    /** Path tricks must not reach a protected handler, nor crash the server. */
    @Test
    void pathNormalisationTricksDoNotBypassTheRules() {
        admin();
        List<String> failures = new ArrayList<>();
        for (String path : List.of("/api/v1/./users", "/api/v1/x/../users", "/api/v1/%2e%2e/v1/users", "//api/v1/users",
                "/api/v1/users/", "/api/v1//users", "/api/v1/users;x=1", "/api/v1/users%2F", "/API/v1/users",
                "/api/v1/setup/../users", "/login/../api/v1/users", "/css/../api/v1/audit", "/actuator/health/../env",
                "/actuator/health/../../api/v1/users", "/setup/../api/v1/reads")) {
            TestClient.Response r = client().send(HttpRequest.newBuilder(URI.create(client().base() + path)).GET(), null, Map.of());
            boolean denied = r.status() == 400 || r.status() == 401 || r.status() == 404
                    || r.status() == 302 && "/login".equals(BrowserSession.redirectPath(r));
            if (!denied) {
                failures.add("GET " + path + " -> " + r.status() + " " + abbreviate(r.text()));
            }
        }
        assertThat(failures).isEmpty();
    }

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        Set<RequestMappingInfo> infos = new java.util.LinkedHashSet<>(mapping.getHandlerMethods().keySet());
        allMappings.values().forEach(m -> infos.addAll(m.getHandlerMethods().keySet()));
        for (RequestMappingInfo info : infos) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            if (methods.isEmpty()) {
                methods = SENT_WHEN_UNRESTRICTED;
            }
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : methods) {
                    routes.add(new Route(method.name(), pattern, concrete(pattern)));
                }
            }
        }
        return routes;
    }

    static String concrete(String pattern) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, m.group(1).toLowerCase().contains("sha") ? SHA256 : "1");
        }
        m.appendTail(sb);
        return sb.toString().replace("**", "x").replace("*", "x");
    }

    private static boolean isAllowed(Route route) {
        return ALLOWED.stream().anyMatch(a -> matches(a, route));
    }

    private static boolean matches(String allowed, Route route) {
        String method = allowed.substring(0, allowed.indexOf(' '));
        String pattern = allowed.substring(allowed.indexOf(' ') + 1);
        return pattern.equals(route.pattern()) && (method.equals("*") || method.equals(route.method()));
    }

    private TestClient.Response call(Route route) {
        URI uri = URI.create(client().base() + route.path());
        boolean hasBody = route.method().equals("POST") || route.method().equals("PUT") || route.method().equals("PATCH");
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(route.method(),
                hasBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        Map<String, String> headers = new HashMap<>();
        if (hasBody) {
            headers.put("Content-Type", "application/json");
        }
        if (!route.path().startsWith("/api/") && !route.method().equals("GET")) {
            // A state-changing web request: give it a valid anonymous session and CSRF token, so that the
            // CSRF filter cannot hide an endpoint that would otherwise be open.
            BrowserSession browser = new BrowserSession(client());
            headers.put("X-CSRF-TOKEN", browser.csrfToken());
            return browser.send(builder, headers);
        }
        return client().send(builder, null, headers);
    }

    /** Why the response is not a proper denial, or null when it is one. */
    private static String denialProblem(String path, TestClient.Response r) {
        // The metrics scrape is for Prometheus, not a browser: 401 as the API (MetricsIT checks the scrape token).
        if (path.startsWith("/api/") || path.equals("/api") || path.equals("/actuator/prometheus")) {
            if (r.status() != 401) {
                return r.status() + " " + abbreviate(r.text());
            }
            if (r.header("WWW-Authenticate") == null) {
                return "401 without WWW-Authenticate";
            }
            if (r.header("Content-Type") == null || !r.header("Content-Type").startsWith("application/problem+json")) {
                return "401 with Content-Type " + r.header("Content-Type");
            }
            return null;
        }
        if (r.status() != 302 || !"/login".equals(BrowserSession.redirectPath(r))) {
            return r.status() + " Location=" + r.header("Location") + " " + abbreviate(r.text());
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
