package dev.plateguard.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.alerts.AlertSupport;
import dev.plateguard.server.security.BrowserSession;
import dev.plateguard.server.security.SecurityTestSupport;

/**
 * The start page's figures, per role and in the person's scope: reads per hour count exactly the reads of the sites
 * in scope; camera uptime follows the stale and offline alarms; each part is shown only to the roles that act on it,
 * in the person's language. The charts' data travels in {@code data-chart} attributes (drawn by the page script,
 * which {@code DashboardBrowserIT} sees run); the tables beside them carry the same numbers.
 */
class StartPageIT extends AlertSupport {

    private static final Pattern ID = Pattern.compile("[^>]*?id=\"([a-z-]+)\"");
    private static final Pattern DATA = Pattern.compile("data-chart=\"([^\"]+)\"");

    @Test
    void anOperatorSeesTheReadsAndUptimeOfTheSitesInScope() {
        TestClient.Device camera = client().device(admin());
        for (int i = 0; i < 3; i++) {
            read(camera, uniquePlate());
        }
        read(client().device(admin()), uniquePlate()); // another site: out of scope
        // The camera has existed for three days; yesterday it was offline from 10:00 to 16:00 (Tashkent time).
        ZoneId tashkent = ZoneId.of("Asia/Tashkent");
        LocalDate today = LocalDate.now(tashkent);
        jdbc.sql("update camera set created_at = now() - interval '3 days' where id = ?").param(camera.cameraId()).update();
        ZonedDateTime from = today.minusDays(1).atTime(10, 0).atZone(tashkent);
        jdbc.sql("""
                insert into camera_alarm (camera_id, condition, raised_at, threshold, cleared_at)
                values (?, 'offline', ?, 900, ?)""")
                .params(camera.cameraId(), java.sql.Timestamp.from(from.toInstant()),
                        java.sql.Timestamp.from(from.plusHours(6).toInstant())).update();

        SecurityTestSupport.Person operator = signedIn("OPERATOR");
        assertThat(client().patchJson("/api/v1/users/" + operator.id(), admin().token(),
                Map.of("scope", Map.of("sites", List.of(camera.siteId())))).status()).isEqualTo(200);
        String page = browser(operator).get("/").text();

        Map<String, JsonNode> charts = charts(page);
        assertThat(charts).containsKeys("reads-per-hour", "camera-uptime").doesNotContainKey("review-throughput");
        JsonNode reads = charts.get("reads-per-hour");
        assertThat(reads.get("x")).hasSize(24);
        long total = 0;
        for (JsonNode v : reads.get("series").get(0).get("values")) {
            total += v.asLong();
        }
        assertThat(total).as("reads of the site in scope only").isEqualTo(3);
        assertThat(page).contains("3 reads");

        JsonNode uptime = charts.get("camera-uptime").get("series").get(0).get("values");
        assertThat(uptime).hasSize(7);
        assertThat(uptime.get(5).asDouble()).as("yesterday: 6 of 24 hours offline").isEqualTo(75.0);
        assertThat(uptime.get(4).asDouble()).isEqualTo(100.0);
        assertThat(uptime.get(0).isNull()).as("before the camera existed").isTrue();
        // The review backlog is the operator's work too; its bars add up to the total shown.
        assertThat(page).contains("id=\"review-backlog\"", "Review backlog against legal deadlines");
    }

    @Test
    void eachRoleSeesTheFiguresItActsOnInItsLanguage() {
        SecurityTestSupport.Person admin = signedIn("ADMIN");
        Map<String, JsonNode> adminCharts = charts(browser(admin).get("/").text());
        assertThat(adminCharts).containsKeys("reads-per-hour", "camera-uptime")
                .doesNotContainKeys("review-throughput", "violations-by-offence");

        SecurityTestSupport.Person auditor = signedIn("AUDITOR");
        String auditorPage = browser(auditor).get("/").text();
        assertThat(charts(auditorPage)).containsKey("review-throughput").doesNotContainKey("reads-per-hour");
        assertThat(auditorPage).doesNotContain("id=\"review-backlog\"");

        SecurityTestSupport.Person supervisor = signedIn("SUPERVISOR");
        BrowserSession session = browser(supervisor);
        String russian = session.get("/?lang=ru").text();
        assertThat(russian).contains("Очередь проверки относительно установленных законом сроков",
                "Решения проверки по дням", "Проверяющие за последние 14 дней");
        JsonNode throughput = charts(russian).get("review-throughput");
        assertThat(throughput.get("series").get(0).get("label").asString()).isEqualTo("Подтверждено");
        assertThat(russian).doesNotContain("home.", "??");
    }

    private BrowserSession browser(SecurityTestSupport.Person person) {
        BrowserSession browser = new BrowserSession(client());
        assertThat(browser.login(person.username(), person.password()).status()).isEqualTo(302);
        return browser;
    }

    /** Each figure's chart data, by the figure's id (figures without a chart are absent). */
    private static Map<String, JsonNode> charts(String page) {
        Map<String, JsonNode> out = new java.util.HashMap<>();
        for (String figure : page.split("<figure")) {
            Matcher id = ID.matcher(figure);
            Matcher data = DATA.matcher(figure);
            if (id.lookingAt() && data.find()) {
                out.put(id.group(1), TestClient.JSON.readTree(HtmlUtils.htmlUnescape(data.group(1))));
            }
        }
        return out;
    }
}
