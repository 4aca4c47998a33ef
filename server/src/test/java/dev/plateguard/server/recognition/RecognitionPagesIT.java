package dev.plateguard.server.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;

/** The read page shows where the plate came from and the read's recognitions, with a "Recognise again" form. */
class RecognitionPagesIT extends RecognitionSupport {

    private BrowserSession signIn(Person person) {
        BrowserSession browser = new BrowserSession(client());
        var login = browser.login(person.username(), TestClient.PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        return browser;
    }

    @Test
    void anOperatorSeesTheRecognitionsAndAsksForAnother() {
        var device = client().device(admin());
        byte[] image = image();
        String plate = uzPlate();
        scripted.script(image, plate);
        long readId = postImageOnly(device, image);
        awaitRecognitions(readId, 1);
        Person operator = person("OPERATOR");
        BrowserSession browser = signIn(operator);

        var page = browser.get("/reads/" + readId);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.text()).contains("Recognitions by the server", "scripted-1", "automatic", "gave the read its plate",
                "Plate text from", "Recognise again", "/reads/" + readId + "/recognitions");
        assertThat(page.text()).doesNotContain("As sent by the camera");

        var noToken = browser.postForm("/reads/" + readId + "/recognitions", Map.of());
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(jobsOf(readId) + recognitionsOf(readId)).isEqualTo(1);

        var asked = browser.postForm("/reads/" + readId + "/recognitions", Map.of("_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(asked)).isEqualTo("/reads/" + readId);
        awaitRecognitions(readId, 2);
        assertThat(recognitionRows(readId).get(1).get("requested_by")).isEqualTo(operator.username());
        assertThat(jdbc.sql("""
                select count(*) from audit_event where actor = ? and action = 'reads.recognise' and target = ?
                  and outcome = 'success' and details->>'channel' = 'web'""")
                .params(operator.username(), "read:" + readId).query(Long.class).single()).isEqualTo(1);

        page = browser.get("/reads/" + readId);
        assertThat(page.text()).contains("is queued", operator.username());

        // In Uzbek and Russian too.
        assertThat(browser.get("/reads/" + readId + "?lang=uz").text()).contains("Qayta tanib olish");
        assertThat(browser.get("/reads/" + readId + "?lang=ru").text()).contains("Распознать заново");
    }

    @Test
    void cameraTextShowsAsTheCamerasAndInvestigatorsCannotAsk() {
        var device = client().device(admin());
        long readId = createRead(device, eventId(), aMinuteAgo(), uzPlate());
        BrowserSession investigator = signIn(person("INVESTIGATOR"));
        var page = investigator.get("/reads/" + readId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("the camera", "As sent by the camera", "The server has not recognised this read.")
                .doesNotContain("Recognise again");
        var refused = investigator.postForm("/reads/" + readId + "/recognitions",
                Map.of("_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(jobsOf(readId)).isZero();
    }

    @Test
    void aRefusalIsShownOnThePage() {
        var device = client().device(admin());
        var batch = postBatch(device, "{\"reads\":[" + minimalMetadata(eventId(), aMinuteAgo(), uzPlate()) + "]}");
        long textOnly = batch.json().get("results").get(0).get("id").asLong();
        BrowserSession supervisor = signIn(person("SUPERVISOR"));
        var page = supervisor.get("/reads/" + textOnly);
        assertThat(page.text()).doesNotContain("Recognise again"); // nothing to recognise
        var refused = supervisor.postForm("/reads/" + textOnly + "/recognitions",
                Map.of("_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(supervisor.get("/reads/" + textOnly).text()).contains("This read has no image to recognise.");
        assertThat(supervisor.postForm("/reads/987654398/recognitions",
                Map.of("_csrf", BrowserSession.csrfTokenIn(page.text()))).status()).isEqualTo(404);
    }
}
