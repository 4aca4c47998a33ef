package dev.plateguard.server.users;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.identity.Secrets;
import dev.plateguard.server.identity.UserPrincipal;

/**
 * Enrolment tokens ({@code pge_…}): answered by {@code POST /api/v1/tokens} to a person who must enrol a second factor
 * and has not. They allow {@code POST /api/v1/me/totp} and its confirmation only, expire after
 * {@code plateguard.mfa.enrolment-ttl}, are spent by a successful enrolment, and are stored as SHA-256 hashes.
 */
@Service
public class EnrolmentTokens {

    public record IssuedEnrolmentToken(String token, Instant expiresAt) {
    }

    private final JdbcClient jdbc;
    private final MfaSettings settings;

    EnrolmentTokens(JdbcClient jdbc, MfaSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    @Transactional
    public IssuedEnrolmentToken issue(UserPrincipal user) {
        String token = Secrets.generate(Secrets.ENROLMENT_TOKEN_PREFIX);
        Instant expires = Instant.now().plus(settings.enrolmentTtl());
        // Expired and spent tokens are of no further use, and a few open ones per person are enough: a loop of
        // sign-ins with the right password cannot grow the table.
        jdbc.sql("delete from mfa_enrolment_token where user_id = ? and id not in (select id from mfa_enrolment_token"
                        + " where user_id = ? and used_at is null and expires_at > now() order by id desc limit 4)")
                .params(user.userId(), user.userId()).update();
        jdbc.sql("insert into mfa_enrolment_token (user_id, token_hash, expires_at) values (?, ?, ?)")
                .params(user.userId(), Secrets.hash(token), Timestamp.from(expires)).update();
        return new IssuedEnrolmentToken(token, expires);
    }

    /** The token's holder, if it is known, unexpired, unspent, and its owner is enabled and not yet enrolled. */
    public Optional<EnrolmentPrincipal> authenticate(String token) {
        if (!Secrets.looksLike(token, Secrets.ENROLMENT_TOKEN_PREFIX)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select t.id, u.id as user_id, u.username
                from mfa_enrolment_token t join app_user u on u.id = t.user_id
                where t.token_hash = ? and t.used_at is null and t.expires_at > now() and not u.disabled
                  and not exists (select 1 from user_totp f where f.user_id = u.id and f.confirmed_at is not null)""")
                .param(Secrets.hash(token))
                .query((rs, n) -> new EnrolmentPrincipal(rs.getLong("id"), rs.getLong("user_id"), rs.getString("username")))
                .optional();
    }

    /** Spends every open enrolment token of a user (after enrolment, or when an admin resets the second factor). */
    int spendAll(long userId) {
        return jdbc.sql("update mfa_enrolment_token set used_at = now() where user_id = ? and used_at is null")
                .param(userId).update();
    }
}
