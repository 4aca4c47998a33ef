package dev.plateguard.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.violations.ViolationSupport;

/** The published API names: violation claim/decision, filters and cursor, rules catalogue, notice .pdf. */
class PublishedApiIT extends ViolationSupport {

    private long speedingViolation(long site, String plate) {
        var camera = camera(site, "speed", 60);
        speeding(camera, plate, minutesAgo(2), 90.0);
        detect();
        return forPlate(violations(site), plate).get("id").asLong();
    }

    @Test
    void claimAndDecideUnderTheViolationResource() {
        long site = site();
        String operator = operator();
        long confirmId = speedingViolation(site, uniquePlate());
        long rejectId = speedingViolation(site, uniquePlate());

        assertThat(client().postJson("/api/v1/violations/" + confirmId + "/decision", operator,
                Map.of("decision", "CONFIRM")).status()).as("decision without a claim").isEqualTo(409);
        assertThat(client().post("/api/v1/violations/" + confirmId + "/claim", operator, null, new byte[0]).status()).isEqualTo(200);
        var bad = client().postJson("/api/v1/violations/" + confirmId + "/decision", operator, Map.of("decision", "MAYBE"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("decision");
        var confirmed = client().postJson("/api/v1/violations/" + confirmId + "/decision", operator,
                Map.of("decision", "CONFIRM", "correctedPlate", "01 A 777 AA"));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("correction").get("correctedPlate").asString()).isEqualTo("01A777AA");
        String state = jdbc.sql("select state from violation where id = ?").param(confirmId).query(String.class).single();
        assertThat(state).isIn("confirmed", "notice_issued");

        assertThat(client().post("/api/v1/violations/" + rejectId + "/claim", operator, null, new byte[0]).status()).isEqualTo(200);
        var noReason = client().postJson("/api/v1/violations/" + rejectId + "/decision", operator, Map.of("decision", "REJECT"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.text()).contains("reasonCode");
        var rejected = client().postJson("/api/v1/violations/" + rejectId + "/decision", operator,
                Map.of("decision", "REJECT", "reasonCode", "PLATE_UNREADABLE"));
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(jdbc.sql("select state from violation where id = ?").param(rejectId).query(String.class).single())
                .isEqualTo("rejected");
        assertThat(client().post("/api/v1/violations/" + rejectId + "/claim", client().userToken(admin(), "AUDITOR"),
                null, new byte[0]).status()).isEqualTo(403);
    }

    @Test
    void violationListFiltersByStatusTypeAndTimeWithACursor() {
        long site = site();
        long first = speedingViolation(site, uniquePlate());
        long second = speedingViolation(site, uniquePlate());
        String operator = operator();
        JsonNode page = client().get("/api/v1/violations?site=" + site + "&type=speeding&status=detected&limit=1&from="
                + minutesAgo(30).toString().replace("+", "%2B"), operator).json();
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("id").asLong()).isEqualTo(first);
        JsonNode next = client().get("/api/v1/violations?site=" + site + "&limit=1&cursor=" + page.get("nextCursor").asString(),
                operator).json();
        assertThat(next.get("items").get(0).get("id").asLong()).isEqualTo(second);
        assertThat(client().get("/api/v1/violations?site=" + site + "&type=red_light", operator).json().get("items")).isEmpty();
        assertThat(client().get("/api/v1/violations?status=bogus", operator).status()).isEqualTo(400);
        assertThat(client().get("/api/v1/violations?cursor=abc", operator).status()).isEqualTo(400);
        assertThat(client().get("/api/v1/violations?from=yesterday", operator).status()).isEqualTo(400);
    }

    @Test
    void rulesCatalogueIsReadBySupervisorsAndReplacedByAdmins() {
        String supervisor = client().userToken(admin(), "SUPERVISOR");
        var current = client().get("/api/v1/rules/catalogue", supervisor);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().get("version").asInt()).isPositive();
        assertThat(client().get("/api/v1/rules/catalogue", operator()).status()).isEqualTo(403);
        var invalid = client().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client().base() + "/api/v1/rules/catalogue"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"toleranceKmh\": -3}"))
                .header("Content-Type", "application/json"), admin().token(), Map.of());
        assertThat(invalid.status()).isEqualTo(400);
        var bySupervisor = client().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client().base() + "/api/v1/rules/catalogue"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json"), supervisor, Map.of());
        assertThat(bySupervisor.status()).isEqualTo(403);
    }
}
