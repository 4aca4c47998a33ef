package dev.plateguard.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.BrowserSession;

/** Issue 12, item 2: nobody self-grants, ADMIN stays alone, data roles need a second ADMIN, resets force a change. */
class SeparationOfDutiesIT extends IntegrationTest {

    private long idOf(String username) {
        return jdbc.sql("select id from app_user where username = ?").param(username).query(Long.class).single();
    }

    private String roles(long id) {
        return jdbc.sql("select array_to_string(roles, ',') from app_user where id = ?").param(id).query(String.class).single();
    }

    private long auditCount(String action, String actor, String target) {
        return jdbc.sql("select count(*) from audit_event where action = ? and actor = ? and target = ?")
                .params(action, actor, target).query(Long.class).single();
    }

    private TestClient.Response request(String username, String... roles) {
        return client().postJson("/api/v1/users", admin().token(),
                Map.of("username", username, "password", TestClient.PASSWORD, "roles", List.of(roles)));
    }

    private TestClient.Response approve(long grant, String token) {
        return client().post("/api/v1/role-grants/" + grant + "/approve", token, null, new byte[0]);
    }

    @Test
    void nobodyChangesTheirOwnRolesThroughTheApi() {
        var admin = admin();
        long self = idOf("admin");
        for (List<String> roles : List.of(List.of("INVESTIGATOR"), List.of("AUDITOR"), List.of("ADMIN", "INVESTIGATOR"))) {
            var r = client().patchJson("/api/v1/users/" + self, admin.token(), Map.of("roles", roles));
            assertThat(r.status()).as(roles + " -> " + r).isIn(400, 409);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        var own = client().patchJson("/api/v1/users/" + self, admin.token(), Map.of("roles", List.of("INVESTIGATOR")));
        assertThat(own.status()).isEqualTo(409);
        assertThat(own.text()).contains("own roles");
        assertThat(roles(self)).isEqualTo("ADMIN");
        assertThat(jdbc.sql("select count(*) from role_grant where user_id = ?").param(self).query(Long.class).single()).isZero();
        // The same admin still reads nothing.
        assertThat(client().get("/api/v1/reads", admin.token()).status()).isEqualTo(403);
    }

    @Test
    void nobodyChangesTheirOwnRolesThroughTheForm() {
        BrowserSession browser = new BrowserSession(client());
        assertThat(browser.login("admin2", TestClient.PASSWORD).status()).isEqualTo(302);
        admin();
        long self = idOf("admin2");
        String csrf = BrowserSession.csrfTokenIn(browser.get("/admin/users/" + self).text());
        var r = browser.postForm("/admin/users/" + self + "/roles", Map.of("roles", "INVESTIGATOR", "_csrf", csrf));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text()).contains("Nobody changes their own roles");
        assertThat(roles(self)).isEqualTo("ADMIN");
    }

    @Test
    void adminNeverCombinesWithARoleThatSeesPersonalData() {
        var admin = admin();
        for (String role : List.of("OPERATOR", "SUPERVISOR", "INVESTIGATOR", "AUDITOR", "INTEGRATION")) {
            String username = TestClient.unique("combo").toLowerCase();
            var r = request(username, "ADMIN", role);
            assertThat(r.status()).as(role + " -> " + r).isEqualTo(400);
            assertThat(r.text()).contains("roles");
            assertThat(jdbc.sql("select count(*) from app_user where username = ?").param(username).query(Long.class).single()).isZero();
        }
        // Promoting a data user to ADMIN without dropping the data role is refused too.
        var person = client().createUser(admin, Map.of("username", TestClient.unique("combo").toLowerCase(),
                "password", TestClient.PASSWORD, "roles", List.of("OPERATOR")));
        long id = person.json().get("id").asLong();
        var both = client().patchJson("/api/v1/users/" + id, admin.token(), Map.of("roles", List.of("OPERATOR", "ADMIN")));
        assertThat(both.status()).isEqualTo(400);
        assertThat(roles(id)).isEqualTo("OPERATOR");
        // ...and the database refuses it even without the service.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                "update app_user set roles = '{ADMIN,OPERATOR}' where id = ?").param(id).update()).isNotNull();
    }

