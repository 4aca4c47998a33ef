package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;


/** The versioned rule catalogue: seeded by the migration, read by supervisors, published by admins. */
class CatalogueIT extends ViolationSupport {

    private static final String PATH = "/api/v1/violations/catalogue";

    /** The current catalogue as a publishable body (without the version's own metadata). */
    private ObjectNode form() {
        ObjectNode body = (ObjectNode) client().get(PATH, admin().token()).json();
        body.remove(List.of("version", "publishedAt", "publishedBy"));
        return body;
    }

    @Test
    void theSeedIsTheLawAsDocumented() {
        String supervisor = client().userToken(admin(), "SUPERVISOR");
        var r = client().get(PATH, supervisor);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode c = r.json();
        // Other tests publish newer versions; version 1 is the seed, and it never changes.
        var stored = new CatalogueStore(jdbc, null).version(1).orElseThrow();
        assertThat(stored.toleranceKmh()).isEqualByComparingTo("5");
        assertThat(stored.brv()).extracting(Catalogue.Brv::amountSom)
                .containsExactly(270_000L, 300_000L, 330_000L, 340_000L, 375_000L, 412_000L);
        assertThat(stored.offence("red_light").orElseThrow().repeatFineBrv()).isEqualByComparingTo("5");
        assertThat(stored.offence("seatbelt").orElseThrow().fineBrv()).isEqualByComparingTo("0.5");
        assertThat(stored.speedTiers()).extracting(Catalogue.SpeedTier::fineBrv)
                .usingElementComparator(java.math.BigDecimal::compareTo)
                .containsExactly(new java.math.BigDecimal("1"), new java.math.BigDecimal("5"), new java.math.BigDecimal("9"),
                        new java.math.BigDecimal("15"));
        assertThat(stored.speedTiers()).extracting(t -> t.upToKmhOver() == null ? null : t.upToKmhOver().intValue())
                .containsExactly(20, 40, 60, null);
        assertThat(stored.redLightGraceSeconds()).isEqualByComparingTo("1");
        assertThat(stored.occupantConfidenceThreshold()).isEqualByComparingTo("0.8");
        assertThat(c.get("version").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(c.get("brv").get(c.get("brv").size() - 1).get("amountSom").asLong()).isEqualTo(412_000);
        assertThat(c.get("toleranceKmh").decimalValue()).isEqualByComparingTo("5");
        assertThatThrownBy(() -> jdbc.sql("update catalogue_offence set fine_brv = 1 where version = 1").update())
                .rootCause().hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.sql("delete from rule_catalogue where version = 1").update())
                .rootCause().hasMessageContaining("immutable");
    }

    @Test
    void onlyAdminsPublishAndSupervisorsAndAdminsRead() {
        assertThat(client().get(PATH, operator()).status()).isEqualTo(403);
        assertThat(client().get(PATH, client().userToken(admin(), "AUDITOR")).status()).isEqualTo(403);
        assertThat(client().get(PATH, null).status()).isEqualTo(401);
        String supervisor = client().userToken(admin(), "SUPERVISOR");
        assertThat(client().postJson(PATH, supervisor, form()).status()).isEqualTo(403);
        assertThat(client().postJson(PATH, operator(), form()).status()).isEqualTo(403);
    }

