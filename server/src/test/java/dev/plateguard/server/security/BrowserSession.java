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

import dev.plateguard.server.TestAuthenticator;
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

    /**
     * Signs in through the real login form, CSRF token included, and through the second factor where the password
     * leads to it: the code page gets a fresh code from {@link TestAuthenticator}; the enrolment page's secret is added
     * to it and confirmed. Answers the last redirect: where the signed-in browser goes next (after an enrolment,
     * which answers the recovery-code page, a redirect to its "continue" link), or the login form's own answer when
     * the password did not lead on (wrong, throttled, must be changed).
     */
    public TestClient.Response login(String username, String password) {
        TestClient.Response first = loginWithPassword(username, password);
        String next = redirectPath(first);
        if ("/login/code".equals(next)) {
            return enterCode(TestAuthenticator.code(client.base(), username));
        }
        if ("/login/enrol".equals(next)) {
            return enrolOnPage(username);
        }
        return first;
    }

    /** The login form alone: the password step, whose answer may lead to the second factor's page. */
    public TestClient.Response loginWithPassword(String username, String password) {
        String csrf = csrfToken();
        return postForm("/login", Map.of("username", username, "password", password, "_csrf", csrf));
    }

    /** Submits a code on the code page (after the password step). */
    public TestClient.Response enterCode(String code) {
        TestClient.Response page = get("/login/code");
        if (page.status() != 200) {
            throw new IllegalStateException("GET /login/code answered " + page);
        }
        return postForm("/login/code", Map.of("code", code, "_csrf", csrfTokenIn(page.text())));
    }

    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*data-secret=\"([A-Z2-7]+)\"");
    private static final Pattern CONTINUE = Pattern.compile("id=\"recovery-continue\"[^>]*href=\"([^\"]+)\"");
    private static final Pattern RECOVERY_CODE = Pattern.compile("<code>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</code>");

    /** The secret shown on the enrolment page (after the password step of a person who must enrol). */
    public static String secretIn(String html) {
        Matcher m = SECRET.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no secret on the enrolment page: " + html);
        }
        return m.group(1);
    }

    public static List<String> recoveryCodesIn(String html) {
        Matcher m = RECOVERY_CODE.matcher(html);
        List<String> codes = new java.util.ArrayList<>();
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    private TestClient.Response enrolOnPage(String username) {
        TestClient.Response page = get("/login/enrol");
        if (page.status() != 200) {
            throw new IllegalStateException("GET /login/enrol answered " + page);
        }
        TestAuthenticator.remember(client.base(), username, secretIn(page.text()));
        TestClient.Response done = postForm("/login/enrol", Map.of("code", TestAuthenticator.code(client.base(), username),
                "_csrf", csrfTokenIn(page.text())));
        Matcher next = CONTINUE.matcher(done.text());
        if (done.status() != 200 || !next.find()) {
            throw new IllegalStateException("enrolment failed: " + done);
        }
        TestAuthenticator.rememberRecoveryCodes(client.base(), username, recoveryCodesIn(done.text()));
        String location = next.group(1).replace("&amp;", "&");
        return new TestClient.Response(302, Map.of("Location", List.of(location)), new byte[0]);
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
