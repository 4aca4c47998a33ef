package dev.plateguard.server.notices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;
import dev.plateguard.server.security.SecurityTestSupport;
import dev.plateguard.server.violations.ViolationSupport;

/**
 * The notices pages with a browser's session: a notice issued through the real workflow is listed and shown with
 * its translated state, its events and its PDF in three languages; the filters narrow the list and bad filters are
 * explained; every view is audited as the API's are; roles the notices API refuses are refused here too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticePagesIT extends ViolationSupport {

    @Autowired
    NoticeBook book;

    private SecurityTestSupport.Person supervisor;
    private BrowserSession supervisorBrowser;
    private BrowserSession operatorBrowser;

    @BeforeAll
    void signIn() {
        supervisor = SecurityTestSupport.person(client(), admin(), "SUPERVISOR");
        supervisorBrowser = browser(supervisor);
        operatorBrowser = browser(SecurityTestSupport.person(client(), admin(), "OPERATOR"));
    }

    private BrowserSession browser(SecurityTestSupport.Person person) {
        BrowserSession browser = new BrowserSession(client());
        assertThat(browser.login(person.username(), person.password()).status()).isEqualTo(302);
        return browser;
    }

    /** A speeding violation (5 BRV) confirmed as review confirms it, then issued: its notice id. */
    private long issuedNotice(String plate) {
        long site = site();
        var camera = camera(site, "speed", 60);
        speeding(camera, plate, minutesAgo(3), 88.0);
        detect();
        long violation = forPlate(violations(site), plate).get("id").asLong();
        jdbc.sql("update violation set state = 'confirmed' where id = ?").param(violation).update();
        book.issuePending();
        return jdbc.sql("select id from notice where violation_id = ?").param(violation).query(Long.class).single();
    }

    private long audited(String action, String target, String detail, String value) {
        String sql = "select count(*) from audit_event where action = ? and actor = ? and target = ? "
                + "and details->>'channel' = 'web'";
        if (detail == null) {
            return jdbc.sql(sql).params(action, supervisor.username(), target).query(Long.class).single();
        }
        return jdbc.sql(sql + " and details->>? = ?").params(action, supervisor.username(), target, detail, value)
                .query(Long.class).single();
    }

    @Test
    void aSupervisorFindsTheNoticeSeesItsEventsAndOpensItsPdfInEachLanguage() {
        String plate = uniquePlate();
        long id = issuedNotice(plate);
        String number = book.find(id, dev.plateguard.server.identity.Scope.COUNTRY).orElseThrow().number();

        String list = supervisorBrowser.get("/notices?lang=en&plate=" + plate).text();
        assertThat(list).contains(number, "Notice issued", "Speeding", "2,060,000 som", "/notices/" + id);
        assertThat(list).contains("class=\"table-scroll\"");
        assertThat(supervisorBrowser.get("/notices?plate=" + plate + "&state=paid").text()).doesNotContain(number);
        assertThat(audited("notices.export", "notices", "plate", plate)).isEqualTo(2); // both lists above

        // A payment reported by the payment system (the API) shows on the page, in words.
        String integration = client().userToken(admin(), "INTEGRATION");
        var paid = client().postJson("/api/v1/notices/" + id + "/events", integration, Map.of("type", "paid",
                "reference", TestClient.unique("PAY"), "occurredAt", java.time.OffsetDateTime.now().minusMinutes(1).toString(),
                "amountSom", 1_030_000));
        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        String page = supervisorBrowser.get("/notices/" + id).text();
        assertThat(page).contains(number, "Paid", "1,030,000 som", plate, "Article 128-3");
        for (String lang : new String[] {"uz", "ru", "en"}) {
            assertThat(page).contains("/notices/" + id + "/pdf?lang=" + lang);
        }
        assertThat(audited("notices.view", "notice:" + number, null, null)).isEqualTo(1);
        assertThat(supervisorBrowser.get("/notices?lang=ru&plate=" + plate + "&state=paid").text())
                .contains(number, "Оплачено");
        assertThat(supervisorBrowser.get("/notices/" + id + "?lang=uz").text()).contains("Bildirishnoma", "so‘m");
        supervisorBrowser.get("/notices?lang=en");

        for (String lang : new String[] {"uz", "ru", "en"}) {
            TestClient.Response pdf = supervisorBrowser.get("/notices/" + id + "/pdf?lang=" + lang);
            assertThat(pdf.status()).isEqualTo(200);
            assertThat(pdf.header("Content-Type")).startsWith("application/pdf");
            assertThat(new String(pdf.body(), 0, 5)).isEqualTo("%PDF-");
            assertThat(audited("notices.pdf", "notice:" + number, "lang", lang)).isEqualTo(1);
        }
        assertThat(supervisorBrowser.get("/notices/" + id + "/pdf?lang=de").status()).isEqualTo(400);
        assertThat(supervisorBrowser.get("/notices/99999999").status()).isEqualTo(404);
    }

    @Test
    void badFiltersAreExplainedNotRefused() {
        TestClient.Response r = supervisorBrowser.get("/notices?lang=en&state=bogus&from=yesterday&page=-3");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("Choose a state from the list.", "Issued from: must be a date",
                "There is no such page; the first page is shown.");
    }

    @Test
    void rolesTheNoticesApiRefusesAreRefusedHere() {
        long id = issuedNotice(uniquePlate());
        assertThat(operatorBrowser.get("/notices").status()).isEqualTo(403);
        assertThat(operatorBrowser.get("/notices/" + id).status()).isEqualTo(403);
        assertThat(operatorBrowser.get("/notices/" + id + "/pdf?lang=en").status()).isEqualTo(403);
        // The navigation offers the page to those who may open it only.
        assertThat(supervisorBrowser.get("/").text()).contains("href=\"/notices\"");
        assertThat(operatorBrowser.get("/").text()).doesNotContain("href=\"/notices\"").contains("href=\"/rules\"");
    }
}