    @Test
    void invalidCataloguesAreRefusedNamingEachField() {
        int before = currentVersion();
        ObjectNode bad = form();
        bad.put("toleranceKmh", -1);
        ((ObjectNode) bad.get("brv").get(1)).put("amountSom", 0);
        ((ObjectNode) bad.get("speedTiers").get(1)).put("upToKmhOver", 10);
        var r = client().postJson(PATH, admin().token(), bad);
        JsonNode problem = assertProblem(r, 400);
        assertThat(fields(problem)).containsExactly("toleranceKmh", "brv[1].amountSom", "speedTiers[1].upToKmhOver");
        ObjectNode unknown = form();
        unknown.put("colour", "red");
        assertThat(client().postJson(PATH, admin().token(), unknown).status()).isEqualTo(400);
        assertThat(currentVersion()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'violations.catalogue.publish' and outcome = 'failure'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aNewVersionAppliesToNewViolationsAndOldOnesKeepTheirs() {
        ObjectNode original = form();
        long site = site();
        var cam = camera(site, "speed", 60);
        String before = uniquePlate(), after = uniquePlate();
        speeding(cam, before, minutesAgo(10), 70);
        detect();
        int oldVersion = currentVersion();
        JsonNode old = forPlate(violations(site), before);
        assertThat(old.get("catalogueVersion").asInt()).isEqualTo(oldVersion);

        ObjectNode changed = form();
        changed.put("note", "Tier 1 raised for a test");
        ((ObjectNode) changed.get("speedTiers").get(0)).put("fineBrv", 1.5);
        var published = client().postJson(PATH, admin().token(), changed);
        try {
            assertThat(published.status()).as(published.toString()).isEqualTo(201);
            int newVersion = published.json().get("version").asInt();
            assertThat(newVersion).isEqualTo(oldVersion + 1);
            assertThat(published.json().get("publishedBy").asString()).isEqualTo("admin");
            assertThat(client().get(PATH, admin().token()).json().get("version").asInt()).isEqualTo(newVersion);
            assertThat(jdbc.sql("select count(*) from audit_event where action = 'violations.catalogue.publish' "
                    + "and outcome = 'success' and target = ?").param("catalogue:" + newVersion)
                    .query(Long.class).single()).isEqualTo(1);

            speeding(cam, after, minutesAgo(9), 70);
            detect();
            List<JsonNode> found = violations(site);
            JsonNode fresh = forPlate(found, after);
            assertThat(fresh.get("catalogueVersion").asInt()).isEqualTo(newVersion);
            assertThat(fresh.get("fineBrv").decimalValue()).isEqualByComparingTo("1.5");
            assertThat(som(fresh)).isEqualTo(618_000);
            JsonNode kept = forPlate(found, before);
            assertThat(kept.get("catalogueVersion").asInt()).isEqualTo(oldVersion);
            assertThat(kept.get("fineBrv").decimalValue()).isEqualByComparingTo("1");
            assertThat(som(kept)).isEqualTo(412_000);
        } finally {
            // Later tests expect the seeded amounts: publish them again as the newest version.
            var restored = client().postJson(PATH, admin().token(), original);
            assertThat(restored.status()).as(restored.toString()).isEqualTo(201);
        }
        assertThat(client().get(PATH, admin().token()).json().get("speedTiers").get(0).get("fineBrv").decimalValue())
                .isEqualByComparingTo("1");
    }

    @Test
    void violationsApiIsForOperatorsAndSupervisorsAndAudited() {
        long site = site();
        speeding(camera(site, "speed", 60), uniquePlate(), minutesAgo(4), 100);
        detect();
        long id = violations(site).getFirst().get("id").asLong();
        String supervisor = client().userToken(admin(), "SUPERVISOR");
        assertThat(client().get("/api/v1/violations/" + id, supervisor).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/violations/" + id, admin().token()).status()).isEqualTo(403);
        assertThat(client().get("/api/v1/violations", client().userToken(admin(), "INVESTIGATOR")).status()).isEqualTo(403);
        assertThat(client().get("/api/v1/violations", client().userToken(admin(), "AUDITOR")).status()).isEqualTo(403);
        assertThat(client().get("/api/v1/violations", null).status()).isEqualTo(401);
        assertThat(client().get("/api/v1/violations/" + Long.MAX_VALUE, operator()).status()).isEqualTo(404);
        assertThat(fields(assertProblem(client().get("/api/v1/violations?state=parked", operator()), 400))).containsExactly("state");
        assertThat(fields(assertProblem(client().get("/api/v1/violations?limit=0", operator()), 400))).containsExactly("limit");

        assertThat(jdbc.sql("select count(*) from audit_event where action = 'violations.view' and target = ? and outcome = 'success'")
                .param("violation:" + id).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'violations.search' and target = ?")
                .param("site:" + site).query(Long.class).single()).isGreaterThanOrEqualTo(1);

        // Cursor: after the first page's last id comes the next, nothing repeated.
        var page1 = client().get("/api/v1/violations?limit=1&site=" + site, operator()).json();
        assertThat(page1.get("next").asLong()).isEqualTo(id);
        var page2 = client().get("/api/v1/violations?limit=1&site=" + site + "&after=" + id, operator()).json();
        assertThat(page2.get("items")).isEmpty();
        assertThat(page2.get("next").isNull()).isTrue();
    }

}
