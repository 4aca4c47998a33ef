package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * Sessions a person can see (docs/security.md, "Sessions"): each signed-in browser session is recorded, listed to its
 * owner (this one marked), ended by its owner or an admin, and ended by the idle and absolute timeouts; a browser
 * whose session ended lands on the login page with a notice, an htmx request gets HX-Redirect. Real HTTP, real
 * PostgreSQL; timeouts are reached by moving a session's recorded times back, so the shared context is kept.
 */
class SessionsIT extends IntegrationTest {

    private static final Pattern SESSION_ROW = Pattern.compile("<tr[^>]*data-session=\"([^\"]+)\"[^>]*>");

    record Row(String id, boolean current) {
    }

    private static List<Row> rowsOn(String html) {
        Matcher m = SESSION_ROW.matcher(html);
        List<Row> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(new Row(m.group(1), m.group().contains("current")));
        }
        return rows;
    }

    private BrowserSession signedIn(SecurityTestSupport.Person person) {
        BrowserSession browser = new BrowserSession(client());
        var login = browser.login(person.username(), person.password());
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        assertThat(browser.get("/").status()).isEqualTo(200); // the first request after the sign-in records it
        return browser;
    }

    private String currentId(BrowserSession browser) {
        var page = browser.get("/me/sessions");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return rowsOn(page.text()).stream().filter(Row::current).map(Row::id).findFirst().orElseThrow();
    }

    private long audited(String action, String actor, String target) {
        return jdbc.sql("select count(*) from audit_event where action = ? and actor = ? and target = ?")
                .params(action, actor, target).query(Long.class).single();
    }

    @Test
    void aPersonListsTheirSessionsAndEndsAnotherOne() {
        var person = SecurityTestSupport.person(client(), admin(), "INVESTIGATOR");
        BrowserSession laptop = signedIn(person);
        BrowserSession phone = signedIn(person);

        var listed = client().get("/api/v1/me/sessions", person.token());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().size()).isEqualTo(2);
        for (var s : listed.json()) {
            assertThat(s.get("signIn").asString()).isEqualTo("password+totp");
            assertThat(s.get("clientIp").asString()).isEqualTo("127.0.0.1");
            assertThat(s.has("createdAt") && s.has("lastSeenAt")).isTrue();
            assertThat(s.get("current").asBoolean()).isFalse(); // a token is no session
        }
        // Only the hash of the servlet session id is stored, never the id itself.
        assertThat(jdbc.sql("select count(*) from user_session where encode(session_hash, 'escape') like ? or public_id = ?")
                .params("%" + laptop.sessionId() + "%", laptop.sessionId()).query(Long.class).single()).isZero();

        var page = laptop.get("/me/sessions");
        List<Row> rows = rowsOn(page.text());
        assertThat(rows).hasSize(2);
        assertThat(rows.stream().filter(Row::current)).hasSize(1);
        String laptopId = rows.stream().filter(Row::current).findFirst().orElseThrow().id();
        String phoneId = rows.stream().filter(r -> !r.current()).findFirst().orElseThrow().id();
        assertThat(page.text()).contains("data-confirm=", "/me/sessions/" + phoneId + "/end");
        assertThat(currentId(phone)).isEqualTo(phoneId);

        var ended = laptop.postForm("/me/sessions/" + phoneId + "/end",
                Map.of("_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(ended.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(ended)).isEqualTo("/me/sessions");
        assertThat(audited("session.revoke", person.username(), "session:" + phoneId)).isEqualTo(1);
        // Gone from the session store at once (every node shares it), before the phone comes back.
        assertThat(storedSessions(phone)).isZero();
        assertThat(storedSessions(laptop)).isEqualTo(1);

        var signedOut = phone.get("/");
        assertThat(signedOut.status()).isEqualTo(302);
        assertThat(signedOut.header("Location")).endsWith("/login?ended");
        assertThat(laptop.get("/").status()).isEqualTo(200);
        var after = client().get("/api/v1/me/sessions", person.token());
        assertThat(after.json().size()).isEqualTo(1);
        assertThat(after.json().get(0).get("id").asString()).isEqualTo(laptopId);
        assertThat(jdbc.sql("select end_reason from user_session where public_id = ?").param(phoneId)
                .query(String.class).single()).isEqualTo("revoked");
    }

    @Test
    void nobodySeesOrEndsAnotherPersonsSession() {
        var owner = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        var other = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession ownerBrowser = signedIn(owner);
        BrowserSession otherBrowser = signedIn(other);
        String ownerId = currentId(ownerBrowser);

        var othersList = client().get("/api/v1/me/sessions", other.token());
        assertThat(othersList.text()).doesNotContain(ownerId);
        assertThat(client().delete("/api/v1/me/sessions/" + ownerId, other.token()).status()).isEqualTo(404);
        assertThat(client().delete("/api/v1/me/sessions/no-such-session-id", other.token()).status()).isEqualTo(404);
        var page = otherBrowser.get("/me/sessions");
        var refused = otherBrowser.postForm("/me/sessions/" + ownerId + "/end",
                Map.of("_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(ownerBrowser.get("/").status()).isEqualTo(200);

        // The owner ends it through the API: its next request is signed out.
        assertThat(client().delete("/api/v1/me/sessions/" + ownerId, owner.token()).status()).isEqualTo(204);
        assertThat(ownerBrowser.get("/").header("Location")).endsWith("/login?ended");
        assertThat(client().delete("/api/v1/me/sessions/" + ownerId, owner.token()).status()).isEqualTo(404);
    }

    @Test
    void endOthersKeepsThisSession() {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession keep = signedIn(person);
        BrowserSession second = signedIn(person);
        BrowserSession third = signedIn(person);
        var page = keep.get("/me/sessions");
        var done = keep.postForm("/me/sessions/end-others", Map.of("_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(done.status()).isEqualTo(302);
        assertThat(keep.get("/me/sessions").text()).contains("Other sessions ended: 2.");
        assertThat(second.get("/").status()).isEqualTo(302);
        assertThat(third.get("/").status()).isEqualTo(302);
        assertThat(keep.get("/").status()).isEqualTo(200);
        // Through the API (a token is no session): every browser session ends.
        var ended = client().postJson("/api/v1/me/sessions/end-others", person.token(), Map.of());
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.json().get("ended").asInt()).isEqualTo(1);
        assertThat(keep.get("/").header("Location")).endsWith("/login?ended");
    }

    @Test
    void tokensAreListedWithTheirTimesAndOnlyTheirOwnerRevokesThem() {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        var other = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        var second = client().signIn(person.username(), person.password());
        long secondId = second.json().get("id").asLong();
        String secondToken = second.json().get("token").asString();

        var tokens = client().get("/api/v1/tokens", person.token());
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(tokens.json().size()).isEqualTo(2);
        for (var t : tokens.json()) {
            assertThat(t.get("createdAt").isNull()).isFalse();
            assertThat(t.get("expiresAt").isNull()).isFalse();
            assertThat(t.has("lastUsedAt")).isTrue();
        }
        assertThat(client().get("/api/v1/tokens", other.token()).text()).doesNotContain("\"id\":" + secondId + ",");

        assertThat(client().delete("/api/v1/tokens/" + secondId, other.token()).status()).isEqualTo(404);
        assertThat(client().get("/api/v1/me/sessions", secondToken).status()).isEqualTo(200);

        // Revoked on the dashboard page: the token stops working at once.
        BrowserSession browser = signedIn(person);
        var page = browser.get("/me/sessions");
        assertThat(page.text()).contains("data-token=\"" + secondId + "\"");
        BrowserSession otherBrowser = signedIn(other);
        var otherPage = otherBrowser.get("/me/sessions");
        assertThat(otherPage.text()).doesNotContain("data-token=\"" + secondId + "\"");
        assertThat(otherBrowser.postForm("/me/tokens/" + secondId + "/revoke",
                Map.of("_csrf", BrowserSession.csrfTokenIn(otherPage.text()))).status()).isEqualTo(404);
        var revoked = browser.postForm("/me/tokens/" + secondId + "/revoke",
                Map.of("_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(revoked.status()).isEqualTo(302);
        assertThat(client().get("/api/v1/me/sessions", secondToken).status()).isEqualTo(401);
        assertThat(browser.get("/me/sessions").text()).doesNotContain("data-token=\"" + secondId + "\"");
        // And through the API.
        assertThat(client().delete("/api/v1/tokens/" + person.tokenId(), person.token()).status()).isEqualTo(204);
        assertThat(client().get("/api/v1/tokens", person.token()).status()).isEqualTo(401);
    }

    @Test
    void anAdminEndsAUsersSessionsAndOthersMayNot() {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        var bystander = SecurityTestSupport.person(client(), admin(), "SUPERVISOR");
        BrowserSession browser = signedIn(person);
        BrowserSession second = signedIn(person);

        assertThat(client().postJson("/api/v1/users/" + person.id() + "/sessions/end", bystander.token(), Map.of())
                .status()).isEqualTo(403);
        assertThat(client().get("/api/v1/users/" + person.id() + "/sessions", bystander.token()).status()).isEqualTo(403);
        assertThat(browser.get("/").status()).isEqualTo(200);

        var listed = client().get("/api/v1/users/" + person.id() + "/sessions", admin().token());
        assertThat(listed.json().size()).isEqualTo(2);
        var ended = client().postJson("/api/v1/users/" + person.id() + "/sessions/end", admin().token(), Map.of());
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.json().get("ended").asInt()).isEqualTo(2);
        assertThat(browser.get("/").header("Location")).endsWith("/login?ended");
        assertThat(second.get("/").header("Location")).endsWith("/login?ended");
        assertThat(audited("session.end-all", "admin", "user:" + person.username())).isEqualTo(1);
        assertThat(client().postJson("/api/v1/users/987654321/sessions/end", admin().token(), Map.of()).status())
                .isEqualTo(404);
        // The person's API token is not a session: it still works.
        assertThat(client().get("/api/v1/me/sessions", person.token()).status()).isEqualTo(200);
    }

    @Test
    void theAdminUserPageEndsAUsersSessions() {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession browser = signedIn(person);
        BrowserSession adminBrowser = new BrowserSession(client());
        adminBrowser.login("admin", TestClient.PASSWORD);
        var page = adminBrowser.get("/admin/users/" + person.id());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("id=\"end-sessions\"", "data-confirm=");
        var done = adminBrowser.postForm("/admin/users/" + person.id() + "/sessions/end",
                Map.of("_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(done.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(done)).isEqualTo("/admin/users/" + person.id());
        assertThat(browser.get("/").header("Location")).endsWith("/login?ended");
        assertThat(audited("session.end-all", "admin", "user:" + person.username())).isEqualTo(1);
        // Not an admin: refused.
        var notAdmin = browser.get("/admin/users/" + person.id());
        assertThat(notAdmin.status()).isEqualTo(302);
    }

    @Test
    void theAbsoluteTimeoutEndsAnActiveSession() {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession browser = signedIn(person);
        String id = currentId(browser);
        // Signed in 12 hours ago (the default absolute timeout), active a moment ago.
        jdbc.sql("update user_session set created_at = now() - interval '12 hours 1 minute' where public_id = ?")
                .param(id).update();
        var expired = browser.get("/reads/live");
        assertThat(expired.status()).isEqualTo(302);
        assertThat(expired.header("Location")).endsWith("/login?expired");
        assertThat(jdbc.sql("select end_reason from user_session where public_id = ?").param(id).query(String.class)
                .single()).isEqualTo("absolute-timeout");
        assertThat(audited("session.end", "plateguard", "session:" + id)).isEqualTo(1);
        // The login page says so, and is no error page.
        var login = browser.get("/login?expired");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.text()).contains("Your session has expired");
    }

    @Test
    void theIdleTimeoutEndsASessionAndHtmxIsRedirected() {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession browser = signedIn(person);
        String id = currentId(browser);
        var poll = browser.send(HttpRequest.newBuilder(URI.create(client().base() + "/reads/live/rows?after=0")).GET(),
                Map.of("HX-Request", "true"));
        assertThat(poll.status()).isEqualTo(200);
        jdbc.sql("update user_session set last_seen_at = now() - interval '31 minutes' where public_id = ?")
                .param(id).update();
        // The live view's poll (htmx) gets HX-Redirect to the login page, not a login form to swap into the table.
        var expired = browser.send(HttpRequest.newBuilder(URI.create(client().base() + "/reads/live/rows?after=0")).GET(),
                Map.of("HX-Request", "true"));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.header("HX-Redirect")).isEqualTo("/login?expired");
        assertThat(expired.text()).doesNotContain("<form");
        assertThat(jdbc.sql("select end_reason from user_session where public_id = ?").param(id).query(String.class)
                .single()).isEqualTo("idle-timeout");
        // The next poll, with a session the server no longer has, is redirected the same way; a page gets a 302.
        var again = browser.send(HttpRequest.newBuilder(URI.create(client().base() + "/reads/live/rows?after=0")).GET(),
                Map.of("HX-Request", "true"));
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.header("HX-Redirect")).isEqualTo("/login?expired");
        var pageAgain = browser.get("/reads/live");
        assertThat(pageAgain.status()).isEqualTo(302);
        assertThat(pageAgain.header("Location")).endsWith("/login?expired");
    }

    @Test
    void signingOutEndsTheRecordAndCleanUpForgetsOldOnes() {
        var person = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession browser = signedIn(person);
        String id = currentId(browser);
        var page = browser.get("/me/sessions");
        var out = browser.postForm("/logout", Map.of("_csrf", BrowserSession.csrfTokenIn(page.text())));
        assertThat(out.status()).isEqualTo(302);
        assertThat(jdbc.sql("select end_reason from user_session where public_id = ?").param(id).query(String.class)
                .single()).isEqualTo("signed-out");
        assertThat(audited("session.end", person.username(), "session:" + id)).isEqualTo(1);
        jdbc.sql("update user_session set ended_at = now() - interval '31 days' where public_id = ?").param(id).update();
        sessions.cleanUp();
        assertThat(jdbc.sql("select count(*) from user_session where public_id = ?").param(id).query(Long.class)
                .single()).isZero();
    }

    @org.springframework.beans.factory.annotation.Autowired
    private dev.plateguard.server.users.UserSessions sessions;

    /** Sessions with this browser's id in the shared session store (Spring Session JDBC): 0 or 1. */
    private long storedSessions(BrowserSession browser) {
        return jdbc.sql("select count(*) from spring_session where session_id = ?").param(browser.sessionId())
                .query(Long.class).single();
    }
}
