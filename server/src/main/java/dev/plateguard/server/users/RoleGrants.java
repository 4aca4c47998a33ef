package dev.plateguard.server.users;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * Four eyes on every role that sees personal data: an ADMIN asks, a different ADMIN approves or rejects, and an
 * unanswered request expires. Approval adds the roles and bumps the security stamp, so the user's sessions end.
 */
@Service
public class RoleGrants {

    /** Roles that need a second ADMIN's approval, and that never combine with ADMIN: all but ADMIN. */
    public static final Set<Role> APPROVAL_ROLES = EnumSet.complementOf(EnumSet.of(Role.ADMIN));

    public enum Status { PENDING, APPROVED, REJECTED, CANCELLED, EXPIRED }

    /** A request to add roles to a user, as the API and the admin page show it. */
    public record RoleGrant(long id, long userId, String username, Set<Role> roles, String requestedBy,
                            Instant requestedAt, Instant expiresAt, Status status, String decidedBy,
                            Instant decidedAt) {
    }

    private final JdbcClient jdbc;
    private final UserRepository users;
    private final UsersSettings settings;
    private final AuditLog audit;

    RoleGrants(JdbcClient jdbc, UserRepository users, UsersSettings settings, AuditLog audit) {
        this.jdbc = jdbc;
        this.users = users;
        this.settings = settings;
        this.audit = audit;
    }

    /** Records a request (replacing the user's older pending one); the caller's transaction holds the account lock. */
    RoleGrant request(UserPrincipal actor, UserAccount user, Set<Role> roles) {
        expireOverdue();
        cancelPending(actor, user);
        long id = jdbc.sql("""
                insert into role_grant (user_id, roles, requested_by, expires_at)
                values (?, ?::text[], ?, ?) returning id""")
                .params(user.id(), UserRepository.toArrayLiteral(roles), actor.userId(),
                        Timestamp.from(Instant.now().plus(settings.grantTtl())))
                .query(Long.class).single();
        audit.record("role-grant.request", "user:" + user.username(), AuditLog.Outcome.SUCCESS,
                Map.of("grant", id, "roles", UserRepository.names(roles)));
        return find(id);
    }

    /** Cancels the user's pending grant, if any: a newer role change supersedes it. */
    void cancelPending(UserPrincipal actor, UserAccount user) {
        jdbc.sql("""
                update role_grant set status = 'CANCELLED', decided_by = ?, decided_at = now()
                where user_id = ? and status = 'PENDING' returning id""")
                .params(actor.userId(), user.id()).query(Long.class).list()
                .forEach(id -> audit.record("role-grant.cancel", "user:" + user.username(), AuditLog.Outcome.SUCCESS,
                        Map.of("grant", id, "reason", "superseded")));
    }

    public List<RoleGrant> list(String status) {
        expireOverdue();
        String wanted = status == null || status.isBlank() ? "PENDING" : status.strip().toUpperCase(Locale.ROOT);
        if (!wanted.equals("ALL")) {
            try {
                Status.valueOf(wanted);
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("status", "must be one of pending, approved, rejected, cancelled, expired, all");
            }
        }
        return jdbc.sql(SELECT + " where (? = 'ALL' or g.status = ?) order by g.id desc limit 500")
                .params(wanted, wanted).query((rs, n) -> map(rs)).list();
    }

    /** Adds the grant's roles to the user; only a different ADMIN than the one who asked may do it. */
    @Transactional
    public RoleGrant approve(UserPrincipal actor, long grantId) {
        users.lockAccountChanges();
        RoleGrant grant = pending(actor, grantId, "approve");
        UserAccount user = users.find(grant.userId()).orElseThrow();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        roles.addAll(user.roles());
        roles.addAll(grant.roles());
        if (roles.contains(Role.ADMIN)) {
            throw Refusal.conflict("'" + user.username() + "' is an ADMIN now; ADMIN never combines with "
                    + UserRepository.names(grant.roles()), "adminAlone");
        }
        users.update(user.id(), roles, null, null, null, null);
        decide(grant, actor, Status.APPROVED);
        audit.record("role-grant.approve", "user:" + user.username(), AuditLog.Outcome.SUCCESS,
                Map.of("grant", grantId, "roles", UserRepository.names(grant.roles()), "requestedBy", grant.requestedBy()));
        return find(grantId);
    }

    /** Refuses a grant; the admin who asked may withdraw it (recorded as cancelled). */
    @Transactional
    public RoleGrant reject(UserPrincipal actor, long grantId) {
        users.lockAccountChanges();
        RoleGrant grant = pending(actor, grantId, "reject");
        boolean own = grant.requestedBy().equals(actor.username());
        decide(grant, actor, own ? Status.CANCELLED : Status.REJECTED);
        audit.record(own ? "role-grant.cancel" : "role-grant.reject", "user:" + grant.username(),
                AuditLog.Outcome.SUCCESS, Map.of("grant", grantId, "roles", UserRepository.names(grant.roles())));
        return find(grantId);
    }

    private RoleGrant pending(UserPrincipal actor, long grantId, String step) {
        expireOverdue();
        RoleGrant grant = jdbc.sql(SELECT + " where g.id = ?").param(grantId).query((rs, n) -> map(rs)).optional()
                .orElseThrow(() -> Refusal.notFound("no role grant " + grantId));
        if (grant.status() != Status.PENDING) {
            throw Refusal.conflict("role grant " + grantId + " is " + grant.status().name().toLowerCase(Locale.ROOT)
                    + ", not pending", "grantNotPending");
        }
        if (grant.userId() == actor.userId()) {
            throw Refusal.conflict("nobody changes their own roles", "ownRoles");
        }
        if (step.equals("approve") && grant.requestedBy().equals(actor.username())) {
            throw Refusal.conflict("a role grant needs a second ADMIN: the one who asked cannot approve it", "ownGrant");
        }
        return grant;
    }

    private void decide(RoleGrant grant, UserPrincipal actor, Status status) {
        jdbc.sql("update role_grant set status = ?, decided_by = ?, decided_at = now() where id = ? and status = 'PENDING'")
                .params(status.name(), actor.userId(), grant.id()).update();
    }

    /** Marks overdue requests expired (audited), so that an old request can never be approved. */
    void expireOverdue() {
        jdbc.sql("""
                update role_grant set status = 'EXPIRED', decided_at = now()
                where status = 'PENDING' and expires_at <= now() returning id, user_id""")
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getLong(2))).list()
                .forEach(e -> audit.recordSystem("role-grant.expire", "user-id:" + e.getValue(),
                        AuditLog.Outcome.SUCCESS, Map.of("grant", e.getKey())));
    }

    RoleGrant find(long id) {
        return jdbc.sql(SELECT + " where g.id = ?").param(id).query((rs, n) -> map(rs)).single();
    }

    private static final String SELECT = """
            select g.*, u.username, r.username as requester, d.username as decider
            from role_grant g join app_user u on u.id = g.user_id join app_user r on r.id = g.requested_by
            left join app_user d on d.id = g.decided_by""";

    private static RoleGrant map(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp decided = rs.getTimestamp("decided_at");
        return new RoleGrant(rs.getLong("id"), rs.getLong("user_id"), rs.getString("username"),
                UserRepository.roles(rs.getArray("roles")), rs.getString("requester"),
                rs.getTimestamp("requested_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                Status.valueOf(rs.getString("status")), rs.getString("decider"),
                decided == null ? null : decided.toInstant());
    }
}
