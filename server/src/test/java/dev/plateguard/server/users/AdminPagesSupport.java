package dev.plateguard.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;
import dev.plateguard.server.security.SecurityTestSupport;

/** Signing in through the login form and submitting the dashboard's HTML forms, for the admin and audit suites. */
public final class AdminPagesSupport {

    /** A signed-in browser and who it is. */
    public record SignedIn(BrowserSession browser, SecurityTestSupport.Person person, String base) {

        /** GET a page that must answer 200, and its CSRF token. */
        public Page page(String path) {
            TestClient.Response r = browser.get(path);
            assertThat(r.status()).as("GET %s: %s", path, r).isEqualTo(200);
            return new Page(r, BrowserSession.csrfTokenIn(r.text()));
        }

        /** Submits a form (urlencoded) with the CSRF token and the given name/value pairs; a name may repeat. */
        public TestClient.Response post(String path, String csrf, String... nameValuePairs) {
            List<String> fields = new ArrayList<>();
            if (csrf != null) {
                fields.add("_csrf=" + encode(csrf));
            }
            for (int i = 0; i < nameValuePairs.length; i += 2) {
                fields.add(encode(nameValuePairs[i]) + "=" + encode(nameValuePairs[i + 1]));
            }
            return browser.send(HttpRequest.newBuilder(URI.create(base + path))
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("&", fields)))
                    .header("Content-Type", "application/x-www-form-urlencoded"), Map.of());
        }
    }

    public record Page(TestClient.Response response, String csrf) {

        public String html() {
            return response.text();
        }
    }

    private AdminPagesSupport() {
    }

    /** A new user with the given roles, signed in through the login form. */
    public static SignedIn signIn(TestClient client, TestClient.Admin admin, String... roles) {
        var person = SecurityTestSupport.person(client, admin, roles);
        BrowserSession browser = new BrowserSession(client);
        var login = browser.login(person.username(), person.password());
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        return new SignedIn(browser, person, client.base());
    }

    /** The path of a redirect's Location. */
    public static String redirect(TestClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(302);
        return BrowserSession.redirectPath(response);
    }

    /** The first group of a pattern in a text, or a failure naming what was looked for. */
    public static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text).isTrue();
        return m.group(1);
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
