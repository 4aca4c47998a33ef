package dev.plateguard.server.reads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.security.BrowserSession;

/**
 * A plate's page: its sightings (and no other plate's) newest first on a timeline, its stops in time order for the
 * map, under the same purpose, case and audit as a journey.
 */
class PlatePagesIT extends IngestSupport {

    private static final Pattern READ_ID = Pattern.compile("class=\"sighting\" data-read-id=\"(\\d+)\"");
    private static final Pattern STOPS = Pattern.compile("data-stops=\"([^\"]*)\"");

    private TestClient.Device atA;
    private TestClient.Device atB;
    private Person investigator;
    private BrowserSession browser;

    @BeforeEach
    void setUp() {
        atA = client().device(admin(), site(41.311, 69.240));
        atB = client().device(admin(), site(39.654, 66.975));
        investigator = person("INVESTIGATOR");
        browser = new BrowserSession(client());
        assertThat(browser.login(investigator.username(), TestClient.PASSWORD).status()).isEqualTo(302);
    }

    private long site(double latitude, double longitude) {
        var site = client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Site"),
                "city", "Tashkent", "region", "Tashkent city", "latitude", latitude, "longitude", longitude));
        assertThat(site.status()).as(site.toString()).isEqualTo(201);
        return site.json().get("id").asLong();
    }

    private long read(TestClient.Device device, String plate, int hoursAgo) {
        return createRead(device, eventId(), at(OffsetDateTime.now(ZoneOffset.ofHours(5)).minusHours(hoursAgo)), plate);
    }

    private static List<Long> readIds(String html) {
        List<Long> ids = new ArrayList<>();
        Matcher m = READ_ID.matcher(html);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static JsonNode stops(String html) {
        Matcher m = STOPS.matcher(html);
        assertThat(m.find()).as("data-stops on the map").isTrue();
        return JsonMapper.builder().build().readTree(m.group(1).replace("&quot;", "\"").replace("&amp;", "&"));
    }

    private static String local(LocalDateTime time) {
        return URLEncoder.encode(time.withNano(0).toString(), StandardCharsets.UTF_8);
    }

    @Test
    void listsThePlatesSightingsNewestFirstAndItsStopsInTimeOrderUnderACase() {
        String plate = uniquePlate();
        long first = read(atA, plate, 30);
        long second = read(atB, plate, 3);
        long third = read(atA, plate, 1);
        long other = read(atB, uniquePlate(), 2);

        // Arriving from a link without a case: the form, nothing looked up, nothing audited.
        var form = browser.get("/plates/" + plate);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.text()).contains("name=\"purpose\"").contains("name=\"case\"").doesNotContain("data-read-id");
        assertThat(audits(plate)).isZero();

        var page = browser.get("/plates/" + plate + "?" + InvestigationParams.QUERY.substring(1));
        assertThat(page.status()).isEqualTo(200);
        String html = page.text();
        assertThat(readIds(html)).containsExactly(third, second, first);
        assertThat(html).doesNotContain("data-read-id=\"" + other + "\"")
                .contains("investigation-banner").contains(InvestigationParams.CASE)
                .contains("/reads/" + third + "?purpose=stolen-vehicle&amp;case=" + InvestigationParams.CASE)
                .contains("id=\"plate-map\"").contains("/evidence/");
        JsonNode stops = stops(html);
        assertThat(stops).hasSize(3);
        assertThat(stops).extracting(s -> s.get("site").asLong()).containsExactly(atA.siteId(), atB.siteId(), atA.siteId());
        assertThat(stops).extracting(s -> s.get("n").asInt()).containsExactly(1, 2, 3);
        assertThat(stops.get(1).get("lat").asDouble()).isEqualTo(39.654);

        // Audited as a journey view, with the ids shown.
        assertThat(audits(plate)).isEqualTo(1);
        String details = jdbc.sql("select details::text from audit_event where action = 'journeys.view' and target = ?"
                + " and actor = ? and outcome = 'success'").params("plate:" + plate, investigator.username())
                .query(String.class).single();
        assertThat(details).contains(String.valueOf(first), String.valueOf(second), String.valueOf(third))
                .contains(InvestigationParams.CASE).contains("\"channel\": \"web\"");

        // Look-alike characters: a plate search, audited as one.
        var folded = browser.get("/plates/" + plate + "?match=folded" + InvestigationParams.QUERY);
        assertThat(folded.status()).isEqualTo(200);
        assertThat(readIds(folded.text())).contains(third, second, first).doesNotContain(other);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'reads.search' and actor = ?")
                .param(investigator.username()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void withoutPurposeAndCaseItIsRefusedAsTheJourneyIs() {
        String plate = uniquePlate();
        long old = read(atA, plate, 50);
        String from = local(LocalDateTime.now(ZoneId.of("Asia/Tashkent")).minusDays(3));
        var journey = browser.get("/journeys?plate=" + plate + "&from=" + from);
        var refused = browser.get("/plates/" + plate + "?from=" + from);
        assertThat(refused.status()).isEqualTo(400).isEqualTo(journey.status());
        assertThat(refused.text()).contains("Purpose: is required.").contains("Case number: is required.")
                .doesNotContain("data-read-id=\"" + old + "\"");
        var badCase = browser.get("/plates/" + plate + "?from=" + from + "&purpose=stolen-vehicle&case=nope");
        assertThat(badCase.status()).isEqualTo(400);
        assertThat(badCase.text()).contains("Case number:").doesNotContain("data-read-id=\"" + old + "\"");
        assertThat(audits(plate)).isZero();
    }

    @Test
    void aMalformedPlateIsA400PageAndRolesWithoutReadsAreRefused() {
        var bad = browser.get("/plates/NOTAPLATEBUTFARTOOLONG123");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("text/html");
        assertThat(bad.text()).contains("The plate text is not valid");

        for (String role : List.of("ADMIN", "AUDITOR")) {
            Person person = person(role);
            BrowserSession other = new BrowserSession(client());
            other.login(person.username(), TestClient.PASSWORD);
            assertThat(other.get("/plates/" + uniquePlate()).status()).as(role).isEqualTo(403);
        }
    }

    @Test
    void theReadAndSearchResultsLinkToThePlatesPage() {
        String plate = uniquePlate();
        long id = read(atA, plate, 1);
        assertThat(browser.get("/reads/" + id).text()).contains("href=\"/plates/" + plate + "\"");
        var results = browser.get("/search?plate=" + plate + InvestigationParams.QUERY);
        assertThat(results.text()).contains("/plates/" + plate + "?purpose=stolen-vehicle&amp;case="
                + InvestigationParams.CASE);
    }

    private long audits(String plate) {
        return jdbc.sql("select count(*) from audit_event where action = 'journeys.view' and target = ?")
                .param("plate:" + plate).query(Long.class).single();
    }
}
