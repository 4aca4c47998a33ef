package dev.plateguard.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.Scope;

/**
 * Accounts of an identity provider, against the real database: found by issuer and subject (never by username),
 * created once, refreshed only when the provider changed something, never created over a local account unless linking
 * is allowed, and disabled here means disabled.
 */
class ExternalAccountsIT extends IntegrationTest {

    private static final String ISSUER = "https://sso.example.uz/realms/police";

    @Autowired
    ExternalAccounts accounts;

    private static ExternalAccounts.ExternalIdentity identity(String subject) {
        return new ExternalAccounts.ExternalIdentity(ISSUER, subject);
    }

    private ExternalAccounts.Admitted admitted(ExternalAccounts.SignIn signIn) {
        assertThat(signIn).isInstanceOf(ExternalAccounts.Admitted.class);
        return (ExternalAccounts.Admitted) signIn;
    }

    @Test
    void theFirstSignInCreatesTheAccountLaterOnesRefreshItOnlyWhenSomethingChanged() {
        admin();
        String username = TestClient.unique("jit").toLowerCase();
        String subject = java.util.UUID.randomUUID().toString();
        var first = admitted(accounts.signIn(identity(subject), username, EnumSet.of(Role.OPERATOR), Scope.COUNTRY, null));
        assertThat(first.created()).isTrue();
        assertThat(first.principal().username()).isEqualTo(username);
        assertThat(accounts.isExternal(username)).isTrue();
        assertThat(accounts.identityOf(first.principal().userId())).contains(identity(subject));

        var same = admitted(accounts.signIn(identity(subject), username, EnumSet.of(Role.OPERATOR), Scope.COUNTRY, null));
        assertThat(same.created() || same.changed()).isFalse();
        assertThat(same.principal().securityStamp()).isEqualTo(first.principal().securityStamp());

        // The provider renamed the person: the account keeps its name (the audit still means the same person).
        Scope tashkent = new Scope(Set.of("Tashkent city"), Set.of());
        var moved = admitted(accounts.signIn(identity(subject), "renamed-" + username, EnumSet.of(Role.SUPERVISOR), tashkent,
                null));
        assertThat(moved.changed()).isTrue();
        assertThat(moved.principal().username()).isEqualTo(username);
        assertThat(moved.principal().roles()).containsExactly(Role.SUPERVISOR);
        assertThat(moved.principal().scope()).isEqualTo(tashkent);
        assertThat(moved.principal().securityStamp()).isGreaterThan(first.principal().securityStamp());
        assertThat(jdbc.sql("select count(*) from app_user where username = ?").param("renamed-" + username)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select details::text from audit_event where action = 'user.update' and target = ? order by id desc limit 1")
                .param("user:" + username).query(String.class).single()).contains("\"previousRoles\": [\"OPERATOR\"]");
    }

    @Test
    void aLocalAccountIsNeverTakenOverUnlessLinkingIsAllowedAndThenOnlyOnce() {
        String local = SecurityFixtures.localUser(client(), admin());
        var refused = accounts.signIn(identity("sub-" + local), local, EnumSet.of(Role.ADMIN), Scope.COUNTRY, null);
        assertThat(refused).isEqualTo(new ExternalAccounts.UsernameTaken(local));
        assertThat(accounts.signIn(identity("sub-" + local), local, EnumSet.of(Role.ADMIN), Scope.COUNTRY, u -> false))
                .isInstanceOf(ExternalAccounts.UsernameTaken.class);
        assertThat(accounts.isExternal(local)).isFalse();

        var linked = admitted(accounts.signIn(identity("sub-" + local), local, EnumSet.of(Role.ADMIN), Scope.COUNTRY, u -> true));
        assertThat(linked.linked()).isTrue();
        assertThat(linked.created()).isFalse();
        assertThat(accounts.isExternal(local)).isTrue();
        // A second identity of the same name cannot link it again.
        assertThat(accounts.signIn(identity("another-" + local), local, EnumSet.of(Role.ADMIN), Scope.COUNTRY, u -> true))
                .isInstanceOf(ExternalAccounts.UsernameTaken.class);
    }

    @Test
    void disabledHereStaysDisabledAndUnchanged() {
        admin();
        String username = TestClient.unique("off").toLowerCase();
        var first = admitted(accounts.signIn(identity("sub-" + username), username, EnumSet.of(Role.OPERATOR), Scope.COUNTRY, null));
        var patched = client().patchJson("/api/v1/users/" + first.principal().userId(), admin().token(), Map.of("disabled", true));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(accounts.signIn(identity("sub-" + username), username, EnumSet.of(Role.AUDITOR), Scope.COUNTRY, null))
                .isEqualTo(new ExternalAccounts.Disabled(username));
        assertThat(jdbc.sql("select roles::text from app_user where username = ?").param(username).query(String.class).single())
                .isEqualTo("{OPERATOR}");
    }

    @Test
    void rolesPlateGuardForbidsAreNeverStored() {
        admin();
        assertThatThrownBy(() -> accounts.signIn(identity("x"), "x-user", EnumSet.of(Role.ADMIN, Role.OPERATOR), Scope.COUNTRY, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> accounts.signIn(identity("y"), "y-user", EnumSet.noneOf(Role.class), Scope.COUNTRY, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of("x-user", "y-user")).allSatisfy(u -> assertThat(
                jdbc.sql("select count(*) from app_user where username = ?").param(u).query(Long.class).single()).isZero());
    }

    /** A local account made through the user API. */
    static final class SecurityFixtures {
        static String localUser(TestClient client, TestClient.Admin admin) {
            String username = TestClient.unique("local").toLowerCase();
            var r = client.createUser(admin, Map.of("username", username, "password", TestClient.PASSWORD, "roles", List.of("ADMIN")));
            assertThat(r.status()).isEqualTo(201);
            return username;
        }
    }
}
