package dev.plateguard.server.users;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.identity.Secrets;
import dev.plateguard.server.identity.UserPrincipal;

/**
 * Accounts whose person signs in through an organisation's identity provider (single sign-on). The provider is the
 * source of truth for roles and scope: the account is created at the first sign-in (just in time) and its roles and
 * scope are replaced by the provider's at every sign-in. What stays PlateGuard's own is the {@code disabled} flag: an
 * account disabled here stays shut whatever the provider says.
 *
 * <p>Such an account has no usable password (a hash of a random secret nobody saw), and password sign-in refuses it
 * anyway (docs/security.md). The four-eyes rule of {@link RoleGrants} does not apply to roles that come from the
 * provider: the provider's own approval process stands in for it. ADMIN never combines with another role, here too.
 */
@Service
public class ExternalAccounts {

    /** Who the person is at the provider: its issuer and the person's {@code sub}. */
    public record ExternalIdentity(String issuer, String subject) {
    }

    /** What became of a sign-in. */
    public sealed interface SignIn permits Admitted, Disabled, UsernameTaken {
    }

    /**
     * Signed in, as {@code principal} (roles, scope and security stamp as stored now).
     *
     * @param created the account was created by this sign-in
     * @param linked  an existing local account was linked to the identity by this sign-in
     * @param changed roles or scope changed, which ended the account's other sessions
     */
    public record Admitted(UserPrincipal principal, boolean created, boolean linked, boolean changed) implements SignIn {
    }

    /** The account is disabled in PlateGuard. */
    public record Disabled(String username) implements SignIn {
    }

    /** The username belongs to an account that is not this identity's (and may not be linked to it). */
    public record UsernameTaken(String username) implements SignIn {
    }

    private final JdbcClient jdbc;
    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final AuditLog audit;

    ExternalAccounts(JdbcClient jdbc, UserRepository users, PasswordEncoder encoder, AuditLog audit) {
        this.jdbc = jdbc;
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
    }

    /**
     * Signs in the person with this identity, creating the account or refreshing its roles and scope.
     *
     * @param username    the username to create the account with (ignored for an existing account: usernames never
     *                    change, so that the audit keeps meaning the same person)
     * @param roles       the roles the provider grants, valid for PlateGuard (at least one; ADMIN alone)
     * @param scope       the part of the country the provider grants, of regions and sites that exist
     * @param linkAccount may an existing local account of this username (never linked before) be linked to the
     *                    identity; null when none may
     */
    @Transactional
    public SignIn signIn(ExternalIdentity identity, String username, Set<Role> roles, Scope scope,
                         java.util.function.Predicate<String> linkAccount) {
        if (roles.isEmpty() || roles.contains(Role.ADMIN) && roles.size() > 1) {
            throw new IllegalArgumentException("roles must be ADMIN alone or at least one other role: " + roles);
        }
        users.lockAccountChanges();
        Optional<Row> found = byIdentity(identity);
        boolean linked = false;
        boolean created = false;
        if (found.isEmpty()) {
            Optional<Row> local = byUsername(username);
            if (local.isPresent()) {
                if (local.get().external() || linkAccount == null || !linkAccount.test(username)) {
                    return new UsernameTaken(username);
                }
                jdbc.sql("update app_user set external_issuer = ?, external_subject = ? where id = ?")
                        .params(identity.issuer(), identity.subject(), local.get().account().id()).update();
                audit.recordSystem("user.link", "user:" + username, AuditLog.Outcome.SUCCESS,
                        details(identity, null, null));
                linked = true;
                found = local;
            } else {
                long id = jdbc.sql("""
                        insert into app_user (username, password_hash, roles, scope_regions, scope_sites,
                                              external_issuer, external_subject)
                        values (?, ?, ?::text[], ?::text[], ?::bigint[], ?, ?) returning id""")
                        .params(username, encoder.encode(Secrets.generate("sso_")), UserRepository.toArrayLiteral(roles),
                                scope.regions().toArray(String[]::new), scope.sites().toArray(Long[]::new),
                                identity.issuer(), identity.subject())
                        .query(Long.class).single();
                audit.recordSystem("user.create", "user:" + username, AuditLog.Outcome.SUCCESS,
                        details(identity, roles, scope));
                created = true;
                found = byIdentity(identity);
            }
        }
        UserAccount account = found.orElseThrow().account();
        if (account.disabled()) {
            return new Disabled(account.username());
        }
        boolean changed = !created && (!account.roles().equals(roles) || !account.scope().equals(scope));
        if (changed) {
            // The provider changed what this person may do: replace it, and end the person's other sessions.
            users.update(account.id(), roles, null, null, null, scope);
            Map<String, Object> details = details(identity, roles, scope);
            details.put("previousRoles", UserRepository.names(account.roles()));
            details.put("previousScope", scopeMap(account.scope()));
            audit.recordSystem("user.update", "user:" + account.username(), AuditLog.Outcome.SUCCESS, details);
        }
        Row now = byIdentity(identity).orElseThrow();
        UserAccount current = now.account();
        return new Admitted(new UserPrincipal(current.id(), current.username(), current.roles(), now.securityStamp(),
                current.scope()), created, linked, changed);
    }

    /** Whether this username is an account of a person who signs in through an identity provider. */
    public boolean isExternal(String username) {
        return jdbc.sql("select exists (select 1 from app_user where username = ? and external_subject is not null)")
                .param(username).query(Boolean.class).single();
    }

    /** The identity provider an account signs in through, if it does. */
    public Optional<ExternalIdentity> identityOf(long userId) {
        return jdbc.sql("select external_issuer, external_subject from app_user where id = ? and external_subject is not null")
                .param(userId)
                .query((rs, n) -> new ExternalIdentity(rs.getString(1), rs.getString(2))).optional();
    }

    private record Row(UserAccount account, long securityStamp, boolean external) {
    }

    private Optional<Row> byIdentity(ExternalIdentity identity) {
        return jdbc.sql("select * from app_user where external_issuer = ? and external_subject = ?")
                .params(identity.issuer(), identity.subject())
                .query((rs, n) -> new Row(UserRepository.map(rs), rs.getLong("security_stamp"), true)).optional();
    }

    private Optional<Row> byUsername(String username) {
        return jdbc.sql("select * from app_user where username = ?").param(username)
                .query((rs, n) -> new Row(UserRepository.map(rs), rs.getLong("security_stamp"),
                        rs.getString("external_subject") != null)).optional();
    }

    private static Map<String, Object> details(ExternalIdentity identity, Set<Role> roles, Scope scope) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", "sso");
        details.put("issuer", identity.issuer());
        details.put("subject", identity.subject());
        if (roles != null) {
            details.put("roles", UserRepository.names(roles));
        }
        if (scope != null) {
            details.put("scope", scopeMap(scope));
        }
        return details;
    }

    private static Map<String, Object> scopeMap(Scope scope) {
        return Map.of("regions", scope.regions(), "sites", scope.sites());
    }
}
