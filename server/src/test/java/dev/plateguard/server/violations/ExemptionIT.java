package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;

/** The exemption list: exempt plates get no violation from any rule, expired or withdrawn ones do. */
class ExemptionIT extends ViolationSupport {

    long exempt(String plate, String kind, OffsetDateTime from, OffsetDateTime until) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("country", "UZ");
        body.put("plate", plate);
        body.put("kind", kind);
        body.put("validFrom", at(from));
        if (until != null) {
            body.put("validUntil", at(until));
        }
        body.put("note", "Ambulance, city hospital 1");
        var r = client().postJson("/api/v1/exemptions", admin().token(), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    long skips(long exemptionId) {
        return jdbc.sql("select count(*) from exemption_skip where exemption_id = ?").param(exemptionId).query(Long.class).single();
    }

    @Test
    void anActiveExemptionSuppressesEveryRuleAndAnExpiredOneDoesNot() {
        long siteId = site();
        var speed = camera(siteId, "speed", 60);
        var exit = camera(siteId, "anpr", null);
        var r = client().postJson("/api/v1/sections", admin().token(), Map.of("fromCameraId", speed.cameraId(),
                "toCameraId", exit.cameraId(), "distanceMetres", 6500, "limitKmh", 60, "name", TestClient.unique("S")));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long sectionId = r.json().get("id").asLong();

        String ambulance = uniquePlate(), expired = uniquePlate(), withdrawn = uniquePlate();
        long active = exempt(ambulance, "emergency", minutesAgo(60 * 24), null);
        long old = exempt(expired, "service", minutesAgo(60 * 48), minutesAgo(60 * 24));
        long gone = exempt(withdrawn, "diplomatic", minutesAgo(60 * 24), minutesAgo(-60 * 24));
        var delete = client().delete("/api/v1/exemptions/" + gone, admin().token());
        assertThat(delete.status()).isEqualTo(204);

        OffsetDateTime t0 = minutesAgo(30);
        for (String plate : List.of(ambulance, expired, withdrawn)) {
            speeding(speed, plate, t0, 110); // spot speed at the entry camera...
            speeding(exit, plate, t0.plusSeconds(120), 110); // ...and 195 km/h average over the section
        }
        detect();

        List<JsonNode> found = violations(siteId);
        assertThat(found.stream().filter(v -> v.get("plate").asString().equals(ambulance))).isEmpty();
        for (String plate : List.of(expired, withdrawn)) {
            assertThat(found.stream().filter(v -> v.get("plate").asString().equals(plate)).map(v -> v.get("rule").asString()))
                    .as(plate).containsExactlyInAnyOrder("spot_speed", "average_speed");
        }
        assertThat(jdbc.sql("select rule from exemption_skip where exemption_id = ? order by rule").param(active)
                .query(String.class).list()).containsExactly("average_speed/" + sectionId, "spot_speed");
        assertThat(skips(old)).isZero();
        assertThat(skips(gone)).isZero();

        var list = client().get("/api/v1/exemptions?plate=" + ambulance, admin().token());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items")).hasSize(1);
        assertThat(list.json().get("items").get(0).get("skipped").asLong()).isEqualTo(2);
        assertThat(list.json().get("items").get(0).get("kind").asString()).isEqualTo("emergency");
        var all = client().get("/api/v1/exemptions", admin().token());
        List<Long> ids = new java.util.ArrayList<>();
        all.json().get("items").forEach(e -> ids.add(e.get("id").asLong()));
        assertThat(ids).contains(active, old).doesNotContain(gone);

        detect(); // evaluated again: still nothing, and the skip is recorded once
        assertThat(skips(active)).isEqualTo(2);
    }

    @Test
    void exemptionValidationRolesAndAudit() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("country", "Uzbekistan");
        bad.put("plate", "!!");
        bad.put("kind", "vip");
        bad.put("validFrom", "yesterday");
        bad.put("note", "<b>");
        var r = client().postJson("/api/v1/exemptions", admin().token(), bad);
        assertThat(r.status()).isEqualTo(400);
        assertThat(SectionIT.fields(r)).containsExactlyInAnyOrder("country", "plate", "kind", "validFrom", "note");

        var backwards = client().postJson("/api/v1/exemptions", admin().token(), Map.of("country", "UZ", "plate", uniquePlate(),
                "kind", "service", "validFrom", "2026-02-01T00:00:00+05:00", "validUntil", "2026-01-01T00:00:00+05:00"));
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(SectionIT.fields(backwards)).containsExactly("validUntil");

        var unknown = client().postJson("/api/v1/exemptions", admin().token(), Map.of("country", "UZ", "plate", uniquePlate(),
                "kind", "service", "validFrom", "2026-02-01T00:00:00+05:00", "owner", "x"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(SectionIT.fields(unknown)).containsExactly("owner");

        Map<String, Object> good = Map.of("country", "UZ", "plate", "01 a 123 bc", "kind", "service",
                "validFrom", "2026-01-01T00:00:00+05:00");
        String supervisor = client().userToken(admin(), "SUPERVISOR");
        assertThat(client().postJson("/api/v1/exemptions", operator(), good).status()).isEqualTo(403);
        assertThat(client().postJson("/api/v1/exemptions", supervisor, good).status()).isEqualTo(403);
        assertThat(client().get("/api/v1/exemptions", operator()).status()).isEqualTo(403);
        var created = client().postJson("/api/v1/exemptions", admin().token(), good);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("plate").asString()).isEqualTo("01A123BC");
        assertThat(created.json().get("validUntil").isNull()).isTrue();
        assertThat(client().delete("/api/v1/exemptions/" + id, operator()).status()).isEqualTo(403);
        assertThat(client().delete("/api/v1/exemptions/" + id, admin().token()).status()).isEqualTo(204);
        assertThat(client().delete("/api/v1/exemptions/" + id, admin().token()).status()).isEqualTo(404);

        assertThat(audits("exemption.create", "exemption:" + id, "success")).isEqualTo(1);
        assertThat(audits("exemption.delete", "exemption:" + id, "success")).isEqualTo(1);
        assertThat(audits("exemption.delete", "exemption:" + id, "failure")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'exemption.create' and outcome = 'failure'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    long audits(String action, String target, String outcome) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target = ? and outcome = ?")
                .params(action, target, outcome).query(Long.class).single();
    }
}
