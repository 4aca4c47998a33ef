package dev.plateguard.server.users;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Secrets;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/** Personal bearer tokens ({@code pgu_…}) for people using the API: hashed at rest, expiring, revocable. */
@Service
public class PersonalTokens {

    public record IssuedToken(long id, String token, Instant expiresAt) {
    }

    public record TokenInfo(long id, Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final PlateGuardProperties properties;

    PersonalTokens(JdbcClient jdbc, AuditLog audit, PlateGuardProperties properties) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.properties = properties;
    }

    @Transactional
    public IssuedToken issue(UserPrincipal user) {
        String token = Secrets.generate(Secrets.USER_TOKEN_PREFIX);
        Instant expires = Instant.now().plus(properties.auth().tokenTtl());
        long id = jdbc.sql("insert into personal_token (user_id, token_hash, expires_at) values (?, ?, ?) returning id")
                .params(user.userId(), Secrets.hash(token), java.sql.Timestamp.from(expires))
                .query(Long.class).single();
        audit.recordFor("user", user.username(), "token.create", "token:" + id, AuditLog.Outcome.SUCCESS,
                Map.of("expiresAt", expires.toString()));
        return new IssuedToken(id, token, expires);
    }

    /** The token's owner, if the token is known, unexpired, unrevoked and the owner is enabled. */
    public Optional<UserPrincipal> authenticate(String token) {
        if (!Secrets.looksLike(token, Secrets.USER_TOKEN_PREFIX)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                update personal_token t set last_used_at = now()
                from app_user u
                where t.token_hash = ? and u.id = t.user_id and t.revoked_at is null and t.expires_at > now()
                  and not u.disabled
                returning u.id, u.username, u.roles, u.security_stamp, u.scope_regions, u.scope_sites""")
                .param(Secrets.hash(token))
                .query((rs, n) -> new UserPrincipal(rs.getLong("id"), rs.getString("username"),
                        UserRepository.roles(rs.getArray("roles")), rs.getLong("security_stamp"),
                        UserRepository.scope(rs)))
                .optional();
    }

    public List<TokenInfo> list(long userId) {
        return jdbc.sql("select * from personal_token where user_id = ? order by id desc").param(userId)
                .query((rs, n) -> new TokenInfo(rs.getLong("id"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at").toInstant(), instant(rs.getTimestamp("revoked_at")),
                        instant(rs.getTimestamp("last_used_at"))))
                .list();
    }

    @Transactional
    public void revoke(UserPrincipal caller, long tokenId) {
        int n = jdbc.sql("update personal_token set revoked_at = now() where id = ? and user_id = ? and revoked_at is null")
                .params(tokenId, caller.userId()).update();
        if (n == 0) {
            throw Refusal.notFound("no active token " + tokenId + " of yours");
        }
        audit.record("token.revoke", "token:" + tokenId, AuditLog.Outcome.SUCCESS);
    }

    /** Revokes every token of a user; part of disabling an account. */
    int revokeAll(long userId) {
        return jdbc.sql("update personal_token set revoked_at = now() where user_id = ? and revoked_at is null")
                .param(userId).update();
    }

    private static Instant instant(java.sql.Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
