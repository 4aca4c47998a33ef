package dev.plateguard.server.cameras;

import static dev.plateguard.server.users.AdminPagesSupport.find;
import static dev.plateguard.server.users.AdminPagesSupport.redirect;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.users.AdminPagesSupport;

/**
 * The site and camera admin pages and device keys, through the login form and HTML forms; what they store is
 * checked through the API and the database, and every change must be in the audit log.
 */
class NetworkAdminPagesIT extends IntegrationTest {

    private long audited(String action, String actor, String target) {
        return jdbc.sql("select count(*) from audit_event where action = ? and actor = ? and target = ? and outcome = 'success'")
                .params(action, actor, target).query(Long.class).single();
    }

    private JsonNode api(String path) {
        var r = client().get(path, admin().token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private long siteViaApi() {
        var r = client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Site"),
                "city", "Jizzakh", "region", "Jizzakh region", "latitude", 40.1158, "longitude", 67.8422));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static long idFrom(String path) {
        return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    }

    @Test
    void adminCreatesAndEditsASiteWithCoordinatesFromTheMapForm() {
        var admin = AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        var form = admin.page("/admin/sites/new");
        assertThat(form.html()).contains("class=\"coord-picker map\"", "name=\"latitude\"", "name=\"longitude\"",
                "value=\"Asia/Tashkent\"", "data-outline=\"/geo/uzbekistan.geojson\"");
        assertThat(form.html()).contains("<label for=\"site-latitude\"", "<label for=\"site-name\"");

        String name = TestClient.unique("Amir Temur square");
        // A comma as the decimal separator is accepted, as it is written in Uzbek and Russian.
        var created = admin.post("/admin/sites", form.csrf(), "name", name, "city", "Tashkent", "region", "Tashkent city",
                "latitude", "41.311081", "longitude", "69,279737", "address", "Amir Temur 1, Yunusobod", "timezone", "Asia/Tashkent");
        String sitePath = redirect(created);
        assertThat(sitePath).matches("/admin/sites/\\d+");
        long id = idFrom(sitePath);
        var page = admin.page(sitePath);
        assertThat(page.html()).contains("Site " + name + " created.").contains("value=\"41.311081\"");

        JsonNode site = api("/api/v1/sites/" + id);
        assertThat(site.get("name").asString()).isEqualTo(name);
        assertThat(site.get("latitude").asDouble()).isEqualTo(41.311081);
        assertThat(site.get("longitude").asDouble()).isEqualTo(69.279737);
        assertThat(site.get("address").asString()).isEqualTo("Amir Temur 1, Yunusobod");

        String renamed = TestClient.unique("Mustaqillik square");
        var updated = admin.post(sitePath, page.csrf(), "name", renamed, "city", "Tashkent", "region", "Tashkent city",
                "latitude", "41.3139", "longitude", "69.2716", "address", "", "timezone", "Asia/Samarkand");
        assertThat(redirect(updated)).isEqualTo(sitePath);
        site = api("/api/v1/sites/" + id);
        assertThat(site.get("name").asString()).isEqualTo(renamed);
        assertThat(site.get("latitude").asDouble()).isEqualTo(41.3139);
        assertThat(site.get("longitude").asDouble()).isEqualTo(69.2716);
        assertThat(site.get("address").isNull()).isTrue();
        assertThat(site.get("timezone").asString()).isEqualTo("Asia/Samarkand");
        assertThat(admin.page(sitePath).html()).contains("Site " + renamed + " saved.");
        assertThat(admin.page("/admin/sites").html()).contains(renamed).contains(sitePath);

        String actor = admin.person().username();
        assertThat(audited("site.create", actor, "site:" + id)).isEqualTo(1);
        assertThat(audited("site.update", actor, "site:" + id)).isEqualTo(1);
        String details = jdbc.sql("select details::text from audit_event where action = 'site.update' and target = ?")
                .param("site:" + id).query(String.class).single();
        assertThat(details).contains(name, renamed, "Asia/Samarkand").doesNotContain("\"region\"");
    }

    @Test
    void markupAndBadNumbersAreRefusedOnTheSiteForm() {
        var admin = AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        var form = admin.page("/admin/sites/new");
        String script = "<script>alert(1)</script>";
        var refused = admin.post("/admin/sites", form.csrf(), "name", script, "city", "Tashkent", "region", "Tashkent city",
                "latitude", "41.3", "longitude", "69.2", "timezone", "Asia/Tashkent");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("The form has errors; nothing was saved.")
                .contains("Letters, digits and ordinary punctuation only")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain(script);
        assertThat(jdbc.sql("select count(*) from site where name = ?").param(script).query(Long.class).single()).isZero();

        var numbers = admin.post("/admin/sites", form.csrf(), "name", TestClient.unique("Site"), "city", "Tashkent",
                "region", "Tashkent city", "latitude", "north", "longitude", "200", "timezone", "Mars/Olympus");
        assertThat(numbers.status()).isEqualTo(400);
        assertThat(numbers.text()).contains("Enter a number, such as 41.311081.")
                .contains("Required: −180 to 180 degrees.").contains("Not a time zone.");

        var missing = admin.post("/admin/sites", form.csrf(), "name", "", "city", "", "region", "", "latitude", "",
                "longitude", "");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text()).contains("Required.").contains("Required: −90 to 90 degrees.");

        // Editing applies the same rules, and leaves the site as it was.
        long id = siteViaApi();
        String before = api("/api/v1/sites/" + id).get("name").asString();
        var edit = admin.page("/admin/sites/" + id);
        var bad = admin.post("/admin/sites/" + id, edit.csrf(), "name", "Bad \"quotes\"", "city", "Jizzakh",
                "region", "Jizzakh region", "latitude", "40.1", "longitude", "67.8");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("value=\"Bad &quot;quotes&quot;\"");
        assertThat(api("/api/v1/sites/" + id).get("name").asString()).isEqualTo(before);
        // A name that another site has is a conflict.
        var clash = admin.post("/admin/sites/" + id, edit.csrf(), "name", api("/api/v1/sites/" + siteViaApi()).get("name").asString(),
                "city", "Jizzakh", "region", "Jizzakh region", "latitude", "40.1", "longitude", "67.8");
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.text()).contains("A site with this name already exists.");
        assertThat(admin.browser().get("/admin/sites/" + Long.MAX_VALUE).status()).isEqualTo(404);
    }

    @Test
    void adminCreatesAndEditsACameraAndQuotesInItsNameRenderEscaped() {
        var admin = AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        long siteId = siteViaApi();
        var form = admin.page("/admin/cameras/new?site=" + siteId);
        assertThat(form.html()).contains("<option value=\"" + siteId + "\" selected=\"selected\"")
                .contains("name=\"kind\"", "value=\"red_light\"", "<label for=\"camera-lanes\"");

        String name = "O'Brien's cam & Chilonzor’s " + TestClient.unique("n");
        var created = admin.post("/admin/cameras", form.csrf(), "siteId", String.valueOf(siteId), "name", name,
                "kind", "speed", "heading", "270", "lanes", "1, 2,3", "speedLimitKmh", "60", "active", "true");
        String cameraPath = redirect(created);
        assertThat(cameraPath).matches("/admin/cameras/\\d+");
        long id = idFrom(cameraPath);
        JsonNode camera = api("/api/v1/cameras/" + id);
        assertThat(camera.get("name").asString()).isEqualTo(name);
        assertThat(camera.get("kind").asString()).isEqualTo("speed");
        assertThat(camera.get("heading").asInt()).isEqualTo(270);
        assertThat(list(camera.get("lanes"))).containsExactly(1, 2, 3);
        assertThat(camera.get("speedLimitKmh").asInt()).isEqualTo(60);
        assertThat(camera.get("active").asBoolean()).isTrue();

        // Quotes are data, not markup: escaped in text and in attribute values alike.
        String escaped = name.replace("&", "&amp;").replace("'", "&#39;");
        var page = admin.page(cameraPath);
        assertThat(page.html()).contains(escaped).doesNotContain("O'Brien");
        assertThat(admin.page("/admin/cameras").html()).contains(escaped).doesNotContain("O'Brien");
        assertThat(admin.page("/admin/sites/" + siteId).html()).contains(escaped).doesNotContain("O'Brien");

        // Edit: another kind and lanes, no heading, and the "active" box unticked.
        var edited = admin.post(cameraPath, page.csrf(), "siteId", String.valueOf(siteId), "name", name,
                "kind", "anpr", "heading", "", "lanes", "4", "speedLimitKmh", "50");
        assertThat(redirect(edited)).isEqualTo(cameraPath);
        camera = api("/api/v1/cameras/" + id);
        assertThat(camera.get("kind").asString()).isEqualTo("anpr");
        assertThat(camera.get("heading").isNull()).isTrue();
        assertThat(list(camera.get("lanes"))).containsExactly(4);
        assertThat(camera.get("speedLimitKmh").asInt()).isEqualTo(50);
        assertThat(camera.get("active").asBoolean()).isFalse();
        String actor = admin.person().username();
        assertThat(audited("camera.create", actor, "camera:" + id)).isEqualTo(1);
        assertThat(audited("camera.update", actor, "camera:" + id)).isEqualTo(1);

        // Refusals keep what was typed and change nothing.
        var again = admin.page(cameraPath);
        var bad = admin.post(cameraPath, again.csrf(), "siteId", String.valueOf(siteId), "name", "Cam \"X\"",
                "kind", "laser", "heading", "400", "lanes", "1, one", "speedLimitKmh", "fast");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("value=\"Cam &quot;X&quot;\"").contains("Choose one of the kinds.")
                .contains("From 0 to 359 degrees.").contains("Different lane numbers from 1 to 16")
                .contains("Enter a whole number.");
        assertThat(api("/api/v1/cameras/" + id).get("name").asString()).isEqualTo(name);
        var noSite = admin.post("/admin/cameras", again.csrf(), "siteId", String.valueOf(Long.MAX_VALUE), "name", "cam",
                "kind", "anpr");
        assertThat(noSite.status()).isEqualTo(400);
        assertThat(noSite.text()).contains("Choose an existing site.");
        var clash = admin.post("/admin/cameras", again.csrf(), "siteId", String.valueOf(siteId), "name", name, "kind", "anpr");
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.text()).contains("This site already has a camera with this name.");
    }

    @Test
    void deviceKeyIsShownOnceWorksAndStopsWorkingWhenRevoked() {
        var admin = AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        var device = client().device(admin()); // a camera with one key from the API
        String cameraPath = "/admin/cameras/" + device.cameraId();
        var page = admin.page(cameraPath);
        assertThat(page.html()).contains("Device keys").doesNotContain(device.key());

        var issued = admin.post(cameraPath + "/keys", page.csrf());
        assertThat(issued.status()).isEqualTo(200);
        String key = find(issued.text(), "(pgd_[A-Za-z0-9]{43})");
        assertThat(issued.text()).contains("class=\"shown-once\"").contains("It is shown only this once");
        assertThat(issued.header("Cache-Control")).contains("no-store");

        // Never again: not on the camera page (only its hint), not in the audit log.
        var after = admin.page(cameraPath);
        assertThat(after.html()).doesNotContain(key).contains(key.substring(0, 10) + "…");
        assertThat(after.html()).doesNotContain(key.substring(10, 30));
        assertThat(jdbc.sql("select count(*) from audit_event where strpos(audit_event::text, ?) > 0").param(key)
                .query(Long.class).single()).isZero();

        // It works for the camera.
        var heartbeat = client().postJson("/api/v1/heartbeat", key, Map.of("status", "ok"));
        assertThat(heartbeat.status()).as(heartbeat.toString()).isEqualTo(200);
        assertThat(heartbeat.json().get("cameraId").asLong()).isEqualTo(device.cameraId());

        long keyId = jdbc.sql("select id from device_key where camera_id = ? and key_hint = ?")
                .params(device.cameraId(), key.substring(0, 10) + "…").query(Long.class).single();
        String revokePath = cameraPath + "/keys/" + keyId + "/revoke";
        assertThat(after.html()).contains("action=\"" + revokePath + "\"");
        assertThat(audited("device-key.create", admin.person().username(), "camera:" + device.cameraId() + "/key:" + keyId))
                .isEqualTo(1);

        assertThat(redirect(admin.post(revokePath, after.csrf()))).isEqualTo(cameraPath);
        assertThat(client().postJson("/api/v1/heartbeat", key, Map.of("status", "ok")).status()).isEqualTo(401);
        // The API's key still works: revocation is per key.
        assertThat(client().postJson("/api/v1/heartbeat", device.key(), Map.of("status", "ok")).status()).isEqualTo(200);
        var revokedPage = admin.page(cameraPath);
        assertThat(revokedPage.html()).contains("Key " + keyId + " revoked").contains("revoked ")
                .doesNotContain("action=\"" + revokePath + "\"");
        assertThat(audited("device-key.revoke", admin.person().username(), "camera:" + device.cameraId() + "/key:" + keyId))
                .isEqualTo(1);
        // Revoking twice is refused politely.
        assertThat(redirect(admin.post(revokePath, revokedPage.csrf()))).isEqualTo(cameraPath);
        assertThat(admin.page(cameraPath).html()).contains("is not an active key of this camera");
        // No key for a camera that does not exist.
        assertThat(admin.post("/admin/cameras/" + Long.MAX_VALUE + "/keys", revokedPage.csrf()).status()).isEqualTo(404);
    }

    @Test
    void pagesSpeakUzbekAndRussian() {
        var admin = AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        var device = client().device(admin());
        for (String lang : List.of("uz", "ru")) {
            admin.page("/admin/sites?lang=" + lang);
            for (String path : List.of("/admin/sites", "/admin/sites/new", "/admin/sites/" + device.siteId(),
                    "/admin/cameras", "/admin/cameras/new", "/admin/cameras/" + device.cameraId())) {
                assertThat(admin.page(path).html()).as("%s in %s", path, lang).doesNotContain("??");
            }
        }
        assertThat(admin.page("/admin/cameras/" + device.cameraId()).html()).contains("Ключи устройства", "Выдать новый ключ");
        admin.page("/admin/sites?lang=uz");
        assertThat(admin.page("/admin/sites/new").html()).contains("Koordinatalarni to‘ldirish uchun xaritani bosing");
        admin.page("/admin/sites?lang=en");
    }

    @Test
    void refusedNumbersAndNamesAreExplainedInTheUsersLanguage() {
        var admin = AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        String taken = api("/api/v1/sites/" + siteViaApi()).get("name").asString();
        try {
            var form = admin.page("/admin/sites/new?lang=ru");
            var numbers = admin.post("/admin/sites", form.csrf(), "name", TestClient.unique("Site"), "city", "Ташкент",
                    "region", "Ташкент", "latitude", "север", "longitude", "69,2", "address", "<b>", "timezone", "Asia/Tashkent");
            assertThat(numbers.status()).isEqualTo(400);
            assertThat(numbers.text()).contains("Введите число, например 41.311081.", "Только буквы, цифры")
                    .doesNotContain("Enter a number", "contains characters");
            admin.page("/admin/sites?lang=uz");
            var clash = admin.post("/admin/sites", form.csrf(), "name", taken, "city", "Jizzax", "region", "Jizzax",
                    "latitude", "40,1", "longitude", "67,8");
            assertThat(clash.status()).isEqualTo(409);
            assertThat(clash.text()).contains("Bunday nomli joy allaqachon bor.");
        } finally {
            admin.page("/admin/sites?lang=en");
        }
    }

    private static List<Integer> list(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asInt()));
        return values;
    }
}
