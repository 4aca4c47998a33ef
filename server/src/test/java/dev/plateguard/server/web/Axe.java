package dev.plateguard.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.JavascriptExecutor;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;

/**
 * The axe-core accessibility engine (its {@code axe.min.js}, from Deque's artifact), run inside the page that the
 * browser shows. The script is injected through WebDriver, which the page's CSP does not restrict.
 */
final class Axe {

    /** A rule the page breaks: its id, impact, what it means, and the first offending elements. */
    record Violation(String page, String rule, String impact, String help, List<String> targets) {

        @Override
        public String toString() {
            return page + ": " + impact + " " + rule + " (" + help + ") at " + targets;
        }
    }

    private static final String SOURCE;

    static {
        try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test classpath (com.deque.html.axe-core:selenium)");
            }
            SOURCE = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Axe() {
    }

    /** The violations of WCAG 2.1 A and AA rules (and best practices) on the page shown now. */
    static List<Violation> check(Browser browser, String page) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
            js.executeScript(SOURCE);
        }
        Object result = js.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
                                    resultTypes: ['violations'] })
                  .then(function (r) { done(JSON.stringify(r.violations)); })
                  .catch(function (e) { done(JSON.stringify({ error: String(e) })); });""");
        JsonNode violations = TestClient.JSON.readTree((String) result);
        if (violations.has("error")) {
            throw new IllegalStateException("axe failed on " + page + ": " + violations.get("error").asString());
        }
        List<Violation> out = new ArrayList<>();
        for (JsonNode v : violations) {
            List<String> targets = new ArrayList<>();
            for (JsonNode node : v.get("nodes")) {
                if (targets.size() < 3) {
                    targets.add(node.get("target").toString());
                }
            }
            out.add(new Violation(page, v.get("id").asString(), v.get("impact").asString(), v.get("help").asString(),
                    targets));
        }
        return out;
    }
}
