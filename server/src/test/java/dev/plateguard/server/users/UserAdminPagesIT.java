package dev.plateguard.server.users;

import static dev.plateguard.server.users.AdminPagesSupport.redirect;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * The user administration pages, through the real login form, CSRF tokens and HTML forms: create, disable,
 * enable, reset a password, assign roles; refusals shown on the form; only ADMINs get in.
 */
class UserAdminPagesIT extends IntegrationTest {

    private static final String NEW_PASSWORD = "quiet river under seven bridges";

    record Account(long id, List<String> roles, boolean disabled) {
    }

    private Account account(String username) {
        return jdbc.sql("select id, roles, disabled from app_user where username = ?").param(username)
                .query((rs, n) -> new Account(rs.getLong("id"),
                        List.of((String[]) rs.getArray("roles").getArray()), rs.getBoolean("disabled")))
                .single();
    }

    private long audited(String action, String actor, String target) {
        return jdbc.sql("select count(*) from audit_event where action = ? and actor = ? and target = ? and outcome = 'success'")
                .params(action, actor, target).query(Long.class).single();
    }

    @Test
    void adminCreatesDisablesEnablesResetsAndAssignsRolesThroughTheForms() {
        var admin = AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        var list = admin.page("/admin/users");
        assertThat(list.html()).contains("name=\"username\"", "name=\"password\"", "type=\"checkbox\" name=\"roles\"",
                "value=\"AUDITOR\"", admin.person().username());

        // Create, with two roles ticked.
        String name = TestClient.unique("formuser").toLowerCase();
        var created = admin.post("/admin/users", list.csrf(), "username", name, "password", TestClient.PASSWORD,
                "roles", "OPERATOR", "roles", "INVESTIGATOR");
        assertThat(redirect(created)).isEqualTo("/admin/users");
        var after = admin.page("/admin/users");
        assertThat(after.html()).contains("User " + name + " created without roles for now").contains(">" + name + "</a>");
        Account account = account(name);
        // The roles wait for a second administrator: listed with an Approve button; the one who asked is refused.
        assertThat(account.roles()).isEmpty();
        long grant = jdbc.sql("select id from role_grant where user_id = ? and status = 'PENDING'").param(account.id())
                .query(Long.class).single();
        assertThat(after.html()).contains("/admin/users/grants/" + grant + "/approve");
        var own = admin.post("/admin/users/grants/" + grant + "/approve", after.csrf());
        assertThat(own.status()).isEqualTo(409);
        assertThat(own.text()).contains("a second administrator must approve it");
        assertThat(client().post("/api/v1/role-grants/" + grant + "/approve", admin().token(), null, new byte[0]).status())
                .isEqualTo(200);
        account = account(name);
        assertThat(account.roles()).containsExactlyInAnyOrder("OPERATOR", "INVESTIGATOR");
        assertThat(account.disabled()).isFalse();
        assertThat(audited("user.create", admin.person().username(), "user:" + name)).isEqualTo(1);
        // INVESTIGATOR signs in with a second factor: the first sign-in is an enrolment (403 and an enrolment token).
        var first = client().postJson("/api/v1/tokens", null, java.util.Map.of("username", name, "password",
                TestClient.PASSWORD));
        assertThat(first.status()).isEqualTo(403);
        assertThat(first.json().get("enrolmentToken").asString()).startsWith("pge_");
        assertThat(client().signIn(name, TestClient.PASSWORD).status()).isEqualTo(201);
        // Flash messages are shown once.
        assertThat(admin.page("/admin/users").html()).doesNotContain("User " + name + " created");

        // Disable.
        String userPage = "/admin/users/" + account.id();
        var detail = admin.page(userPage);
        assertThat(detail.html()).contains(name).contains("/admin/users/" + account.id() + "/disable");
        assertThat(redirect(admin.post(userPage + "/disable", detail.csrf()))).isEqualTo(userPage);
        assertThat(account(name).disabled()).isTrue();
        var disabledPage = admin.page(userPage);
        assertThat(disabledPage.html()).contains("User " + name + " disabled").contains(userPage + "/enable");
        assertThat(client().postJson("/api/v1/tokens", null, java.util.Map.of("username", name, "password",
                TestClient.PASSWORD)).status()).isEqualTo(401);

        // Enable again.
        assertThat(redirect(admin.post(userPage + "/enable", disabledPage.csrf()))).isEqualTo(userPage);
        assertThat(account(name).disabled()).isFalse();

        // Reset the password: the old one stops working, the new one works.
        var enabledPage = admin.page(userPage);
        assertThat(enabledPage.html()).contains("User " + name + " enabled.");
        assertThat(redirect(admin.post(userPage + "/password", enabledPage.csrf(), "password", NEW_PASSWORD)))
                .isEqualTo(userPage);
        assertThat(client().postJson("/api/v1/tokens", null, java.util.Map.of("username", name, "password",
                TestClient.PASSWORD)).status()).isEqualTo(401);
        // ...but only to choose another: an admin reset forces a change at the next sign-in.
        assertThat(client().postJson("/api/v1/tokens", null, java.util.Map.of("username", name, "password",
                NEW_PASSWORD)).status()).isEqualTo(403);
        assertThat(client().postJson("/api/v1/password-change", null, java.util.Map.of("username", name, "password",
                NEW_PASSWORD, "newPassword", TestClient.PASSWORD)).status()).isEqualTo(204);
        assertThat(client().login(name, TestClient.PASSWORD)).startsWith("pgu_");

        // Assign roles.
        var resetPage = admin.page(userPage);
        assertThat(resetPage.html()).contains("Password of " + name + " reset").doesNotContain(NEW_PASSWORD);
        assertThat(redirect(admin.post(userPage + "/roles", resetPage.csrf(), "roles", "AUDITOR", "roles", "SUPERVISOR")))
                .isEqualTo(userPage);
        assertThat(account(name).roles()).isEmpty();
        assertThat(admin.page(userPage).html()).contains("Roles of " + name + " saved; the added roles wait");
        long second = jdbc.sql("select id from role_grant where user_id = ? and status = 'PENDING'").param(account.id())
                .query(Long.class).single();
        assertThat(client().post("/api/v1/role-grants/" + second + "/approve", admin().token(), null, new byte[0]).status())
                .isEqualTo(200);
        assertThat(account(name).roles()).containsExactlyInAnyOrder("AUDITOR", "SUPERVISOR");

        // Every change is in the audit log, under the admin who made it, without the password.
        assertThat(audited("user.update", admin.person().username(), "user:" + name)).isEqualTo(4);
        assertThat(jdbc.sql("select count(*) from audit_event where strpos(details::text, ?) > 0").param(NEW_PASSWORD)
                .query(Long.class).single()).isZero();
    }