    @Test
    void adminAloneNeedsNoApproval() {
        String username = TestClient.unique("adm").toLowerCase();
        var r = request(username, "ADMIN");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("roles").toString()).contains("ADMIN");
        assertThat(r.json().has("pendingGrantId")).isFalse();
    }

    @Test
    void aDataRoleTakesEffectOnlyWhenASecondAdminApproves() {
        var admin = admin();
        String username = TestClient.unique("inv").toLowerCase();
        var r = request(username, "INVESTIGATOR");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        long id = r.json().get("id").asLong();
        long grant = r.json().get("pendingGrantId").asLong();
        assertThat(roles(id)).isEmpty();
        assertThat(auditCount("role-grant.request", "admin", "user:" + username)).isEqualTo(1);

        // The user exists but sees nothing yet.
        String token = client().login(username, TestClient.PASSWORD);
        assertThat(client().get("/api/v1/reads", token).status()).isEqualTo(403);

        var pending = client().get("/api/v1/role-grants?status=pending", admin.token());
        assertThat(pending.status()).isEqualTo(200);
        assertThat(pending.json().findValues("id").stream().map(n -> n.asLong()).toList()).contains(grant);
        // Shown on the admin page with approve buttons.
        BrowserSession browser = new BrowserSession(client());
        browser.login("admin2", TestClient.PASSWORD);
        String page = browser.get("/admin/users").text();
        assertThat(page).contains("grant-" + grant).contains("/admin/users/grants/" + grant + "/approve");

        // The admin who asked cannot approve.
        var own = approve(grant, admin.token());
        assertThat(own.status()).isEqualTo(409);
        assertThat(roles(id)).isEmpty();
        assertThat(client().get("/api/v1/reads", token).status()).isEqualTo(403);
        // Nor can a non-admin.
        assertThat(approve(grant, token).status()).isEqualTo(403);

        var approved = approve(grant, admin.approver());
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("APPROVED");
        assertThat(approved.json().get("decidedBy").asString()).isEqualTo("admin2");
        assertThat(roles(id)).isEqualTo("INVESTIGATOR");
        assertThat(client().get("/api/v1/reads", token).status()).isEqualTo(200);
        assertThat(auditCount("role-grant.approve", "admin2", "user:" + username)).isEqualTo(1);
        // Decided once.
        assertThat(approve(grant, admin.approver()).status()).isEqualTo(409);
    }

    @Test
    void aRoleChangeAddingADataRoleWaitsToo() {
        var admin = admin();
        var person = client().createUser(admin, Map.of("username", TestClient.unique("chg").toLowerCase(),
                "password", TestClient.PASSWORD, "roles", List.of("OPERATOR")));
        long id = person.json().get("id").asLong();
        var r = client().patchJson("/api/v1/users/" + id, admin.token(), Map.of("roles", List.of("OPERATOR", "SUPERVISOR")));
        assertThat(r.status()).isEqualTo(202);
        assertThat(roles(id)).isEqualTo("OPERATOR");
        long stamp = jdbc.sql("select security_stamp from app_user where id = ?").param(id).query(Long.class).single();
        assertThat(approve(r.json().get("pendingGrantId").asLong(), admin.approver()).status()).isEqualTo(200);
        assertThat(roles(id)).isEqualTo("OPERATOR,SUPERVISOR");
        // Approval ends the user's sessions like any role change.
        assertThat(jdbc.sql("select security_stamp from app_user where id = ?").param(id).query(Long.class).single())
                .isGreaterThan(stamp);
        // Dropping a role needs nobody else.
        assertThat(client().patchJson("/api/v1/users/" + id, admin.token(), Map.of("roles", List.of("SUPERVISOR")))
                .status()).isEqualTo(200);
        assertThat(roles(id)).isEqualTo("SUPERVISOR");
    }

    @Test
    void aGrantCanBeRejectedOrWithdrawn() {
        var admin = admin();
        String username = TestClient.unique("rej").toLowerCase();
        var r = request(username, "AUDITOR");
        long grant = r.json().get("pendingGrantId").asLong();
        var rejected = client().post("/api/v1/role-grants/" + grant + "/reject", admin.approver(), null, new byte[0]);
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.json().get("status").asString()).isEqualTo("REJECTED");
        assertThat(approve(grant, admin.approver()).status()).isEqualTo(409);
        assertThat(roles(r.json().get("id").asLong())).isEmpty();
        assertThat(auditCount("role-grant.reject", "admin2", "user:" + username)).isEqualTo(1);

        var again = client().patchJson("/api/v1/users/" + r.json().get("id").asLong(), admin.token(),
                Map.of("roles", List.of("AUDITOR")));
        long second = again.json().get("pendingGrantId").asLong();
        var withdrawn = client().post("/api/v1/role-grants/" + second + "/reject", admin.token(), null, new byte[0]);
        assertThat(withdrawn.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(client().get("/api/v1/role-grants?status=pending", admin.token()).json().findValues("id").stream()
                .map(n -> n.asLong()).toList()).doesNotContain(grant, second);
    }

    @Test
    void anUnansweredGrantExpires() {
        var admin = admin();
        String username = TestClient.unique("exp").toLowerCase();
        var r = request(username, "OPERATOR");
        long grant = r.json().get("pendingGrantId").asLong();
        assertThat(jdbc.sql("select expires_at > now() + interval '1 hour' from role_grant where id = ?").param(grant)
                .query(Boolean.class).single()).isTrue();
        jdbc.sql("update role_grant set expires_at = now() - interval '1 second' where id = ?").param(grant).update();
        var late = approve(grant, admin.approver());
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.text()).contains("expired");
        assertThat(roles(r.json().get("id").asLong())).isEmpty();
        assertThat(client().get("/api/v1/role-grants?status=expired", admin.token()).json().findValues("id").stream()
                .map(n -> n.asLong()).toList()).contains(grant);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'role-grant.expire' and details->>'grant' = ?")
                .param(String.valueOf(grant)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void badInputIsAPreciseProblem() {
        var admin = admin();
        assertThat(approve(Long.MAX_VALUE, admin.approver()).status()).isEqualTo(404);
        assertThat(client().post("/api/v1/role-grants/" + Long.MAX_VALUE + "/reject", admin.token(), null, new byte[0])
                .status()).isEqualTo(404);
        assertThat(client().post("/api/v1/role-grants/abc/approve", admin.token(), null, new byte[0]).status()).isEqualTo(400);
        assertThat(client().get("/api/v1/role-grants?status=bogus", admin.token()).status()).isEqualTo(400);
        for (String body : List.of("null", "[]", "{", "\"x\"", "{\"roles\":\"OPERATOR\"}", "{\"scope\":[1]}",
                "{\"scope\":{\"sites\":[\"x\"]}}")) {
            var post = client().post("/api/v1/users", admin.token(), "application/json", body.getBytes());
            assertThat(post.status()).as("POST " + body + " -> " + post).isEqualTo(400);
            var patch = client().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client().base()
                    + "/api/v1/users/" + idOf("admin2"))).method("PATCH",
                    java.net.http.HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"),
                    admin.token(), Map.of());
            assertThat(patch.status()).as("PATCH " + body + " -> " + patch).isEqualTo(400);
        }
        var password = client().post("/api/v1/password-change", null, "application/json", "null".getBytes());
        assertThat(password.status()).isEqualTo(400);
        var missing = client().postJson("/api/v1/password-change", null, Map.of("username", "admin2", "password", "x"));
        assertThat(missing.status()).isEqualTo(400);
    }

    @Test
    void aPasswordResetByAnAdminForcesAChangeAtTheNextSignIn() {
        var admin = admin();
        var person = client().createUser(admin, Map.of("username", TestClient.unique("reset").toLowerCase(),
                "password", TestClient.PASSWORD, "roles", List.of("OPERATOR")));
        String username = person.json().get("username").asString();
        long id = person.json().get("id").asLong();
        String reset = "amber lantern over quiet water";
        var r = client().patchJson("/api/v1/users/" + id, admin.token(), Map.of("password", reset));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("mustChangePassword").asBoolean()).isTrue();

        // The reset password (known to the admin) yields no token, only the instruction to change it.
        var token = client().postJson("/api/v1/tokens", null, Map.of("username", username, "password", reset));
        assertThat(token.status()).isEqualTo(403);
        assertThat(token.json().get("type").asString()).endsWith("password-change-required");
        assertThat(token.text()).contains("/api/v1/password-change");
        // ...nor a session.
        BrowserSession browser = new BrowserSession(client());
        var web = browser.login(username, reset);
        assertThat(BrowserSession.redirectPath(web)).isEqualTo("/password-change");
        assertThat(browser.get("/review").status()).isNotEqualTo(200);

        String fresh = "copper kite above a silent harbour";
        var wrong = client().postJson("/api/v1/password-change", null,
                Map.of("username", username, "password", "not the password at all", "newPassword", fresh));
        assertThat(wrong.status()).isEqualTo(401);
        var same = client().postJson("/api/v1/password-change", null,
                Map.of("username", username, "password", reset, "newPassword", reset));
        assertThat(same.status()).isEqualTo(400);
        var weak = client().postJson("/api/v1/password-change", null,
                Map.of("username", username, "password", reset, "newPassword", "password1234"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.text()).contains("newPassword");

        var changed = client().postJson("/api/v1/password-change", null,
                Map.of("username", username, "password", reset, "newPassword", fresh));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
        assertThat(client().postJson("/api/v1/tokens", null, Map.of("username", username, "password", reset)).status())
                .isEqualTo(401);
        String ok = client().login(username, fresh);
        assertThat(client().get("/api/v1/reads", ok).status()).isEqualTo(200);
        assertThat(auditCount("user.password-change", username, "user:" + username)).isEqualTo(1);
    }

    @Test
    void theWebSignInOnlyAllowsChangingAResetPassword() {
        var admin = admin();
        var person = client().createUser(admin, Map.of("username", TestClient.unique("webreset").toLowerCase(),
                "password", TestClient.PASSWORD, "roles", List.of("OPERATOR")));
        String username = person.json().get("username").asString();
        String reset = "amber lantern over quiet water";
        client().patchJson("/api/v1/users/" + person.json().get("id").asLong(), admin.token(), Map.of("password", reset));

        BrowserSession browser = new BrowserSession(client());
        var login = browser.login(username, reset);
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).contains("/password-change?required");
        var page = browser.get("/password-change?required");
        assertThat(page.status()).isEqualTo(200);
        String csrf = BrowserSession.csrfTokenIn(page.text());
        String fresh = "copper kite above a silent harbour";
        var mismatch = browser.postForm("/password-change", Map.of("username", username, "password", reset,
                "newPassword", fresh, "confirm", fresh + "x", "_csrf", csrf));
        assertThat(mismatch.status()).isEqualTo(400);
        var done = browser.postForm("/password-change", Map.of("username", username, "password", reset,
                "newPassword", fresh, "confirm", fresh, "_csrf", BrowserSession.csrfTokenIn(mismatch.text())));
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.header("Location")).contains("/login?changed");
        BrowserSession again = new BrowserSession(client());
        var signedIn = again.login(username, fresh);
        assertThat(BrowserSession.redirectPath(signedIn)).isNotEqualTo("/password-change").isNotEqualTo("/login");
        assertThat(again.get("/review").status()).isEqualTo(200);
    }

    @Test
    void scopeIsValidatedStoredAuditedAndEndsSessions() {
        var admin = admin();
        var device = client().device(admin);
        String region = jdbc.sql("select region from site where id = ?").param(device.siteId()).query(String.class).single();
        var person = client().createUser(admin, Map.of("username", TestClient.unique("scoped").toLowerCase(),
                "password", TestClient.PASSWORD, "roles", List.of("OPERATOR")));
        long id = person.json().get("id").asLong();
        assertThat(person.json().get("scope").get("regions").size()).isZero();
        long stamp = jdbc.sql("select security_stamp from app_user where id = ?").param(id).query(Long.class).single();

        var unknownSite = client().patchJson("/api/v1/users/" + id, admin.token(),
                Map.of("scope", Map.of("sites", List.of(Long.MAX_VALUE))));
        assertThat(unknownSite.status()).isEqualTo(400);
        assertThat(unknownSite.text()).contains("scope.sites[0]");
        var unknownRegion = client().patchJson("/api/v1/users/" + id, admin.token(),
                Map.of("scope", Map.of("regions", List.of("Atlantis"))));
        assertThat(unknownRegion.status()).isEqualTo(400);
        assertThat(unknownRegion.text()).contains("scope.regions[0]");

        var ok = client().patchJson("/api/v1/users/" + id, admin.token(),
                Map.of("scope", Map.of("regions", List.of(region), "sites", List.of(device.siteId()))));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("scope").get("regions").get(0).asString()).isEqualTo(region);
        assertThat(ok.json().get("scope").get("sites").get(0).asLong()).isEqualTo(device.siteId());
        assertThat(jdbc.sql("select security_stamp from app_user where id = ?").param(id).query(Long.class).single())
                .isGreaterThan(stamp);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'user.update' and target = ? and jsonb_exists(details, 'scope')")
                .params("user:" + person.json().get("username").asString()).query(Long.class).single()).isEqualTo(1);
        // The whole country again.
        var country = client().patchJson("/api/v1/users/" + id, admin.token(), Map.of("scope", Map.of()));
        assertThat(country.json().get("scope").get("sites").size()).isZero();
    }

    @Test
    void scopeIsEditableOnTheAdminPage() {
        var admin = admin();
        var device = client().device(admin);
        String region = jdbc.sql("select region from site where id = ?").param(device.siteId()).query(String.class).single();
        var person = client().createUser(admin, Map.of("username", TestClient.unique("formscope").toLowerCase(),
                "password", TestClient.PASSWORD, "roles", List.of("OPERATOR")));
        long id = person.json().get("id").asLong();
        BrowserSession browser = new BrowserSession(client());
        browser.login("admin2", TestClient.PASSWORD);
        String page = browser.get("/admin/users/" + id).text();
        assertThat(page).contains("/admin/users/" + id + "/scope").contains("The whole country");
        var unknown = browser.postForm("/admin/users/" + id + "/scope", Map.of("regions", "Atlantis",
                "_csrf", BrowserSession.csrfTokenIn(page)));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("No site is in this region.");
        var saved = browser.postForm("/admin/users/" + id + "/scope", Map.of("regions", region,
                "_csrf", BrowserSession.csrfTokenIn(unknown.text())));
        assertThat(saved.status()).isEqualTo(302);
        assertThat(jdbc.sql("select array_to_string(scope_regions, ',') from app_user where id = ?").param(id)
                .query(String.class).single()).isEqualTo(region);
        assertThat(browser.get("/admin/users/" + id).text()).contains("Scope of " + person.json().get("username").asString()
                + " saved").doesNotContain("The whole country");
    }
}
