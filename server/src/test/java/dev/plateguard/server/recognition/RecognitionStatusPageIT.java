package dev.plateguard.server.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;

/**
 * The recognition page ({@code /recognition}): the status the API reports in words, the jobs waiting, and a re-run
 * asked for by a read's number that queues a job as the read page's button does; roles as the API.
 */
class RecognitionStatusPageIT extends RecognitionSupport {

    private BrowserSession signIn(String username) {
        admin(); // the administrator exists once the API set it up
        BrowserSession browser = new BrowserSession(client());
        var login = browser.login(username, TestClient.PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(login)).as(login.toString()).doesNotStartWith("/login");
        return browser;
    }

    @Test
    void anOperatorSeesTheStatusAndAsksForARerunFromThePage() {
        var device = client().device(admin());
        byte[] image = image();
        scripted.script(image, uzPlate());
        long readId = postImageOnly(device, image);
        awaitRecognitions(readId, 1);

        Person operator = person("OPERATOR");
        BrowserSession browser = signIn(operator.username());
        var page = browser.get("/recognition");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.text()).contains("Plate recognition", "Recogniser", ScriptedPlateReader.NAME, "Models", "loaded",
                ScriptedPlateReader.VERSION, "Done since the server started", "Recognise again", "switched on",
                "href=\"/recognition\"");

        scripted.close(); // the job stays waiting while the page is looked at
        var asked = browser.postForm("/recognition/reruns",
                Map.of("readId", Long.toString(readId), "_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(BrowserSession.redirectPath(asked)).isEqualTo("/recognition");
        page = browser.get("/recognition");
        assertThat(page.text()).contains("is queued", "href=\"/reads/" + readId + "\"", operator.username(), "data-job=");
        scripted.open();
        awaitRecognitions(readId, 2);
        assertThat(recognitionRows(readId).get(1).get("requested_by")).isEqualTo(operator.username());
        assertThat(jdbc.sql("""
                select count(*) from audit_event where actor = ? and action = 'reads.recognise' and target = ?
                  and outcome = 'success' and details->>'channel' = 'web'""")
                .params(operator.username(), "read:" + readId).query(Long.class).single()).isEqualTo(1);

        // Bad input is said on the page.
        String csrf = BrowserSession.csrfTokenIn(page.text());
        browser.postForm("/recognition/reruns", Map.of("readId", "twelve", "_csrf", csrf));
        assertThat(browser.get("/recognition").text()).contains("Enter the number of a read.");
        browser.postForm("/recognition/reruns", Map.of("readId", "987654399", "_csrf", csrf));
        assertThat(browser.get("/recognition").text()).contains("There is no read 987654399 that you may see.");

        assertThat(browser.get("/recognition?lang=uz").text()).contains("Raqamlarni tanib olish", "yuklangan");
        assertThat(browser.get("/recognition?lang=ru").text()).contains("Распознавание номеров", "загружены");
        browser.get("/recognition?lang=en");
    }

    @Test
    void investigatorsMayNotAndAdministratorsMay() {
        BrowserSession investigator = signIn(person("INVESTIGATOR").username());
        String csrf = BrowserSession.csrfTokenIn(investigator.get("/reads/live").text());
        assertThat(investigator.get("/recognition").status()).isEqualTo(403);
        assertThat(investigator.postForm("/recognition/reruns", Map.of("readId", "1", "_csrf", csrf)).status())
                .isEqualTo(403);
        assertThat(investigator.get("/reads/live").text()).doesNotContain("href=\"/recognition\"");

        BrowserSession admin = signIn("admin");
        var page = admin.get("/recognition");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Plate recognition", "href=\"/registry\"");
    }
}
