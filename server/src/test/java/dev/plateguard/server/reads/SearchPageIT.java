package dev.plateguard.server.reads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.security.BrowserSession;

/**
 * The search page and API as investigators use them: totals, previous and next pages, date validation, site,
 * camera and vehicle filters, language links that keep the query, and the audited CSV export.
 */
class SearchPageIT extends IngestSupport {

    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.ofHours(5)).minusHours(3).withNano(0);
    private static final Pattern READ_ID = Pattern.compile("data-read-id=\"(\\d+)\"");

    @Autowired
    private ReadAccess access;

    private TestClient.Device device;
    private Person investigator;
    private BrowserSession browser;

    @BeforeEach
    void setUp() {
        device = client().device(admin());
        investigator = person("INVESTIGATOR");
        browser = new BrowserSession(client());
        assertThat(browser.login(investigator.username(), TestClient.PASSWORD).status()).isEqualTo(302);
    }

    private long read(TestClient.Device on, String plate, OffsetDateTime capturedAt, String vehicle) {
        String metadata = minimalMetadata(eventId(), at(capturedAt), plate);
        if (vehicle != null) {
            metadata = metadata.substring(0, metadata.length() - 1) + ",\"vehicle\":" + vehicle + "}";
        }
        var r = postMetadataOnly(on, metadata);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private JsonNode api(String query) {
        var r = client().get("/api/v1/reads?" + query + InvestigationParams.QUERY, investigator.token());
        assertThat(r.status()).as(query + " -> " + r).isEqualTo(200);
        return r.json();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    private static List<Long> ids(String html) {
        List<Long> ids = new ArrayList<>();
        Matcher m = READ_ID.matcher(html);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static String link(String html, String rel) {
        Matcher m = Pattern.compile("rel=\"" + rel + "\" href=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a link rel=" + rel).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode lastAudit(String action, String actor) {
        return TestClient.JSON.readTree(jdbc.sql(
                        "select details::text from audit_event where action = ? and actor = ? order by id desc limit 1")
                .params(action, actor).query(String.class).single());
    }

    @Test
    void totalIsExactBelowTheCapAndMoreThanAboveIt() {
        String plate = uniquePlate();
        for (int i = 0; i < 3; i++) {
            read(device, plate, T0.plusMinutes(i), null);
        }
        JsonNode page = api("plate=" + plate + "&limit=1");
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("totalIsLowerBound").asBoolean()).isFalse();
        assertThat(browser.get("/search?plate=" + plate + InvestigationParams.QUERY).text()).contains("3 reads (newest first)");
        assertThat(lastAudit("reads.search", investigator.username()).get("total").asLong()).isEqualTo(3);

        access.countCap = 2;
        try {
            page = api("plate=" + plate);
            assertThat(page.get("items")).hasSize(3);
            assertThat(page.get("total").asLong()).isEqualTo(2);
            assertThat(page.get("totalIsLowerBound").asBoolean()).isTrue();
            assertThat(browser.get("/search?plate=" + plate + InvestigationParams.QUERY).text())
                    .contains("More than 2 reads (newest first)");
            assertThat(browser.get("/search?plate=" + plate + InvestigationParams.QUERY + "&lang=ru").text())
                    .contains("Найдено более 2");
        } finally {
            access.countCap = ReadAccess.COUNT_CAP;
        }
    }

    @Test
    void nextThenPreviousReturnsTheSameFirstPage() {
        String plate = uniquePlate();
        for (int i = 0; i < 5; i++) {
            read(device, plate, T0.plusSeconds(i / 2), null);
        }
        JsonNode first = api("plate=" + plate + "&limit=2");
        assertThat(first.get("prevCursor").isNull()).isTrue();
        JsonNode second = api("plate=" + plate + "&limit=2&cursor=" + first.get("nextCursor").asString());
        assertThat(ids(second)).hasSize(2).doesNotContainAnyElementsOf(ids(first));
        JsonNode back = api("plate=" + plate + "&limit=2&before=" + second.get("prevCursor").asString());
        assertThat(ids(back)).isEqualTo(ids(first));
        assertThat(back.get("prevCursor").isNull()).isTrue();
        assertThat(back.get("nextCursor").asString()).isEqualTo(first.get("nextCursor").asString());
        // cursor and before together are refused.
        assertFieldProblem(client().get("/api/v1/reads?plate=" + plate + "&cursor=" + first.get("nextCursor").asString()
                + "&before=" + second.get("prevCursor").asString() + InvestigationParams.QUERY, investigator.token()),
                400, "before");

        // The page: 50 a page, so 52 reads make two pages.
        String many = uniquePlate();
        for (int i = 0; i < 52; i++) {
            read(device, many, T0.plusSeconds(i), null);
        }
        String firstHtml = browser.get("/search?plate=" + many + InvestigationParams.QUERY).text();
        assertThat(firstHtml).contains("52 reads").doesNotContain("rel=\"prev\"");
        var next = browser.get(link(firstHtml, "next"));
        assertThat(next.status()).isEqualTo(200);
        assertThat(ids(next.text())).hasSize(2);
        var previous = browser.get(link(next.text(), "prev"));
        assertThat(previous.status()).isEqualTo(200);
        assertThat(ids(previous.text())).isEqualTo(ids(firstHtml)).hasSize(50);
        assertThat(previous.text()).doesNotContain("rel=\"prev\"").contains("rel=\"next\"");
    }

    @Test
    void fromAfterToOrAMalformedDateAnswersAMessageNotAnEmptyResult() {
        String plate = uniquePlate();
        read(device, plate, T0, null);
        var refused = browser.get("/search?plate=" + plate + "&from=2026-11-20T10:00&to=2026-11-19T10:00"
                + InvestigationParams.QUERY);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("From must be earlier than To.").doesNotContain("reads (newest first)");
        var malformed = browser.get("/search?plate=" + plate + "&from=yesterday" + InvestigationParams.QUERY);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text()).contains("From is not a valid date and time.");
        var huge = browser.get("/search?plate=" + plate + "&to=%2B99999-01-01T00:00" + InvestigationParams.QUERY);
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.text()).contains("To is not a valid date and time.");
        assertThat(browser.get("/search?plate=" + plate + "&from=2026-11-20T10:00&to=2026-11-19T10:00"
                + InvestigationParams.QUERY + "&lang=uz").text()).contains("“Dan” vaqti “Gacha” vaqtidan oldin bo‘lishi kerak.");
        assertFieldProblem(client().get("/api/v1/reads?plate=" + plate + "&from=" + enc(at(T0)) + "&to="
                + enc(at(T0.minusHours(1))) + InvestigationParams.QUERY, investigator.token()), 400, "to");
        assertThat(browser.get("/search.csv?plate=" + plate + "&from=2026-11-20T10:00&to=2026-11-19T10:00"
                + InvestigationParams.QUERY).status()).isEqualTo(400);
    }

    @Test
    void aSiteNarrowsTheCamerasAndEachCameraNamesItsSite() {
        var other = client().device(admin());
        String html = browser.get("/search?site=" + device.siteId()).text();
        String mine = optgroup(html, device.siteId());
        String theirs = optgroup(html, other.siteId());
        assertThat(mine).doesNotContain("disabled");
        assertThat(theirs).contains("disabled").contains("hidden");
        // Without a site, every site's cameras are offered.
        assertThat(optgroup(browser.get("/search").text(), other.siteId())).doesNotContain("disabled");
        String siteName = jdbc.sql("select name from site where id = ?").param(device.siteId()).query(String.class).single();
        String cameraName = jdbc.sql("select name from camera where id = ?").param(device.cameraId()).query(String.class).single();
        assertThat(html).contains(">" + cameraName + " · " + siteName + "</option>");

        String plate = uniquePlate();
        long here = read(device, plate, T0, null);
        read(other, plate, T0.plusMinutes(1), null);
        assertThat(ids(api("plate=" + plate + "&site=" + device.siteId()))).containsExactly(here);
        assertThat(ids(api("plate=" + plate + "&site=" + device.siteId() + "&camera=" + other.cameraId()))).isEmpty();
    }

    private static String optgroup(String html, long siteId) {
        Matcher m = Pattern.compile("<optgroup[^>]*data-site=\"" + siteId + "\"[^>]*>").matcher(html);
        assertThat(m.find()).as("optgroup of site " + siteId).isTrue();
        return m.group();
    }

    @Test
    void makeAndColourFilterOnTheVehicleTheCameraReported() {
        String plate = uniquePlate();
        long cobalt = read(device, plate, T0, "{\"make\":\"Chevrolet Cobalt\",\"color\":\"White\"}");
        long nexia = read(device, plate, T0.plusMinutes(1), "{\"make\":\"Chevrolet Nexia\",\"color\":\"black\"}");
        long lada = read(device, plate, T0.plusMinutes(2), "{\"make\":\"Lada\",\"color\":\"white\"}");
        read(device, plate, T0.plusMinutes(3), null);

        assertThat(ids(api("plate=" + plate + "&make=chevrolet"))).containsExactly(nexia, cobalt);
        assertThat(ids(api("plate=" + plate + "&make=" + enc("chevrolet cobalt")))).containsExactly(cobalt);
        assertThat(ids(api("plate=" + plate + "&colour=WHITE"))).containsExactly(lada, cobalt);
        assertThat(ids(api("plate=" + plate + "&make=Chevrolet&colour=white"))).containsExactly(cobalt);
        assertThat(ids(api("plate=" + plate + "&make=" + enc("%")))).isEmpty();
        JsonNode counted = api("plate=" + plate + "&make=chevrolet");
        assertThat(counted.get("total").asLong()).isEqualTo(2);
        assertThat(ids(browser.get("/search?plate=" + plate + "&make=Chevrolet&colour=white" + InvestigationParams.QUERY)
                .text())).containsExactly(cobalt);
        assertFieldProblem(client().get("/api/v1/reads?plate=" + plate + "&make=" + "x".repeat(61)
                + InvestigationParams.QUERY, investigator.token()), 400, "make");
    }

    @Test
    void languageLinksKeepTheQuery() {
        String plate = uniquePlate();
        String html = browser.get("/search?plate=" + plate + "&make=Lada" + InvestigationParams.QUERY + "&lang=ru").text();
        assertThat(html).contains("href=\"/search?plate=" + plate + "&amp;make=Lada&amp;purpose="
                + InvestigationParams.PURPOSE + "&amp;case=" + InvestigationParams.CASE + "&amp;lang=uz\"");
        assertThat(html).contains("&amp;lang=en\"");
        // Other pages too, and without a query just the language.
        assertThat(browser.get("/reads/live").text()).contains("href=\"/reads/live?lang=uz\"");
    }

    @Test
    void csvHoldsTheHeaderAndExactlyTheMatchingReadsAndIsAudited() {
        String plate = uniquePlate();
        long a = read(device, plate, T0, "{\"make\":\"+SUM(1,2)\",\"color\":\"white\"}");
        long b = read(device, plate, T0.plusMinutes(1), "{\"make\":\"Lada\"}");
        read(device, uniquePlate(), T0.plusMinutes(2), null);

        var csv = browser.get("/search.csv?plate=" + plate + InvestigationParams.QUERY);
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment; filename=\"plateguard-reads-");
        String[] lines = csv.text().split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo(String.join(",", ReadCsv.HEADER));
        assertThat(lines[1]).startsWith(b + ",").contains("," + plate + ",").contains(",Lada,");
        assertThat(lines[2]).startsWith(a + ",")
                // A formula stays text: quoted with a leading apostrophe (and in double quotes for its comma).
                .contains(",\"'+SUM(1,2)\",white,");

        JsonNode audit = lastAudit("reads.export", investigator.username());
        assertThat(audit.get("results").asInt()).isEqualTo(2);
        assertThat(audit.get("plate").asString()).isEqualTo(plate);
        assertThat(audit.get("case").asString()).isEqualTo(InvestigationParams.CASE);
        assertThat(audit.get("format").asString()).isEqualTo("csv");

        // The same rules as the search: a plate export needs a purpose and case.
        var refused = browser.get("/search.csv?plate=" + plate);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("Purpose: is required.").doesNotContain(plate + ",");
        // The page offers the export with the same query.
        assertThat(browser.get("/search?plate=" + plate + InvestigationParams.QUERY).text())
                .contains("href=\"/search.csv?plate=" + plate);
    }

    @Test
    void csvIsRefusedToARoleThatMayNotSearch() {
        Person auditor = person("AUDITOR");
        BrowserSession other = new BrowserSession(client());
        assertThat(other.login(auditor.username(), TestClient.PASSWORD).status()).isEqualTo(302);
        var refused = other.get("/search.csv?plate=" + uniquePlate() + InvestigationParams.QUERY);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).doesNotContain("captured_at");
    }

    @Test
    void csvCountsAgainstTheVolumeLimit() {
        String plate = uniquePlate();
        read(device, plate, T0, null);
        var csv = browser.get("/search.csv?plate=" + plate + InvestigationParams.QUERY);
        assertThat(csv.status()).isEqualTo(200);
        long userId = jdbc.sql("select id from app_user where username = ?").param(investigator.username())
                .query(Long.class).single();
        assertThat(jdbc.sql("select coalesce(sum(rows), 0) from search_usage where user_id = ?").param(userId)
                .query(Long.class).single()).isEqualTo(1);
        for (int i = 1; i < 60; i++) {
            assertThat(client().get("/api/v1/reads?plate=" + plate + InvestigationParams.QUERY, investigator.token())
                    .status()).as("query " + i).isEqualTo(200);
        }
        var refused = browser.get("/search.csv?plate=" + plate + InvestigationParams.QUERY);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.text()).doesNotContain("captured_at");
    }

    @Test
    void theApiExportsTheSameReadsAsCsvAndRefusesAsProblems() {
        String plate = uniquePlate();
        long a = read(device, plate, T0, "{\"make\":\"Lada\",\"color\":\"white\"}");
        read(device, plate, T0.plusMinutes(1), "{\"make\":\"Kia\"}");
        var csv = client().get("/api/v1/reads.csv?plate=" + plate + "&make=lada" + InvestigationParams.QUERY,
                investigator.token());
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        String[] lines = csv.text().split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).startsWith(a + ",");
        JsonNode audit = lastAudit("reads.export", investigator.username());
        assertThat(audit.get("results").asInt()).isEqualTo(1);
        assertThat(audit.get("channel").asString()).isEqualTo("api");

        assertFieldProblem(client().get("/api/v1/reads.csv?plate=" + plate, investigator.token()), 400, "purpose");
        assertFieldProblem(client().get("/api/v1/reads.csv?plate=" + plate + "&from=" + enc(at(T0)) + "&to="
                + enc(at(T0.minusHours(1))) + InvestigationParams.QUERY, investigator.token()), 400, "to");
        Person auditor = person("AUDITOR");
        assertThat(client().get("/api/v1/reads.csv?plate=" + plate + InvestigationParams.QUERY, auditor.token()).status())
                .isEqualTo(403);
    }
}