    @Test
    void refusalsAreShownOnTheFormAndNothingIsSaved() {
        var admin = AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        var list = admin.page("/admin/users");
        String name = TestClient.unique("refused").toLowerCase();

        var weak = admin.post("/admin/users", list.csrf(), "username", name, "password", "short", "roles", "OPERATOR");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.text()).contains("The form has errors; nothing was saved.").contains("At least 12 characters.")
                .contains("value=\"" + name + "\"").contains("aria-invalid=\"true\"");
        var common = admin.post("/admin/users", list.csrf(), "username", name, "password", "password1234", "roles", "OPERATOR");
        assertThat(common.status()).isEqualTo(400);
        assertThat(common.text()).contains("Too common.");
        var badName = admin.post("/admin/users", list.csrf(), "username", "No Spaces!", "password", TestClient.PASSWORD,
                "roles", "OPERATOR");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.text()).contains("Not a valid username.");
        var noRoles = admin.post("/admin/users", list.csrf(), "username", name, "password", TestClient.PASSWORD);
        assertThat(noRoles.status()).isEqualTo(400);
        assertThat(noRoles.text()).contains("Choose at least one role.");
        var badRole = admin.post("/admin/users", list.csrf(), "username", name, "password", TestClient.PASSWORD,
                "roles", "ROOT");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.text()).contains("Unknown role.");
        assertThat(jdbc.sql("select count(*) from app_user where username = ?").param(name).query(Long.class).single()).isZero();

        var taken = admin.post("/admin/users", list.csrf(), "username", "admin", "password", TestClient.PASSWORD,
                "roles", "OPERATOR");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.text()).contains("This username is taken.");

        // On a user's page: a weak new password, and no role at all.
        long id = account(admin.person().username()).id();
        var own = admin.page("/admin/users/" + id);
        var reset = admin.post("/admin/users/" + id + "/password", own.csrf(), "password", "tiny");
        assertThat(reset.status()).isEqualTo(400);
        assertThat(reset.text()).contains("At least 12 characters.");
        var none = admin.post("/admin/users/" + id + "/roles", own.csrf());
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.text()).contains("Choose at least one role.");
        assertThat(account(admin.person().username()).roles()).containsExactly("ADMIN");

        assertThat(admin.browser().get("/admin/users/" + Long.MAX_VALUE).status()).isEqualTo(404);
        assertThat(admin.post("/admin/users/" + Long.MAX_VALUE + "/disable", own.csrf()).status()).isEqualTo(404);
    }

    @Test
    void onlyAdminsGetIn() {
        var operator = AdminPagesSupport.signIn(client(), admin(), "OPERATOR");
        assertThat(operator.browser().get("/admin/users").status()).isEqualTo(403);
        assertThat(operator.browser().get("/admin/sites").status()).isEqualTo(403);
        assertThat(operator.browser().get("/admin/cameras").status()).isEqualTo(403);
        // A forged form post with a valid CSRF token of the operator's own session changes nothing.
        var home = operator.page("/");
        assertThat(home.html()).doesNotContain("/admin/users");
        String name = TestClient.unique("sneaky").toLowerCase();
        var post = operator.post("/admin/users", home.csrf(), "username", name, "password", TestClient.PASSWORD,
                "roles", "ADMIN");
        assertThat(post.status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from app_user where username = ?").param(name).query(Long.class).single()).isZero();

        var auditor = AdminPagesSupport.signIn(client(), admin(), "AUDITOR");
        assertThat(auditor.browser().get("/admin/users").status()).isEqualTo(403);
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() {
        var admin = AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        String name = TestClient.unique("nocsrf").toLowerCase();
        var post = admin.post("/admin/users", null, "username", name, "password", TestClient.PASSWORD, "roles", "ADMIN");
        assertThat(post.status()).isEqualTo(403);
        assertThat(admin.post("/admin/users", "forged", "username", name, "password", TestClient.PASSWORD,
                "roles", "ADMIN").status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from app_user where username = ?").param(name).query(Long.class).single()).isZero();
    }

    @Test
    void pagesSpeakUzbekAndRussian() {
        var admin = AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        long id = account(admin.person().username()).id();
        var uz = admin.page("/admin/users?lang=uz");
        assertThat(uz.html()).contains("Foydalanuvchi yaratish", "Rollar", "Faqat audit jurnali".toLowerCase())
                .doesNotContain("??");
        assertThat(admin.page("/admin/users/" + id).html()).contains("Parolni tiklash").doesNotContain("??");
        var refused = admin.post("/admin/users", uz.csrf(), "username", "x", "password", "x");
        assertThat(refused.text()).contains("Kamida 12 ta belgi.", "Kamida bitta rolni tanlang.");

        var ru = admin.page("/admin/users?lang=ru");
        assertThat(ru.html()).contains("Новый пользователь", "Роли", "только журнал аудита").doesNotContain("??");
        assertThat(admin.page("/admin/users/" + id).html()).contains("Сброс пароля").doesNotContain("??");
        admin.page("/admin/users?lang=en");
    }
}
