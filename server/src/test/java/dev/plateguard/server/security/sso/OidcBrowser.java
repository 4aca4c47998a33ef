package dev.plateguard.server.security.sso;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the authorization-code flow is concerned, over plain HTTP: it keeps cookies per host (PlateGuard
 * on 127.0.0.1, the provider on localhost), follows redirects itself so that tests see every hop, and fills in the
 * provider's login form with its CSRF token.
 */
final class OidcBrowser {

    /** One answer, and the URL it answered. */
    record Page(URI uri, int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        List<String> setCookies() {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        URI location() {
            String location = header("Location");
            return location == null ? null : uri.resolve(location);
        }

        boolean isRedirect() {
            return status / 100 == 3 && header("Location") != null;
        }

        @Override
        public String toString() {
            return status + " " + uri + (isRedirect() ? " -> " + location() : "");
        }
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** host → cookie name → value. */
    private final Map<String, Map<String, String>> cookies = new ConcurrentHashMap<>();
    /** Every answer in order, redirects included. */
    final List<Page> history = new ArrayList<>();

    Page get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    Page postForm(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded"));
    }

    /** Follows redirects from {@code page} until an answer that is none; answers that last one. */
    Page follow(Page page) {
        int hops = 0;
        while (page.isRedirect()) {
            if (++hops > 20) {
                throw new IllegalStateException("redirect loop: " + history);
            }
            page = get(page.location().toString());
        }
        return page;
    }

    /**
     * At the provider's login form ({@code page}): submits username and password with the form's CSRF token, and
     * follows the redirects that come of it.
     */
    Page signInAtProvider(Page page, String username, String password) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token in the provider's login page: " + page.body());
        }
        String csrf = m.group(1) != null ? m.group(1) : m.group(2);
        return follow(postForm(page.uri().resolve("/login").toString(),
                Map.of("username", username, "password", password, "_csrf", csrf)));
    }

    /** The value of a cookie this browser holds for {@code host}, or null. */
    String cookie(String host, String name) {
        return cookies.getOrDefault(host, Map.of()).get(name);
    }

    void forgetCookies(String host) {
        cookies.remove(host);
    }

    private Page send(HttpRequest.Builder builder) {
        HttpRequest probe = builder.copy().build();
        String host = probe.uri().getHost();
        Map<String, String> jar = cookies.getOrDefault(host, Map.of());
        if (!jar.isEmpty()) {
            builder.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            Page page = new Page(probe.uri(), response.statusCode(), response.headers().map(), response.body());
            for (String setCookie : page.setCookies()) {
                remember(host, setCookie);
            }
            history.add(page);
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void remember(String host, String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        String name = parts[0].substring(0, eq).strip();
        String value = parts[0].substring(eq + 1).strip();
        boolean expired = false;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].strip().toLowerCase();
            if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970")) {
                expired = true;
            }
        }
        Map<String, String> jar = cookies.computeIfAbsent(host, h -> new LinkedHashMap<>());
        if (expired || value.isEmpty()) {
            jar.remove(name);
        } else {
            jar.put(name, value);
        }
    }
}
