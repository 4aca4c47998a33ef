package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestAuthenticator;
import dev.plateguard.server.TestClient;

/**
 * The second factor in the web UI, over real HTTP with a session cookie and CSRF tokens as a browser sends them: a
 * session halfway through a sign-in grants nothing; the code page (wrong, replayed, recovery codes); the enrolment
 * page (QR code drawn on the server, secret for typing, confirmation, recovery codes once); an administrator's reset
 * on the user page. The same flows in a real browser: {@link dev.plateguard.server.web.SecondFactorBrowserIT}.
 */
class SecondFactorPagesIT extends IntegrationTest {

    private static final Pattern QR = Pattern.compile("id=\"totp-qr\"[^>]*src=\"([^\"]+)\"|src=\"(data:image/png;base64,[^\"]+)\"[^>]*id=\"totp-qr\"");

    private String base() {
        return client().base();
    }

    private long audited(String action, String actor, String outcome) {
        return jdbc.sql("select count(*) from audit_event where action = ? and actor = ? and outcome = ?")
                .params(action, actor, outcome).query(Long.class).single();
    }

    @Test
    void halfwayThroughASignInNothingOpensButTheCodePageAndSignOut() {
        var person = SecurityTestSupport.person(client(), admin(), "AUDITOR");
        BrowserSession browser = new BrowserSession(client());
        String anonymous = browser.csrfToken() == null ? null : browser.sessionId();
        var password = browser.loginWithPassword(person.username(), person.password());
        assertThat(password.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(password)).isEqualTo("/login/code");
        String pendingSession = browser.sessionId();
        assertThat(pendingSession).isNotEqualTo(anonymous);

        // Deny by default: every page leads back to the code page, none answers.
        for (String path : List.of("/", "/audit", "/audit.csv", "/admin/users", "/reads/live", "/search", "/cameras",
                "/review", "/v3/api-docs", "/swagger-ui.html", "/login/enrol")) {
            var r = browser.get(path);
            assertThat(r.status()).as(path + " " + r.status()).isEqualTo(302);
            assertThat(BrowserSession.redirectPath(r)).as(path).isEqualTo("/login/code");
        }
        var codePage = browser.get("/login/code");
        assertThat(codePage.status()).isEqualTo(200);
        assertThat(codePage.text()).contains(person.username()).contains("autocomplete=\"one-time-code\"")
                .doesNotContain("href=\"/audit\"");
        String csrf = BrowserSession.csrfTokenIn(codePage.text());
        var post = browser.postForm("/admin/users", Map.of("_csrf", csrf, "username", "created-while-pending",
                "password", TestClient.PASSWORD, "roles", "ADMIN"));
        assertThat(post.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(post)).isEqualTo("/login/code");
        assertThat(count("app_user where username = 'created-while-pending'")).isZero();
        // The session alone is no bearer credential on the API either.
        assertThat(browser.get("/api/v1/audit").status()).isEqualTo(401);

        // Signing out from the code page ends it.
        var out = browser.postForm("/logout", Map.of("_csrf", csrf));
        assertThat(BrowserSession.redirectPath(out)).isEqualTo("/login");
        assertThat(BrowserSession.redirectPath(browser.get("/login/code"))).isEqualTo("/login");
    }

    @Test
    void theCodePageRefusesWrongAndReplayedCodesAndTakesARecoveryCodeOnce() {
        var person = SecurityTestSupport.person(client(), admin(), "INVESTIGATOR");
        BrowserSession browser = new BrowserSession(client());
        browser.loginWithPassword(person.username(), person.password());
        String pending = browser.sessionId();

        var wrong = browser.enterCode("000000".equals(TestAuthenticator.code(TestAuthenticator.secret(base(), person.username()),
                TestAuthenticator.currentStep())) ? "111111" : "000000");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text()).contains("That code is wrong");
        assertThat(BrowserSession.redirectPath(browser.get("/search"))).as("still halfway").isEqualTo("/login/code");

