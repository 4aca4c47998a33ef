package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;

/** The supervisors' overview counts today's violations and the backlog, and is closed to other roles. */
class ViolationDashboardIT extends ViolationSupport {

    private BrowserSession signedIn(String role) {
        String username = TestClient.unique(role.toLowerCase()).toLowerCase();
        client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of(role)));
        BrowserSession session = new BrowserSession(client());
        session.login(username, TestClient.PASSWORD);
        return session;
    }

    @Test
    void countsTodaysViolationsAndTheBacklog() {
        long site = site();
        var camera = camera(site, "speed", 60);
        speeding(camera, uniquePlate(), minutesAgo(1), 95);
        detect();
        var page = signedIn("SUPERVISOR").get("/violations");
        assertThat(page.status()).isEqualTo(200);
        // The offence in words, not its code.
        assertThat(page.text()).contains(">Speeding<").doesNotContain(">speeding<");
        // Background jobs may move other tests' items meanwhile, so compare with what can only have grown.
        var shown = java.util.regex.Pattern.compile("id=\"backlog-pending\">(\\d+)<").matcher(page.text());
        assertThat(shown.find()).isTrue();
        assertThat(Long.parseLong(shown.group(1))).isPositive();
        assertThat(signedIn("AUDITOR").get("/violations").status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'violations.dashboard'").query(Long.class).single())
                .isPositive();
    }
}
