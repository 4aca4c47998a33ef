package dev.plateguard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

import dev.plateguard.plates.PlateFormat;
import dev.plateguard.server.I18nBundles;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.reads.InvestigationParams;
import dev.plateguard.server.registry.RegistrationStatus;
import dev.plateguard.server.registry.RegistryAnswer;
import dev.plateguard.server.violations.ViolationState;
import dev.plateguard.server.violations.ViolationSupport;

/**
 * Each role's day (operator, supervisor, investigator, auditor, administrator) in English, Uzbek and Russian, with
 * violations whose rules measured the most (seatbelt, red light, registry, speed): no raw code (a list derived from
 * the application's own enums and codes) and no untranslated message key is shown, no raw ISO time, and the
 * camera-data table stays inside its card. Then the same pages 390 px wide: nothing scrolls sideways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranslatedPagesBrowserIT extends ViolationSupport {

    private Browser browser;
    private String operator;
    private String operatorToken;
    private String auditor;
    private String supervisor;
    private String investigator;
    private long cameraId;
    private String plate;
    private long seatbeltRead;
    private final List<Long> violations = new ArrayList<>();

    @BeforeAll
    void start() {
        operator = person("OPERATOR");
        auditor = person("AUDITOR");
        supervisor = person("SUPERVISOR");
        investigator = person("INVESTIGATOR");
        operatorToken = client().login(operator, TestClient.PASSWORD);
        long site = site();
        var speed = camera(site, "speed", 60);
        var red = camera(site, "red_light", null);
        var anpr = camera(site, "anpr", null);
        cameraId = anpr.cameraId();
        plate = uzbekPlate();
        String other = uzbekPlate();
        // The registry does not know these plates: with its checks on (also for the detection that runs on its own
        // schedule), they are unregistered.
        registryChecks(true);
        try {
        // Everything a camera may send, so that the read's page names it all.
        seatbeltRead = post(anpr, read(plate, 9, Map.of(
                "plateBox", Map.of("x", 20, "y", 10, "width", 150, "height", 40),
                "vehicle", Map.of("type", "car", "color", "white", "make", "Chevrolet"),
                "direction", 90, "lane", 1,
                "occupants", Map.of("driverSeatbelt", Map.of("value", false, "confidence", 0.91),
                        "phoneUse", Map.of("value", false, "confidence", 0.2)))), 2, false);
        post(speed, read(plate, 8, Map.of("speedKmh", 97.5)), 1, false);
        var redAt = minutesAgo(7);
        post(red, read(other, 7, Map.of("signal", Map.of("state", "red", "redSince", at(redAt.minusSeconds(4))))), 2, false);
            detect();
        } finally {
            registryChecks(false);
        }
        violations.addAll(jdbc.sql("select id from violation where plate in (?, ?) order by id")
                .params(plate, other).query(Long.class).list());
        assertThat(jdbc.sql("select distinct offence_type from violation where plate in (?, ?)").params(plate, other)
                .query(String.class).list()).contains("seatbelt", "speeding", "red_light", "unregistered");
        browser = new Browser(client().base());
    }

    @AfterAll
    void stop() {
        // The language is the user's own setting: the shared administrator goes back to English for other tests.
        jdbc.sql("update app_user set language = 'en' where username = 'admin'").update();
        if (browser != null) {
            browser.close();
        }
    }

    private String person(String role) {
        String username = TestClient.unique(role.toLowerCase()).toLowerCase();
        assertThat(client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of(role))).status()).isEqualTo(201);
        return username;
    }

    /** A unique plate of the Uzbek private format (region 01), which the registry covers. */
    private static String uzbekPlate() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        String letters = "ABEHKMPTXY";
        return String.format("01%c%03d%c%c", letters.charAt(random.nextInt(letters.length())), random.nextInt(1000),
                letters.charAt(random.nextInt(letters.length())), letters.charAt(random.nextInt(letters.length())));
    }

    private static Map<String, Object> read(String plate, int minutesAgo, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", eventId());
        m.put("capturedAt", at(minutesAgo(minutesAgo)));
        m.put("plate", Map.of("text", plate, "confidence", 0.934, "country", "UZ",
                "candidates", List.of(Map.of("text", plate, "confidence", 0.934))));
        m.putAll(extra);
        return m;
    }

    @Test
    void noPageShowsARawCodeAnUntranslatedKeyOrAnIsoTimeInAnyLanguage() {
        List<String> problems = new ArrayList<>();
        for (String lang : List.of("en", "uz", "ru")) {
            browser.login(operator, TestClient.PASSWORD);
            check(problems, lang, "/?lang=" + lang);
            check(problems, lang, "/reads/live");
            check(problems, lang, "/search?plate=" + plate + InvestigationParams.QUERY);
            check(problems, lang, "/reads/" + seatbeltRead);
            browser.screenshotWholePage("read-detail-" + lang);
            // The camera-data table stays inside its card.
            assertThat((Boolean) browser.js("var t = document.querySelector('table.kv.facts');"
                    + " return t.getBoundingClientRect().right <= t.parentElement.getBoundingClientRect().right + 1;"))
                    .as("camera data inside its card (%s)", lang).isTrue();
            check(problems, lang, "/violations");
            check(problems, lang, "/cameras");
            // The pages of every other workflow an operator has.
            for (String page : List.of("/cameras/" + cameraId, "/plates/" + plate + "?" + InvestigationParams.QUERY.substring(1),
                    "/alerts", "/hotlists", "/registry", "/recognition", "/rules", "/journeys")) {
                check(problems, lang, page);
            }
            for (long id : violations) {
                assertThat(client().post("/api/v1/review/" + id + "/claim", operatorToken, null, new byte[0]).status())
                        .isEqualTo(200);
                check(problems, lang, "/review");
                assertThat(browser.driver.findElements(By.cssSelector(".review-item[data-violation='" + id + "']"))).hasSize(1);
                browser.screenshotWholePage("review-" + lang + "-" + jdbc.sql("select offence_type from violation where id = ?")
                        .param(id).query(String.class).single());
                assertThat(client().post("/api/v1/review/" + id + "/release", operatorToken, null, new byte[0]).status())
                        .isEqualTo(200);
            }
            browser.logout();

            browser.login(auditor, TestClient.PASSWORD);
            check(problems, lang, "/audit?lang=" + lang);
            check(problems, lang, "/");
            check(problems, lang, "/hotlists");
            browser.logout();

            browser.login(supervisor, TestClient.PASSWORD);
            check(problems, lang, "/?lang=" + lang);
            browser.screenshotWholePage("start-supervisor-" + lang);
            for (String page : List.of("/notices", "/qc", "/rules", "/review", "/violations")) {
                check(problems, lang, page);
            }
            browser.logout();

            // An investigator's day: a plate's history with a purpose and a case, its sightings, the watch lists.
            browser.login(investigator, TestClient.PASSWORD);
            check(problems, lang, "/?lang=" + lang);
            for (String page : List.of("/search?plate=" + plate + InvestigationParams.QUERY,
                    "/journeys?plate=" + plate + InvestigationParams.QUERY,
                    "/plates/" + plate + "?" + InvestigationParams.QUERY.substring(1), "/reads/" + seatbeltRead,
                    "/hotlists", "/alerts")) {
                check(problems, lang, page);
            }
            browser.screenshotWholePage("plate-investigator-" + lang);
            browser.logout();

            browser.login("admin", TestClient.PASSWORD);
            check(problems, lang, "/admin/users?lang=" + lang);
            check(problems, lang, "/admin/cameras");
            check(problems, lang, "/admin/sites");
            for (String page : List.of("/", "/admin/retention", "/admin/outbound", "/registry", "/recognition", "/rules",
                    "/cameras/" + cameraId)) {
                check(problems, lang, page);
            }
            browser.open("/admin/cameras");
            browser.driver.findElement(By.cssSelector("table.cameras tbody a")).click();
            check(problems, lang, null);
            browser.logout();
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theMainPagesFitA390PixelWideScreen() {
        List<String> wide = new ArrayList<>();
        try {
            browser.driver.manage().window().setSize(new Dimension(390, 844));
            browser.login(operator, TestClient.PASSWORD);
            assertThat(client().post("/api/v1/review/" + violations.getFirst() + "/claim", operatorToken, null,
                    new byte[0]).status()).isEqualTo(200);
            for (String page : List.of("/?lang=en", "/reads/live", "/search?plate=" + plate + InvestigationParams.QUERY,
                    "/reads/" + seatbeltRead, "/review", "/violations", "/cameras", "/cameras/" + cameraId, "/alerts",
                    "/hotlists", "/registry", "/recognition", "/rules",
                    "/plates/" + plate + "?" + InvestigationParams.QUERY.substring(1))) {
                fits(wide, page);
            }
            browser.logout();
            browser.login("admin", TestClient.PASSWORD);
            for (String page : List.of("/admin/users", "/admin/cameras", "/admin/sites", "/admin/sites/new",
                    "/admin/cameras/new", "/admin/retention", "/admin/outbound")) {
                fits(wide, page);
            }
            browser.logout();
        } finally {
            client().post("/api/v1/review/" + violations.getFirst() + "/release", operatorToken, null, new byte[0]);
            browser.driver.manage().window().setSize(new Dimension(1366, 768));
        }
        assertThat(wide).isEmpty();
    }

    private void fits(List<String> wide, String page) {
        browser.open(page);
        browser.wait.until(d -> "complete".equals(browser.js("return document.readyState")));
        long width = ((Number) browser.js("return document.documentElement.scrollWidth")).longValue();
        browser.screenshot("narrow" + page.replaceAll("[^a-z]+", "-"));
        if (width > 390) {
            wide.add(page + " is " + width + " px wide: " + browser.js("""
                    var out = [];
                    document.querySelectorAll('main *, header *').forEach(function (e) {
                      var r = e.getBoundingClientRect();
                      if (r.right > 391 && out.length < 5) { out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); }
                    });
                    return out.join(', ');"""));
        }
    }

    // ---- what must not be shown ----------------------------------------------------------------------------------

    private static final Pattern MISSING_KEY = Pattern.compile("\\?\\?[\\w.-]+_(en|uz|ru)\\?\\?");
    private static final Pattern ISO_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");

    /** Codes no language may show: those with an underscore, in camel case or in capitals. */
    private static final List<String> CODES = codes(false);
    /** Single-word codes in English: a page in Uzbek or Russian must not show them either. */
    private static final List<String> WORDS = codes(true);

    private static List<String> codes(boolean words) {
        TreeSet<String> all = new TreeSet<>();
        Arrays.stream(ViolationState.values()).map(ViolationState::code).forEach(all::add);
        Arrays.stream(PlateFormat.values()).map(Enum::name).forEach(all::add);
        Arrays.stream(RegistryAnswer.Kind.values()).map(k -> k.name().toLowerCase()).forEach(all::add);
        Arrays.stream(RegistrationStatus.values()).map(Enum::name).forEach(all::add);
        Arrays.stream(Role.values()).map(Enum::name).forEach(all::add);
        Properties codes = I18nBundles.load("codes");
        for (String key : codes.stringPropertyNames()) {
            String code = key.substring(key.lastIndexOf('.') + 1);
            // The names of facts: the compound ones (speedKmh); one-word names (plate, signal) are words too.
            if (key.startsWith("code.offence.") || key.startsWith("code.vehicle.")
                    || key.startsWith("code.fact.") && !code.matches("[a-z]+")) {
                all.add(code);
            }
        }
        Stream.of("anpr", "overview", "speed", "red_light", "image", "video", "true", "false", "null").forEach(all::add);
        return all.stream().filter(c -> c.length() > 2)
                .filter(c -> words == c.matches("[a-z]+")).toList();
    }

    private void check(List<String> problems, String lang, String path) {
        if (path != null) {
            browser.open(path);
        }
        String where = lang + " " + browser.path();
        String html = browser.driver.getPageSource();
        Matcher missing = MISSING_KEY.matcher(html);
        while (missing.find()) {
            problems.add(where + ": untranslated " + missing.group());
        }
        assertThat(browser.js("return document.documentElement.lang")).as(where).isEqualTo(lang);
        // What a person reads: the page's text without plates, codes and keys shown as such, without form values,
        // and without what people wrote themselves (alert and hotlist notes).
        String text = (String) browser.js("""
                var main = document.querySelector('main').cloneNode(true);
                main.querySelectorAll('code, kbd, .plate, script, option, input, datalist, .alert-note, .alert-done').forEach(function (e) { e.remove(); });
                return document.querySelector('header').innerText + '\\n' + main.innerText;""");
        // Every time says its UTC on hover; no value stands in for a missing one by mistake.
        Object untitled = browser.js("return Array.from(document.querySelectorAll('main time'))"
                + ".filter(function (t) { return !/ UTC$/.test(t.title); }).map(function (t) { return t.outerHTML; }).join(' ');");
        if (!"".equals(untitled)) {
            problems.add(where + ": a time without UTC on hover: " + untitled);
        }
        Object dashed = browser.js("return Array.from(document.querySelectorAll('table.facts td'))"
                + ".map(function (t) { return t.innerText.trim(); }).filter(function (t) { return /^–./.test(t); }).join(' | ');");
        if (!"".equals(dashed)) {
            problems.add(where + ": a value after a dash: " + dashed);
        }
        Matcher iso = ISO_TIME.matcher(text);
        if (iso.find()) {
            problems.add(where + ": raw time " + iso.group());
        }
        for (String code : CODES) {
            if (Pattern.compile("(?<![\\w-])" + Pattern.quote(code) + "(?![\\w-])").matcher(text).find()) {
                problems.add(where + ": raw code " + code);
            }
        }
        if (!lang.equals("en")) {
            for (String word : WORDS) {
                if (Pattern.compile("(?<![\\w-])" + Pattern.quote(word) + "(?![\\w-])").matcher(text).find()) {
                    problems.add(where + ": English " + word);
                }
            }
        }
    }
}