        // Still within the clock's window when it is tried again below: refused as used, not as wrong.
        String code = TestAuthenticator.code(base(), person.username(), 20_000);
        var right = browser.enterCode(code);
        assertThat(right.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(right)).isEqualTo("/");
        assertThat(browser.sessionId()).as("a new session id once signed in").isNotEqualTo(pending);
        assertThat(browser.get("/search").status()).isEqualTo(200);
        assertThat(browser.get("/").text()).contains(person.username()).contains("href=\"/search\"");
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'login' and actor = ? and target = 'web'
                  and outcome = 'success' and details ->> 'secondFactor' = 'totp'""").param(person.username())
                .query(Long.class).single()).isEqualTo(1);

        // The same code in another sign-in: a replay.
        BrowserSession again = new BrowserSession(client());
        again.loginWithPassword(person.username(), person.password());
        var replayed = again.enterCode(code);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.text()).contains("That code was already used");
        assertThat(audited("login", person.username(), "failure")).isGreaterThanOrEqualTo(2);

        // A recovery code instead: once.
        String recovery = TestAuthenticator.recoveryCode(base(), person.username());
        var recovered = again.enterCode(recovery);
        assertThat(BrowserSession.redirectPath(recovered)).isEqualTo("/");
        assertThat(again.get("/search").status()).isEqualTo(200);
        BrowserSession third = new BrowserSession(client());
        third.loginWithPassword(person.username(), person.password());
        assertThat(third.enterCode(recovery).status()).isEqualTo(401);
    }

    @Test
    void theEnrolmentPageShowsAServerDrawnQrCodeAndTheRecoveryCodesOnce() {
        String username = TestClient.unique("enrol").toLowerCase();
        var created = client().createUser(admin(), Map.of("username", username, "password", TestClient.PASSWORD,
                "roles", List.of("SUPERVISOR")));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        BrowserSession browser = new BrowserSession(client());
        var password = browser.loginWithPassword(username, TestClient.PASSWORD);
        assertThat(BrowserSession.redirectPath(password)).isEqualTo("/login/enrol");
        assertThat(BrowserSession.redirectPath(browser.get("/review"))).isEqualTo("/login/enrol");
        assertThat(BrowserSession.redirectPath(browser.get("/login/code"))).isEqualTo("/login/enrol");

        var page = browser.get("/login/enrol");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).contains("no-store");
        String secret = BrowserSession.secretIn(page.text());
        assertThat(secret).matches("[A-Z2-7]{32}");
        // Grouped in fours for typing, and in the QR code, which is a PNG drawn here (no third party).
        assertThat(page.text()).contains(String.join(" ", secret.split("(?<=\\G.{4})")));
        Matcher qr = QR.matcher(page.text());
        assertThat(qr.find()).isTrue();
        String dataUri = qr.group(1) != null ? qr.group(1) : qr.group(2);
        assertThat(QrCodes.decode(dataUri)).isEqualTo("otpauth://totp/PlateGuard:" + username + "?secret=" + secret
                + "&issuer=PlateGuard&algorithm=SHA1&digits=6&period=30");
        assertThat(page.text()).doesNotContain("https://").doesNotContain("http://");
        // The same secret on every visit until it is confirmed: a reload does not break a scan.
        assertThat(BrowserSession.secretIn(browser.get("/login/enrol").text())).isEqualTo(secret);

        String csrf = BrowserSession.csrfTokenIn(page.text());
        var wrong = browser.postForm("/login/enrol", Map.of("_csrf", csrf, "code", "12345x"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.text()).contains("That code does not match");
        assertThat(BrowserSession.secretIn(wrong.text())).isEqualTo(secret);
        assertThat(audited("mfa.enrol", username, "failure")).isEqualTo(1);

        TestAuthenticator.remember(base(), username, secret);
        var done = browser.postForm("/login/enrol", Map.of("_csrf", csrf, "code", TestAuthenticator.code(base(), username)));
        assertThat(done.status()).isEqualTo(200);
        List<String> codes = BrowserSession.recoveryCodesIn(done.text());
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(done.text()).contains("id=\"recovery-continue\"");
        assertThat(browser.get("/review").status()).as("signed in").isEqualTo(200);
        assertThat(jdbc.sql("select confirmed_at is not null from user_totp where user_id = ?").param(id)
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'mfa.enrol' and actor = ? and outcome = 'success'
                  and details ->> 'channel' = 'web'""").param(username).query(Long.class).single()).isEqualTo(1);
        // Shown once: the enrolment page is gone for this signed-in session, and the codes appear nowhere else.
        assertThat(browser.get("/login/enrol").status()).isEqualTo(403);
        assertThat(browser.get("/").text()).doesNotContain(codes.getFirst());
        // The next sign-in asks for a code, not an enrolment.
        BrowserSession next = new BrowserSession(client());
        assertThat(BrowserSession.redirectPath(next.loginWithPassword(username, TestClient.PASSWORD))).isEqualTo("/login/code");
    }

    @Test
    void anAdministratorResetsASecondFactorOnTheUserPage() {
        var person = SecurityTestSupport.person(client(), admin(), "AUDITOR");
        BrowserSession user = new BrowserSession(client());
        assertThat(user.login(person.username(), person.password()).status()).isEqualTo(302);
        assertThat(user.get("/audit").status()).isEqualTo(200);

        BrowserSession admin = new BrowserSession(client());
        assertThat(BrowserSession.redirectPath(admin.login("admin2", TestClient.PASSWORD))).isEqualTo("/");
        var page = admin.get("/admin/users/" + person.id());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Enrolled since").contains("10 recovery codes left")
                .contains("/admin/users/" + person.id() + "/totp/reset");
        String csrf = BrowserSession.csrfTokenIn(page.text());
        var reset = admin.postForm("/admin/users/" + person.id() + "/totp/reset", Map.of("_csrf", csrf));
        assertThat(BrowserSession.redirectPath(reset)).isEqualTo("/admin/users/" + person.id());
        var after = admin.get("/admin/users/" + person.id()).text();
        assertThat(after).contains("Second factor of " + person.username() + " reset")
                .contains("Required but not enrolled yet");
        assertThat(audited("user.mfa-reset", "admin2", "success")).isEqualTo(1);
        // The user's session ended; their next sign-in is an enrolment.
        assertThat(BrowserSession.redirectPath(user.get("/audit"))).isEqualTo("/login");
        BrowserSession again = new BrowserSession(client());
        assertThat(BrowserSession.redirectPath(again.loginWithPassword(person.username(), person.password())))
                .isEqualTo("/login/enrol");

        // Nobody resets their own.
        long self = jdbc.sql("select id from app_user where username = 'admin2'").query(Long.class).single();
        var own = admin.postForm("/admin/users/" + self + "/totp/reset",
                Map.of("_csrf", BrowserSession.csrfTokenIn(admin.get("/admin/users/" + self).text())));
        assertThat(own.status()).isEqualTo(409);
        assertThat(own.text()).contains("Nobody resets their own second factor");
        assertThat(jdbc.sql("select count(*) from user_totp where user_id = ? and confirmed_at is not null").param(self)
                .query(Long.class).single()).isEqualTo(1);
    }
}
