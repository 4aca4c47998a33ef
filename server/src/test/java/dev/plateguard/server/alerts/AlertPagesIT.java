package dev.plateguard.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;
import dev.plateguard.server.security.SecurityTestSupport;

/**
 * The hotlist and alert pages with a browser's session and CSRF token (no script): a supervisor creates a list,
 * adds an entry, imports a file and removes an entry; an operator sees the alert a read raised and acknowledges it
 * with a note; the pages speak the person's language; roles see only what they may.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertPagesIT extends AlertSupport {

    private SecurityTestSupport.Person supervisor;
    private SecurityTestSupport.Person operator;
    private BrowserSession supervisorBrowser;
    private BrowserSession operatorBrowser;

    @BeforeAll
    void signIn() {
        supervisor = signedIn("SUPERVISOR");
        operator = signedIn("OPERATOR");
        supervisorBrowser = browser(supervisor);
        operatorBrowser = browser(operator);
    }

    private BrowserSession browser(SecurityTestSupport.Person person) {
        BrowserSession browser = new BrowserSession(client());
        assertThat(browser.login(person.username(), person.password()).status()).isEqualTo(302);
        return browser;
    }

    private static String csrf(BrowserSession browser, String page) {
        return BrowserSession.csrfTokenIn(browser.get(page).text());
    }

    @Test
    void aSupervisorManagesAListThroughThePages() {
        String csrf = csrf(supervisorBrowser, "/hotlists");
        String name = TestClient.unique("Stolen cars");
        TestClient.Response created = supervisorBrowser.postForm("/hotlists", Map.of("name", name, "_csrf", csrf));
        assertThat(created.status()).isEqualTo(302);
        String listPath = BrowserSession.redirectPath(created);
        assertThat(listPath).matches("/hotlists/\\d+");
        long list = Long.parseLong(listPath.substring("/hotlists/".length()));
        assertThat(supervisorBrowser.get(listPath).text()).contains("Hotlist " + name + " created.");

        String plate = uniquePlate();
        TestClient.Response added = supervisorBrowser.postForm(listPath + "/entries", Map.of("pattern", plate,
                "match", "EXACT", "priority", "1", "reason", "WANTED", "note", "red Nexia", "expiresAt", "2030-05-01",
                "_csrf", csrf));
        assertThat(BrowserSession.redirectPath(added)).isEqualTo(listPath);
        String page = supervisorBrowser.get(listPath).text();
        assertThat(page).contains(name, plate, "red Nexia", "Wanted", "2030-05-02 00:00", "Entry " + plate + " added.");

        // A bad entry: the page says what is wrong, in the person's words, and nothing is stored.
        supervisorBrowser.postForm(listPath + "/entries", Map.of("pattern", "*", "match", "WILDCARD", "reason", "WANTED",
                "_csrf", csrf));
        assertThat(supervisorBrowser.get(listPath).text()).contains("Plate or pattern: would match too many plates");

        // A CSV file through the form (multipart, with the CSRF token as a part).
        TestClient.Multipart file = new TestClient.Multipart().part("_csrf", null, null, csrf.getBytes(StandardCharsets.UTF_8))
                .file("file", "list.csv", "text/csv", ("pattern,reason\n" + uniquePlate() + ",STOLEN\n" + uniquePlate()
                        + ",UNINSURED\n").getBytes(StandardCharsets.UTF_8));
        TestClient.Response imported = supervisorBrowser.send(HttpRequest.newBuilder(URI.create(client().base() + listPath
                + "/import")).POST(HttpRequest.BodyPublishers.ofByteArray(file.body())), Map.of("Content-Type", file.contentType()));
        assertThat(BrowserSession.redirectPath(imported)).isEqualTo(listPath);
        assertThat(supervisorBrowser.get(listPath).text()).contains("2 entries imported.");
        TestClient.Multipart bad = new TestClient.Multipart().part("_csrf", null, null, csrf.getBytes(StandardCharsets.UTF_8))
                .file("file", "bad.csv", "text/csv", "pattern,reason\n,STOLEN\n".getBytes(StandardCharsets.UTF_8));
        supervisorBrowser.send(HttpRequest.newBuilder(URI.create(client().base() + listPath + "/import"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bad.body())), Map.of("Content-Type", bad.contentType()));
        assertThat(supervisorBrowser.get(listPath).text()).contains("rows[2].pattern: is required");
        assertThat(jdbc.sql("select count(*) from hotlist_entry where hotlist_id = ? and removed_at is null").param(list)
                .query(Long.class).single()).isEqualTo(3);

        long entry = jdbc.sql("select id from hotlist_entry where hotlist_id = ? and pattern = ?").params(list, plate)
                .query(Long.class).single();
        supervisorBrowser.postForm(listPath + "/entries/" + entry + "/remove", Map.of("_csrf", csrf));
        assertThat(supervisorBrowser.get(listPath).text()).contains("Entry removed.").doesNotContain("red Nexia");

        // The operator sees the shared list, without the forms that change it.
        String operatorView = operatorBrowser.get(listPath).text();
        assertThat(operatorView).contains(name).doesNotContain("Import a CSV file", "Remove this list");
        assertThat(operatorBrowser.get("/hotlists").text()).contains(name).doesNotContain("New hotlist");
        assertThat(operatorBrowser.postForm("/hotlists", Map.of("name", "x", "_csrf", csrf(operatorBrowser, "/hotlists")))
                .status()).isEqualTo(403);

        assertThat(BrowserSession.redirectPath(supervisorBrowser.postForm(listPath + "/remove", Map.of("_csrf", csrf))))
                .isEqualTo("/hotlists");
        assertThat(supervisorBrowser.get(listPath).status()).isEqualTo(404);
    }

    @Test
    void anOperatorSeesTheAlertAndAcknowledgesItWithANote() {
        long list = createList(supervisor.token(), false);
        String plate = uniquePlate();
        entry(supervisor.token(), list, plate, "EXACT");
        TestClient.Device camera = client().device(admin());
        long readId = read(camera, plate);
        long id = awaitAlert(operator.token(), readId).get("id").asLong();

        String feed = operatorBrowser.get("/alerts").text();
        assertThat(feed).contains("data-alert-id=\"" + id + "\"", plate, "Stolen", "/alerts/stream", "/evidence/");
        String csrf = BrowserSession.csrfTokenIn(feed);
        TestClient.Response done = operatorBrowser.postForm("/alerts/" + id + "/acknowledge",
                Map.of("note", "stopped at the checkpoint", "_csrf", csrf));
        assertThat(BrowserSession.redirectPath(done)).isEqualTo("/alerts");
        assertThat(operatorBrowser.get("/alerts").text()).contains("Alert " + id + " acknowledged.",
                "stopped at the checkpoint");
        assertThat(jdbc.sql("select state from alert where id = ?").param(id).query(String.class).single())
                .isEqualTo("acknowledged");
        operatorBrowser.postForm("/alerts/" + id + "/escalate", Map.of("_csrf", csrf));
        assertThat(operatorBrowser.get("/alerts").text()).contains("has been handled already");
        assertThat(operatorBrowser.get("/alerts?state=new").text()).doesNotContain("data-alert-id=\"" + id + "\"");

        assertThat(operatorBrowser.get("/alerts?lang=uz").text()).contains("Signallar", "O‘g‘irlangan");
        assertThat(operatorBrowser.get("/alerts?lang=ru").text()).contains("Тревоги", "Угон");
        operatorBrowser.get("/alerts?lang=en");
    }

    @Test
    void auditorsSeeListsButNotTheFeedAndAdministratorsNeither() {
        BrowserSession auditor = browser(signedIn("AUDITOR"));
        assertThat(auditor.get("/hotlists").status()).isEqualTo(200);
        assertThat(auditor.get("/alerts").status()).isEqualTo(403);
        BrowserSession admin = new BrowserSession(client());
        admin.login("admin", TestClient.PASSWORD);
        assertThat(admin.get("/hotlists").status()).isEqualTo(403);
        assertThat(admin.get("/alerts").status()).isEqualTo(403);
    }
}
