package dev.plateguard.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.security.BrowserSession;

/**
 * The registry page with a browser's session and CSRF token: an administrator imports a file and changes and
 * deletes records, an operator looks vehicles up (audited, every code in words), a bad file stores nothing and
 * lists its bad rows, roles see and do only what the registry API lets them, and the re-check queue shows.
 */
class RegistryPagesIT extends IngestSupport {

    private static final String HEADER =
            "country,plate,status,registration_valid_until,insurance_valid_until,vehicle_type,make,colour,owner_ref";

    @Autowired
    RegistryRecheckQueue queue;

    private BrowserSession signIn(String username) {
        admin(); // the administrator exists once the API set it up
        BrowserSession browser = new BrowserSession(client());
        var login = browser.login(username, TestClient.PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(login)).as(login.toString()).doesNotStartWith("/login");
        return browser;
    }

    private TestClient.Response upload(BrowserSession browser, String csrf, String csv) {
        TestClient.Multipart file = new TestClient.Multipart().part("_csrf", null, null, csrf.getBytes(StandardCharsets.UTF_8))
                .file("file", "registry.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        return browser.send(HttpRequest.newBuilder(URI.create(client().base() + "/registry/import"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(file.body())), Map.of("Content-Type", file.contentType()));
    }

    private long stored(String... plates) {
        return jdbc.sql("select count(*) from vehicle_registry where plate = any(?)").param(plates).query(Long.class).single();
    }

    @Test
    void anImportedRecordIsFoundInWordsAndTheLookupIsAudited() {
        BrowserSession admin = signIn("admin");
        String page = admin.get("/registry").text();
        assertThat(page).contains("Vehicle registry", "Import a CSV file", "Add or replace a record",
                "Waiting for a registry re-check").doesNotContain("Look a vehicle up");
        String csrf = BrowserSession.csrfTokenIn(page);
        String plate = uniquePlate();
        String other = uniquePlate();
        var imported = upload(admin, csrf, HEADER + "\n"
                + "UZ," + plate + ",SUSPENDED,2027-03-31,,car,Chevrolet Cobalt,white,OWN-1001\n"
                + "UZ," + other + ",VALID,2027-03-31,2026-12-31,bus,Isuzu,Blue,OWN-1002\n");
        assertThat(BrowserSession.redirectPath(imported)).isEqualTo("/registry");
        assertThat(admin.get("/registry").text()).contains("Imported 2 rows: 2 new, 0 replaced.");
        assertThat(stored(plate, other)).isEqualTo(2);
        // An administrator may change the registry but, as in the API, not look vehicles up.
        assertThat(admin.get("/registry/vehicle?country=UZ&plate=" + plate).status()).isEqualTo(403);

        var operator = person("OPERATOR");
        BrowserSession browser = signIn(operator.username());
        String form = browser.get("/registry").text();
        assertThat(form).contains("Look a vehicle up").doesNotContain("Import a CSV file", "Add or replace a record");
        String found = browser.get("/registry/vehicle?country=UZ&plate=" + plate).text();
        assertThat(found).contains("Vehicle UZ " + plate, "Uzbekistan", "registration suspended", "2027-03-31",
                "no insurance on record", "car", "Chevrolet Cobalt", "white", "OWN-1001", "a CSV import")
                .doesNotContain("SUSPENDED", "Delete this record");
        assertThat(browser.get("/registry/vehicle?country=UZ&plate=" + other + "&lang=uz").text())
                .contains("avtobus", "ko‘k", "ro‘yxatdan o‘tgan", "O‘zbekiston");
        assertThat(browser.get("/registry/vehicle?country=UZ&plate=" + other + "&lang=ru").text())
                .contains("автобус", "синий", "Узбекистан");
        browser.get("/registry?lang=en");
        assertThat(browser.get("/registry/vehicle?country=UZ&plate=" + uniquePlate()).text())
                .contains("This vehicle is not in the registry.");
        assertThat(browser.get("/registry/vehicle?country=UZ&plate=%21%21").status()).isEqualTo(200);

        assertThat(jdbc.sql("""
                select count(*) from audit_event where actor = ? and action = 'registry.view' and target = ?
                  and outcome = 'success'""")
                .params(operator.username(), "vehicle:UZ/" + plate).query(Long.class).single()).isEqualTo(1);

        // Changing the registry is the administrator's, as in the API.
        String operatorCsrf = BrowserSession.csrfTokenIn(form);
        assertThat(upload(browser, operatorCsrf, HEADER + "\n").status()).isEqualTo(403);
        assertThat(browser.postForm("/registry/vehicle/delete", Map.of("country", "UZ", "plate", plate,
                "_csrf", operatorCsrf)).status()).isEqualTo(403);
        assertThat(stored(plate)).isEqualTo(1);
        BrowserSession investigator = signIn(person("INVESTIGATOR").username());
        assertThat(investigator.get("/registry").status()).isEqualTo(403);
        assertThat(investigator.get("/registry/vehicle?country=UZ&plate=" + plate).status()).isEqualTo(403);
    }

    @Test
    void aBadFileListsItsRowsAndStoresNothing() {
        BrowserSession admin = signIn("admin");
        String csrf = BrowserSession.csrfTokenIn(admin.get("/registry").text());
        String good = uniquePlate();
        String bad = uniquePlate();
        var refused = upload(admin, csrf, HEADER + "\n"
                + "UZ," + good + ",VALID,2027-03-31,2026-12-31,car,Chevrolet Cobalt,white,OWN-1\n"
                + "UZ," + bad + ",STOLEN,2027-02-30,,car,Lada,red,OWN-2\n");
        assertThat(BrowserSession.redirectPath(refused)).isEqualTo("/registry");
        String page = admin.get("/registry").text();
        assertThat(page).contains("nothing was imported", "Row 3, Registration: must be VALID, EXPIRED or SUSPENDED",
                "Row 3, Registered until: must be a date as YYYY-MM-DD");
        assertThat(stored(good, bad)).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'registry.import' and outcome = 'failure' "
                + "and actor = 'admin'").query(Long.class).single()).isPositive();

