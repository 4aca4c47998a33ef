package dev.plateguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.plateguard.server.security.SecurityTestSupport;

/**
 * A fuzz pass over every route that accepts a JSON body, taken from the application's own route list: each is sent
 * hostile bodies (null, wrong shapes, huge numbers, deep nesting, invalid UTF-8, very long strings, unknown
 * fields) with a credential that passes its authorisation. Not one may answer with a server error.
 */
class HostileBodiesIT extends IntegrationTest {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:/]+)(?::[^}]*)?}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    record Route(String method, String pattern) {
    }

    static Map<String, byte[]> bodies() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (String text : List.of("null", "[]", "[{}]", "[1,2,3]", "\"text\"", "42", "true", "{}", "{",
                "{\"a\":", "1e999999", "{\"id\":1e400,\"limit\":-1e400}", "{\"unknownField\":1}",
                "{\"username\":[],\"password\":{},\"roles\":\"ADMIN\",\"name\":7,\"reads\":{}}",
                "{\"plate\":123456789012345678901234567890,\"latitude\":\"north\",\"siteId\":\"x\"}",
                "{\"roles\":[null],\"scope\":[],\"decision\":null,\"status\":[]}",
                "{\"a\":1,\"a\":2}", "{\"name\":\"\\u0000\\ud800\"}")) {
            bodies.put(text, text.getBytes(StandardCharsets.UTF_8));
        }
        bodies.put("deep arrays", ("[".repeat(20_000) + "]".repeat(20_000)).getBytes(StandardCharsets.US_ASCII));
        bodies.put("deep objects", ("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)).getBytes(StandardCharsets.US_ASCII));
        bodies.put("invalid UTF-8", new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
                (byte) 0xFF, '"', '}'});
        bodies.put("long string", ("{\"name\":\"" + "x".repeat(1_000_000) + "\",\"username\":\"" + "y".repeat(100_000)
                + "\"}").getBytes(StandardCharsets.US_ASCII));
        bodies.put("long number", ("{\"id\":" + "9".repeat(100_000) + "}").getBytes(StandardCharsets.US_ASCII));
        return bodies;
    }

    @Test
    void noJsonRouteAnswersAServerErrorToAHostileBody() {
        var admin = admin();
        List<String> credentials = new ArrayList<>();
        credentials.add(admin.token());
        for (String role : List.of("OPERATOR", "SUPERVISOR", "INVESTIGATOR", "AUDITOR", "INTEGRATION")) {
            credentials.add(SecurityTestSupport.person(client(), admin, role).token());
        }
        credentials.add(client().device(admin).key());
        credentials.add(null);

        List<Route> routes = jsonRoutes();
        assertThat(routes).as("enumerated JSON routes").extracting(Route::pattern)
                .contains("/api/v1/heartbeat", "/api/v1/reads/batch", "/api/v1/users", "/api/v1/tokens");
        Map<String, byte[]> bodies = bodies();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Route route : routes) {
            String path = concrete(route.pattern());
            // The first credential that gets past authorisation (anything but 401 and 403) with an empty object.
            String credential = null;
            for (String c : credentials) {
                int status = send(route.method(), path, c, "{}".getBytes(StandardCharsets.UTF_8)).status();
                if (status != 401 && status != 403) {
                    credential = c;
                    break;
                }
            }
            for (var body : bodies.entrySet()) {
                TestClient.Response r = send(route.method(), path, credential, body.getValue());
                sent++;
                if (r.status() >= 500 && r.status() != 503) {
                    failures.add(route.method() + " " + route.pattern() + " with " + abbreviate(body.getKey()) + " -> "
                            + r.status() + " " + abbreviate(r.text()));
                }
            }
        }
        assertThat(sent).as("bodies sent").isGreaterThan(200);
        assertThat(failures).isEmpty();
    }

    private TestClient.Response send(String method, String path, String token, byte[] body) {
        return client().send(HttpRequest.newBuilder(URI.create(client().base() + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json"), token, Map.of());
    }

    private List<Route> jsonRoutes() {
        Set<Route> routes = new LinkedHashSet<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            Set<MediaType> consumes = info.getConsumesCondition().getConsumableMediaTypes();
            boolean json = consumes.isEmpty() || consumes.stream().anyMatch(m -> m.includes(MediaType.APPLICATION_JSON));
            if (!json) {
                continue;
            }
            for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                if (method != RequestMethod.POST && method != RequestMethod.PUT && method != RequestMethod.PATCH) {
                    continue;
                }
                for (String pattern : info.getPatternValues()) {
                    if (pattern.startsWith("/api/")) {
                        routes.add(new Route(method.name(), pattern));
                    }
                }
            }
        }
        return new ArrayList<>(routes);
    }

    private static String concrete(String pattern) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, "1");
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
