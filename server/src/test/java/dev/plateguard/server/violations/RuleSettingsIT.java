package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;

/**
 * Per-site and per-camera rule settings through the real API, and what detection makes of them: rules switched off
 * at one camera, camera over site, red-light grace, bus lanes with schedules; validation, roles and audit.
 */
class RuleSettingsIT extends ViolationSupport {

    static final String SETTINGS = "/api/v1/rules/settings/";
    /** A Monday morning in Tashkent. */
    static final OffsetDateTime MONDAY_8 = OffsetDateTime.parse("2026-03-09T08:00:00+05:00");

    private String supervisor;

    String supervisor() {
        if (supervisor == null) {
            supervisor = client().userToken(admin(), "SUPERVISOR");
        }
        return supervisor;
    }

    TestClient.Response put(String path, String token, Object body) {
        return putRaw(path, token, "application/json", TestClient.JSON.writeValueAsBytes(body));
    }

    TestClient.Response putRaw(String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(client().base() + path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client().send(b, token, Map.of());
    }

    JsonNode putOk(String path, Object body) {
        var r = put(path, supervisor(), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static Map<String, Object> busLane(int lane, String from, String to, List<String> days) {
        Map<String, Object> window = new LinkedHashMap<>();
        if (days != null) {
            window.put("days", days);
        }
        window.put("from", from);
        window.put("to", to);
        return Map.of("lane", lane, "schedule", List.of(window));
    }

    long inLane(TestClient.Device device, String plate, OffsetDateTime at, Integer lane, String type) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (lane != null) {
            extra.put("lane", lane);
        }
        if (type != null) {
            extra.put("vehicle", Map.of("type", type));
        }
        return post(device, metadata(plate, at, extra), 1, false);
    }

    List<String> plates(long siteId) {
        return violations(siteId).stream().map(v -> v.get("plate").asString()).toList();
    }

    long audits(String action, String target, String outcome) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target = ? and outcome = ?")
                .params(action, target, outcome).query(Long.class).single();
    }

    @Test
    void aRuleSwitchedOffAtOneCameraStillFiresAtAnother() {
        long siteId = site();
        var off = camera(siteId, "speed", 60);
        var on = camera(siteId, "speed", 60);
        JsonNode stored = putOk(SETTINGS + "cameras/" + off.cameraId(), Map.of("disabledRules", List.of("spot_speed"),
                "note", "Radar under recalibration"));
        assertThat(stored.get("version").asInt()).isEqualTo(1);
        assertThat(stored.get("updatedBy").asString()).isNotBlank();
        assertThat(stored.get("note").asString()).isEqualTo("Radar under recalibration");

        String atOff = uniquePlate(), atOn = uniquePlate();
        speeding(off, atOff, minutesAgo(5), 110);
        speeding(on, atOn, minutesAgo(5), 110);
        detect();
        assertThat(plates(siteId)).containsExactly(atOn);

        var effective = client().get(SETTINGS + "cameras/" + off.cameraId() + "/effective", operator());
        assertThat(effective.status()).as(effective.toString()).isEqualTo(200);
        assertThat(effective.json().get("disabledRules").get(0).asString()).isEqualTo("spot_speed");
        List<String> enabled = new ArrayList<>();
        effective.json().get("enabledRules").forEach(n -> enabled.add(n.asString()));
        assertThat(enabled).contains("red_light", "bus_lane", "seatbelt", "phone_use").doesNotContain("spot_speed");
        assertThat(effective.json().get("sources").get("disabledRules").asString())
                .isEqualTo("camera " + off.cameraId() + " v1");
        assertThat(effective.json().get("sources").get("redLightGraceSeconds").asString()).startsWith("catalogue ");
        assertThat(effective.json().get("redLightGraceSeconds").decimalValue()).isEqualByComparingTo("1");
    }

    @Test
    void cameraOverridesSiteAndGraceOverridesChangeTheOutcome() {
        long siteId = site();
        var inherits = camera(siteId, "speed", 60);
        var overrides = camera(siteId, "speed", 60);
        var redInherits = camera(siteId, "red_light", null);
        var redOverrides = camera(siteId, "red_light", null);
        putOk(SETTINGS + "sites/" + siteId, Map.of("disabledRules", List.of("spot_speed"), "redLightGraceSeconds", 5));
        putOk(SETTINGS + "cameras/" + overrides.cameraId(), Map.of("disabledRules", List.of()));
        putOk(SETTINGS + "cameras/" + redOverrides.cameraId(), Map.of("redLightGraceSeconds", 0.5));
        // Another site without settings keeps the catalogue's 1 s.
        long plainSite = site();
        var plainRed = camera(plainSite, "red_light", null);

        String a = uniquePlate(), b = uniquePlate(), red3Site = uniquePlate(), red08Camera = uniquePlate(),
                red3Plain = uniquePlate(), red08Plain = uniquePlate();
        speeding(inherits, a, minutesAgo(9), 110);
        speeding(overrides, b, minutesAgo(9), 110);
        redLight(redInherits, red3Site, minutesAgo(8), Duration.ofSeconds(3), 2, false);
        redLight(redOverrides, red08Camera, minutesAgo(8), Duration.ofMillis(800), 2, false);
        redLight(plainRed, red3Plain, minutesAgo(8), Duration.ofSeconds(3), 2, false);
        redLight(plainRed, red08Plain, minutesAgo(7), Duration.ofMillis(800), 2, false);
        detect();

        List<JsonNode> found = violations(siteId);
        assertThat(found).extracting(v -> v.get("plate").asString()).containsExactlyInAnyOrder(b, red08Camera);
        JsonNode red = forPlate(found, red08Camera);
        assertThat(red.get("measured").get("graceSeconds").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(red.get("measured").get("ruleSettings").asString()).isEqualTo("camera " + redOverrides.cameraId() + " v1");
        List<JsonNode> plain = violations(plainSite);
        assertThat(plain).extracting(v -> v.get("plate").asString()).containsExactly(red3Plain);
        assertThat(plain.getFirst().get("measured").get("graceSeconds").decimalValue()).isEqualByComparingTo("1");
        assertThat(plain.getFirst().get("measured").has("ruleSettings")).isFalse();

        var effective = client().get(SETTINGS + "cameras/" + redInherits.cameraId() + "/effective", supervisor()).json();
        assertThat(effective.get("redLightGraceSeconds").decimalValue()).isEqualByComparingTo("5");
        assertThat(effective.get("sources").get("redLightGraceSeconds").asString()).isEqualTo("site " + siteId + " v1");
        assertThat(effective.get("siteVersion").asInt()).isEqualTo(1);
        assertThat(effective.get("cameraVersion").isNull()).isTrue();

        // Back to inherited: the camera's own settings go, the site's apply again (detection sees it at once).
        assertThat(client().delete(SETTINGS + "cameras/" + overrides.cameraId(), supervisor()).status()).isEqualTo(204);
        var after = client().get(SETTINGS + "cameras/" + overrides.cameraId(), operator());
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("version").isNull()).isTrue();
        assertThat(after.json().get("disabledRules").isNull()).isTrue();
        String later = uniquePlate();
        speeding(overrides, later, minutesAgo(3), 110);
        detect();
        assertThat(plates(siteId)).doesNotContain(later);

        var history = client().get(SETTINGS + "cameras/" + overrides.cameraId() + "/history", supervisor());
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().get("items")).hasSize(2);
        assertThat(history.json().get("items").get(0).get("action").asString()).isEqualTo("delete");
        assertThat(history.json().get("items").get(0).get("version").asInt()).isEqualTo(2);
        assertThat(history.json().get("items").get(1).get("settings").get("disabledRules")).isEmpty();
        // The history is append-only.
        assertThatThrownBy(() -> jdbc.sql("update rule_settings_history set changed_by = 'x' where camera_id = ?")
                .param(overrides.cameraId()).update()).hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from rule_settings_history where camera_id = ?")
                .param(overrides.cameraId()).update()).hasStackTraceContaining("append-only");
    }

    @Test
    void averageSpeedSwitchedOffAtACameraPairsNothingThere() {
        long siteId = site();
        var entry = camera(siteId, "anpr", null);
        var exitOff = camera(siteId, "anpr", null);
        var exitOn = camera(siteId, "anpr", null);
        for (var exit : List.of(exitOff, exitOn)) {
            var r = client().postJson("/api/v1/sections", admin().token(), Map.of("fromCameraId", entry.cameraId(),
                    "toCameraId", exit.cameraId(), "distanceMetres", 6500, "limitKmh", 60, "name", TestClient.unique("S")));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        putOk(SETTINGS + "cameras/" + exitOff.cameraId(), Map.of("disabledRules", List.of("average_speed")));

        String viaOff = uniquePlate(), viaOn = uniquePlate();
        OffsetDateTime t0 = minutesAgo(30);
        for (String plate : List.of(viaOff, viaOn)) {
            post(entry, metadata(plate, t0, Map.of()), 1, false);
        }
        post(exitOff, metadata(viaOff, t0.plusSeconds(120), Map.of()), 1, false); // 195 km/h average
        post(exitOn, metadata(viaOn, t0.plusSeconds(120), Map.of()), 1, false);
        detect();

        List<JsonNode> found = violations(siteId);
        assertThat(found).extracting(v -> v.get("plate").asString()).containsExactly(viaOn);
        assertThat(found.getFirst().get("rule").asString()).isEqualTo("average_speed");
    }

    @Test
    void aCarInTheBusLaneDuringTheScheduleIsAViolationOtherwiseNot() {
        long siteId = site();
        var cam = camera(siteId, "anpr", null);
        JsonNode stored = putOk(SETTINGS + "cameras/" + cam.cameraId(), Map.of("busLanes",
                List.of(busLane(1, "07:00", "10:00", List.of("mon", "tue", "wed", "thu", "fri")))));
        assertThat(stored.get("busLanes").get(0).get("allowedVehicleTypes").get(0).asString()).isEqualTo("bus");

        String car = uniquePlate(), atTo = uniquePlate(), otherLane = uniquePlate(), bus = uniquePlate(),
                saturday = uniquePlate(), noLane = uniquePlate(), unknownType = uniquePlate(), ambulance = uniquePlate();
        var exemption = client().postJson("/api/v1/exemptions", admin().token(), Map.of("country", "UZ", "plate", ambulance,
                "kind", "emergency", "validFrom", "2026-01-01T00:00:00+05:00"));
        assertThat(exemption.status()).as(exemption.toString()).isEqualTo(201);
        long exemptionId = exemption.json().get("id").asLong();

        long carRead = inLane(cam, car, MONDAY_8, 1, "car");
        inLane(cam, atTo, MONDAY_8.withHour(10), 1, "car");
        inLane(cam, otherLane, MONDAY_8, 2, "car");
        inLane(cam, bus, MONDAY_8, 1, "bus");
        inLane(cam, saturday, MONDAY_8.plusDays(5), 1, "car");
        inLane(cam, noLane, MONDAY_8, null, "car");
        inLane(cam, unknownType, MONDAY_8.withHour(7), 1, null);
        long ambulanceRead = inLane(cam, ambulance, MONDAY_8.plusMinutes(30), 1, "car");
        detect();

        List<JsonNode> found = violations(siteId);
        assertThat(found).extracting(v -> v.get("plate").asString()).containsExactlyInAnyOrder(car, unknownType);
        JsonNode v = forPlate(found, car);
        assertThat(v.get("readId").asLong()).isEqualTo(carRead);
        assertThat(v.get("offenceType").asString()).isEqualTo("bus_lane");
        assertThat(v.get("rule").asString()).isEqualTo("bus_lane");
        assertThat(v.get("article").asString()).isEqualTo("128");
        assertThat(v.get("fineBrv").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(v.get("state").asString()).isEqualTo("detected");
        assertThat(som(v)).isEqualTo(206_000);
        JsonNode measured = v.get("measured");
        assertThat(measured.get("lane").asInt()).isEqualTo(1);
        assertThat(measured.get("window").asString()).isEqualTo("mon,tue,wed,thu,fri 07:00-10:00");
        assertThat(measured.get("vehicleType").asString()).isEqualTo("car");
        assertThat(measured.get("localTime").asString()).isEqualTo("2026-03-09T08:00:00+05:00");
        assertThat(measured.get("ruleSettings").asString()).isEqualTo("camera " + cam.cameraId() + " v1");
        assertThat(forPlate(found, unknownType).get("measured").get("vehicleType").asString()).isEqualTo("unknown");

        assertThat(jdbc.sql("select rule from exemption_skip where exemption_id = ? and read_id = ?")
                .params(exemptionId, ambulanceRead).query(String.class).list()).containsExactly("bus_lane");
    }

    @Test
    void busLanesOfTheSiteApplyToItsCamerasAndCanBeSwitchedOff() {
        long siteId = site();
        var first = camera(siteId, "anpr", null);
        var second = camera(siteId, "anpr", null);
        // Every day, 22:00 to 06:00 next morning; taxis allowed too.
        putOk(SETTINGS + "sites/" + siteId, Map.of("busLanes", List.of(Map.of("lane", 2, "allowedVehicleTypes",
                List.of("bus", "Taxi"), "schedule", List.of(Map.of("from", "22:00", "to", "06:00"))))));
        putOk(SETTINGS + "cameras/" + second.cameraId(), Map.of("disabledRules", List.of("bus_lane")));

        String night = uniquePlate(), taxi = uniquePlate(), morning = uniquePlate(), atSecond = uniquePlate();
        inLane(first, night, MONDAY_8.withHour(23), 2, "car");
        inLane(first, taxi, MONDAY_8.withHour(23).plusMinutes(5), 2, "taxi");
        inLane(first, morning, MONDAY_8.withHour(6), 2, "car");
        inLane(second, atSecond, MONDAY_8.withHour(23), 2, "car");
        detect();

        List<JsonNode> found = violations(siteId);
        assertThat(found).extracting(v -> v.get("plate").asString()).containsExactly(night);
        assertThat(found.getFirst().get("measured").get("window").asString()).isEqualTo("daily 22:00-06:00");
        assertThat(found.getFirst().get("measured").get("ruleSettings").asString()).isEqualTo("site " + siteId + " v1");
    }

    @Test
    void invalidSettingsAreRefusedNamingEachField() {
        long siteId = site();
        var cam = camera(siteId, "anpr", null);
        String path = SETTINGS + "cameras/" + cam.cameraId();
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("disabledRules", List.of("spot_speed", "speeding", "spot_speed"));
        bad.put("redLightGraceSeconds", 61);
        bad.put("occupantConfidenceThreshold", 0);
        List<Object> lanes = new ArrayList<>();
        lanes.add(Map.of("lane", 17));
        lanes.add(Map.of("lane", 2, "schedule", List.of(Map.of("days", List.of("mon", "someday"), "from", "7:00", "to", "25:00"))));
        lanes.add(Map.of("lane", 2, "allowedVehicleTypes", List.of("bus", "")));
        lanes.add(Map.of("lane", 3, "allowedVehicleTypes", List.of()));
        bad.put("busLanes", lanes);
        bad.put("note", "<script>");
        var r = put(path, supervisor(), bad);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(SectionIT.fields(r)).containsExactly("disabledRules[1]", "disabledRules[2]", "redLightGraceSeconds",
                "occupantConfidenceThreshold", "busLanes[0].lane", "busLanes[1].schedule[0].days[1]",
                "busLanes[1].schedule[0].from", "busLanes[1].schedule[0].to", "busLanes[2].lane",
                "busLanes[2].allowedVehicleTypes[1]", "busLanes[3].allowedVehicleTypes", "note");

        assertThat(SectionIT.fields(put(path, supervisor(), Map.of("occupantConfidenceThreshold", 1.5))))
                .containsExactly("occupantConfidenceThreshold");
        assertThat(SectionIT.fields(put(path, supervisor(), Map.of("redLightGraceSeconds", -1))))
                .containsExactly("redLightGraceSeconds");
        assertThat(SectionIT.fields(put(path, supervisor(), Map.of("busLanes", List.of(Map.of("lane", 0))))))
                .containsExactly("busLanes[0].lane");
        assertThat(SectionIT.fields(put(path, supervisor(), Map.of("busLanes", List.of(busLane(1, "08:00", "08:00", null))))))
                .containsExactly("busLanes[0].schedule[0].to");
        assertThat(SectionIT.fields(put(path, supervisor(), Map.of("busLanes", List.of(busLane(1, "08:00", "09:00", List.of()))))))
                .containsExactly("busLanes[0].schedule[0].days");
        // Strict JSON: unknown fields, wrong types, duplicate keys, no body, wrong media type, too large.
        var unknown = put(path, supervisor(), Map.of("disabledRules", List.of(), "speedLimit", 50));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(SectionIT.fields(unknown)).containsExactly("speedLimit");
        var nested = put(path, supervisor(), Map.of("busLanes", List.of(Map.of("lane", 1, "colour", "red"))));
        assertThat(SectionIT.fields(nested)).containsExactly("busLanes[0].colour");
        var wrongType = put(path, supervisor(), Map.of("busLanes", List.of(Map.of("lane", "1"))));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(SectionIT.fields(wrongType)).containsExactly("busLanes[0].lane");
        var fraction = put(path, supervisor(), Map.of("busLanes", List.of(Map.of("lane", 1.5))));
        assertThat(SectionIT.fields(fraction)).containsExactly("busLanes[0].lane");
        var grace = putRaw(path, supervisor(), "application/json", "{\"redLightGraceSeconds\":\"2\"}".getBytes());
        assertThat(SectionIT.fields(grace)).containsExactly("redLightGraceSeconds");
        assertThat(putRaw(path, supervisor(), "application/json",
                "{\"note\":\"a\",\"note\":\"b\"}".getBytes()).status()).isEqualTo(400);
        assertThat(putRaw(path, supervisor(), "application/json", "{".getBytes()).status()).isEqualTo(400);
        assertThat(putRaw(path, supervisor(), "application/json", new byte[0]).status()).isEqualTo(400);
        assertThat(putRaw(path, supervisor(), "application/json", "null".getBytes()).status()).isEqualTo(400);
        assertThat(putRaw(path, supervisor(), "text/plain", "{}".getBytes()).status()).isEqualTo(415);
        assertThat(putRaw(path, supervisor(), null, "{}".getBytes()).status()).isEqualTo(415);
        byte[] huge = ("{\"note\":\"" + "a".repeat(RuleSettingsController.MAX_JSON_BYTES) + "\"}").getBytes();
        assertThat(putRaw(path, supervisor(), "application/json", huge).status()).isEqualTo(413);

        // Nothing was stored by any of them.
        assertThat(client().get(path, supervisor()).json().get("version").isNull()).isTrue();
        assertThat(audits("rules.settings.put", "camera:" + cam.cameraId(), "failure")).isGreaterThanOrEqualTo(15);
        assertThat(audits("rules.settings.put", "camera:" + cam.cameraId(), "success")).isZero();
    }

    @Test
    void unknownSitesAndCamerasAre404() {
        long missing = 9_000_000_000L;
        for (String scope : List.of("sites/", "cameras/")) {
            assertThat(client().get(SETTINGS + scope + missing, supervisor()).status()).isEqualTo(404);
            assertThat(put(SETTINGS + scope + missing, supervisor(), Map.of()).status()).isEqualTo(404);
            assertThat(client().delete(SETTINGS + scope + missing, supervisor()).status()).isEqualTo(404);
            assertThat(client().get(SETTINGS + scope + missing + "/history", supervisor()).status()).isEqualTo(404);
        }
        assertThat(client().get(SETTINGS + "cameras/" + missing + "/effective", supervisor()).status()).isEqualTo(404);
        assertThat(client().get(SETTINGS + "cameras/abc", supervisor()).status()).isEqualTo(400);
        assertThat(audits("rules.settings.put", "site:" + missing, "failure")).isGreaterThanOrEqualTo(1);
        assertThat(audits("rules.settings.delete", "camera:" + missing, "failure")).isGreaterThanOrEqualTo(1);

        // A known camera without settings of its own: nothing to delete.
        long siteId = site();
        var cam = camera(siteId, "anpr", null);
        assertThat(client().delete(SETTINGS + "cameras/" + cam.cameraId(), supervisor()).status()).isEqualTo(404);
        assertThat(client().delete(SETTINGS + "sites/" + siteId, supervisor()).status()).isEqualTo(404);
    }

    @Test
    void rolesAndAudit() {
        long siteId = site();
        var cam = camera(siteId, "anpr", null);
        String site = SETTINGS + "sites/" + siteId, camera = SETTINGS + "cameras/" + cam.cameraId();
        Map<String, Object> body = Map.of("occupantConfidenceThreshold", 0.9);
        String investigator = client().userToken(admin(), "INVESTIGATOR");
        String auditor = client().userToken(admin(), "AUDITOR");
        String integration = client().userToken(admin(), "INTEGRATION");

        for (String path : List.of(site, camera, camera + "/effective", site + "/history", camera + "/history")) {
            assertThat(client().get(path, null).status()).as(path).isEqualTo(401);
            for (String token : List.of(investigator, auditor, integration, cam.key())) {
                assertThat(client().get(path, token).status()).as(path).isEqualTo(403);
            }
            for (String token : List.of(operator(), supervisor(), admin().token())) {
                assertThat(client().get(path, token).status()).as(path).isEqualTo(200);
            }
        }
        for (String path : List.of(site, camera)) {
            assertThat(put(path, null, body).status()).isEqualTo(401);
            assertThat(client().delete(path, null).status()).isEqualTo(401);
            for (String token : List.of(operator(), investigator, auditor, integration, cam.key())) {
                var r = put(path, token, body);
                assertThat(r.status()).as(path).isEqualTo(403);
                assertThat(r.header("Content-Type")).startsWith("application/problem+json");
                assertThat(client().delete(path, token).status()).as(path).isEqualTo(403);
            }
        }
        assertThat(jdbc.sql("select count(*) from rule_settings_history where site_id = ? or camera_id = ?")
                .params(siteId, cam.cameraId()).query(Long.class).single()).isZero();

        assertThat(put(site, supervisor(), body).status()).isEqualTo(200);
        assertThat(put(camera, admin().token(), body).status()).isEqualTo(200);
        var second = put(camera, supervisor(), Map.of("occupantConfidenceThreshold", 0.95));
        assertThat(second.json().get("version").asInt()).isEqualTo(2);
        assertThat(second.json().get("occupantConfidenceThreshold").decimalValue()).isEqualByComparingTo("0.95");
        assertThat(client().delete(camera, admin().token()).status()).isEqualTo(204);
        assertThat(client().delete(site, supervisor()).status()).isEqualTo(204);

        assertThat(audits("rules.settings.put", "site:" + siteId, "success")).isEqualTo(1);
        assertThat(audits("rules.settings.put", "camera:" + cam.cameraId(), "success")).isEqualTo(2);
        assertThat(audits("rules.settings.delete", "camera:" + cam.cameraId(), "success")).isEqualTo(1);
        assertThat(audits("rules.settings.delete", "site:" + siteId, "success")).isEqualTo(1);
        String details = jdbc.sql("""
                select details::text from audit_event where action = 'rules.settings.put' and target = ?
                order by id desc limit 1""").param("camera:" + cam.cameraId()).query(String.class).single();
        assertThat(details).contains("\"version\": 2").contains("0.95");
        assertThat(jdbc.sql("select changed_by from rule_settings_history where camera_id = ? order by version")
                .param(cam.cameraId()).query(String.class).list()).hasSize(3).doesNotContainNull();
    }
}