        upload(admin, csrf, "plate\n" + good + "\n");
        assertThat(admin.get("/registry").text()).contains("nothing was imported",
                "First line (column names): missing column");
        assertThat(stored(good)).isZero();
        upload(admin, csrf, "");
        assertThat(admin.get("/registry").text()).contains("Choose a CSV file to import.");
    }

    @Test
    void anAdministratorReplacesAndDeletesARecordAndSeesTheQueue() {
        BrowserSession admin = signIn("admin");
        String csrf = BrowserSession.csrfTokenIn(admin.get("/registry").text());
        String plate = uniquePlate();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("country", "UZ");
        form.put("plate", plate);
        form.put("status", "VALID");
        form.put("registrationValidUntil", "2028-01-31");
        form.put("insuranceValidUntil", "");
        form.put("vehicleType", "truck");
        form.put("make", "MAN");
        form.put("colour", "grey");
        form.put("ownerRef", "OWN-77");
        form.put("_csrf", csrf);
        assertThat(BrowserSession.redirectPath(admin.postForm("/registry/vehicle", form))).isEqualTo("/registry");
        assertThat(admin.get("/registry").text()).contains("Record UZ " + plate + " added.");
        form.put("status", "EXPIRED");
        admin.postForm("/registry/vehicle", form);
        assertThat(admin.get("/registry").text()).contains("Record UZ " + plate + " replaced.");
        assertThat(jdbc.sql("select status from vehicle_registry where country = 'UZ' and plate = ?").param(plate)
                .query(String.class).single()).isEqualTo("EXPIRED");

        // A bad form says what is wrong and changes nothing.
        form.put("status", "VALID");
        form.put("ownerRef", "Ivan Petrov, Tashkent");
        admin.postForm("/registry/vehicle", form);
        assertThat(admin.get("/registry").text()).contains("The record was not saved:", "Owner reference: must be an opaque reference");
        assertThat(jdbc.sql("select status from vehicle_registry where country = 'UZ' and plate = ?").param(plate)
                .query(String.class).single()).isEqualTo("EXPIRED");

        // Deleting asks first (data-confirm), then removes the record.
        assertThat(admin.get("/registry").text()).contains("data-confirm=\"Delete this registry record?");
        admin.postForm("/registry/vehicle/delete", Map.of("country", "UZ", "plate", plate, "_csrf", csrf));
        assertThat(admin.get("/registry").text()).contains("Record UZ " + plate + " deleted.");
        assertThat(stored(plate)).isZero();
        admin.postForm("/registry/vehicle/delete", Map.of("country", "UZ", "plate", plate, "_csrf", csrf));
        assertThat(admin.get("/registry").text()).contains("There is no record UZ " + plate + " in the registry.");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'registry.delete' and target = ?")
                .param("vehicle:UZ/" + plate).query(Long.class).single()).isEqualTo(2);

        // The re-check queue: its size and its oldest entries, plates masked.
        long readId = createRead(client().device(admin()), eventId(), aMinuteAgo(), uniquePlate());
        String queued = uniquePlate();
        queue.enqueue(readId, "UZ", queued, java.time.Instant.parse("2001-01-01T00:00:00Z")); // the oldest: listed
        String page = admin.get("/registry").text();
        assertThat(page).contains("Reads waiting: " + queue.pending(), "data-read=\"" + readId + "\"")
                .doesNotContain(queued);
        queue.complete(readId);
    }
}
