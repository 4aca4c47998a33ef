package dev.plateguard.server.security;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.plateguard.server.TestClient;

/**
 * A browser as far as the web UI is concerned: keeps the session cookie, reads the CSRF token from the real
 * login form and submits forms. No redirects are followed, so tests see every 302.
 */
public final class BrowserSession {

    public static final String COOKIE_NAME = "PGSESSION";
    private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]+)\"");

    private final TestClient client;
    private String session;

    public BrowserSession(TestClient client) {
        this.client = client;
    }

    /** The current {@code PGSESSION} cookie value, or null. */
    public String sessionId() {
        return session;
    }

    public void useSession(String sessionId) {
        this.session = sessionId;
    }

    /** GET /login, remembering the session cookie; answers the CSRF token embedded in the form. */
    public String csrfToken() {
        TestClient.Response page = get("/login");
        if (page.status() != 200) {
            throw new IllegalStateException("GET /login answered " + page.status());
        }
        return csrfTokenIn(page.text());
    }

    public static String csrfTokenIn(String html) {
        Matcher input = CSRF_INPUT.matcher(html);
        if (!input.find()) {
            throw new IllegalStateException("no _csrf input in page: " + html);
        }
        Matcher value = VALUE.matcher(input.group());
        if (!value.find()) {
            throw new IllegalStateException("_csrf input without value: " + input.group());
        }
        return value.group(1);
    }

    /** Signs in through the real login form, CSRF token included. */
    public TestClient.Response login(String username, String password) {
        String csrf = csrfToken();
        return postForm("/login", Map.of("username", username, "password", password, "_csrf", csrf));
    }

    public TestClient.Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(client.base() + path)).GET(), Map.of());
    }

    public TestClient.Response postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(client.base() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded"), Map.of());
    }

    /** Any request, carrying the session cookie (if there is one) and the given headers. */
    public TestClient.Response send(HttpRequest.Builder builder, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        if (session != null) {
            all.put("Cookie", COOKIE_NAME + "=" + session);
        }
        TestClient.Response response = client.send(builder, null, all);
        String renewed = sessionCookie(response);
        if (renewed != null) {
            session = renewed.substring(COOKIE_NAME.length() + 1, renewed.contains(";") ? renewed.indexOf(';') : renewed.length());
        }
        return response;
    }

    /** The full Set-Cookie header that sets the session cookie, or null. */
    public static String sessionCookie(TestClient.Response response) {
        return setCookies(response).stream().filter(c -> c.startsWith(COOKIE_NAME + "=")).findFirst().orElse(null);
    }

    public static List<String> setCookies(TestClient.Response response) {
        return response.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    /** The path a redirect points to (the Location header may be absolute). */
    public static String redirectPath(TestClient.Response response) {
        String location = response.header("Location");
        return location == null ? null : URI.create(location).getPath();
    }
}
