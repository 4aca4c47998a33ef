package dev.plateguard.server.users;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * A person's second factor: a TOTP authenticator (RFC 6238) and one-time recovery codes. The secret is kept
 * encrypted ({@link TotpSecretBox}); recovery codes are kept as Argon2id hashes, like passwords. A code is accepted
 * within one 30-second step of the server's clock either way, and only for a step later than the last one accepted
 * for that person, so an observed code cannot be used again (replay). Enrolment, recovery-code use and an admin's
 * reset are audited here; the sign-in outcomes are audited by the sign-in flow ({@code security}).
 */
@Service
public class SecondFactors {

    /** What a code was found to be. */
    public enum Verdict {
        /** The current TOTP code, not used before. */
        ACCEPTED,
        /** An unused recovery code, now spent. */
        RECOVERY_CODE,
        /** Neither the current code nor an unused recovery code. */
        WRONG,
        /** The right code of a step already used: someone replays a code. */
        REPLAYED,
        /** No confirmed authenticator (none was enrolled, or an admin reset it meanwhile). */
        NOT_ENROLLED
    }

    /** A new authenticator's secret, for the person to add to their app. */
    public record Enrolment(String secret, String otpauthUri) {
    }

    /** A confirmed authenticator, with the recovery codes shown once. */
    public record Enrolled(String secret, String otpauthUri, List<String> recoveryCodes) {
    }

    /** The outcome of confirming an enrolment: the recovery codes when accepted. */
    public record Confirmation(boolean accepted, boolean started, List<String> recoveryCodes) {
    }

    /** The second factor of an account as an administrator sees it. */
    public record Status(boolean required, boolean enrolled, Instant enrolledAt, int recoveryCodesLeft) {
    }

    private static final char[] RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int RECOVERY_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Authenticator(byte[] box, Instant confirmedAt, Long lastStep) {
    }

    private final JdbcClient jdbc;
    private final TotpSecretBox box;
    private final PasswordEncoder encoder;
    private final MfaSettings settings;
    private final UserRepository users;
    private final PersonalTokens tokens;
    private final EnrolmentTokens enrolmentTokens;
    private final AuditLog audit;
    private final Clock clock;

    @Autowired
    SecondFactors(JdbcClient jdbc, TotpSecretBox box, PasswordEncoder encoder, MfaSettings settings,
                  UserRepository users, PersonalTokens tokens, EnrolmentTokens enrolmentTokens, AuditLog audit) {
        this(jdbc, box, encoder, settings, users, tokens, enrolmentTokens, audit, Clock.systemUTC());
    }

    SecondFactors(JdbcClient jdbc, TotpSecretBox box, PasswordEncoder encoder, MfaSettings settings,
                  UserRepository users, PersonalTokens tokens, EnrolmentTokens enrolmentTokens, AuditLog audit,
                  Clock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.encoder = encoder;
        this.settings = settings;
        this.users = users;
        this.tokens = tokens;
        this.enrolmentTokens = enrolmentTokens;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Whether this person signs in with a second factor: their roles require one, or they have one (an
     * authenticator app or a passkey).
     */
    public boolean required(long userId, Set<Role> roles) {
        return settings.requiredFor(roles) || enrolled(userId) || hasPasskey(userId);
    }

    /** Whether this person has at least one passkey, which is a second factor on its own. */
    public boolean hasPasskey(long userId) {
        return jdbc.sql("""
                        select exists (select 1 from user_credentials c join user_entities e on e.id = c.user_entity_user_id
                                       join app_user u on u.username = e.name where u.id = ?)""")
                .param(userId).query(Boolean.class).single();
    }

    public boolean enrolled(long userId) {
        return confirmed(userId).isPresent();
    }

    public Status status(long userId, Set<Role> roles) {
        Optional<Authenticator> confirmed = confirmed(userId);
        int left = confirmed.isEmpty() ? 0 : jdbc.sql(
                "select count(*) from user_recovery_code where user_id = ? and used_at is null")
                .param(userId).query(Integer.class).single();
        return new Status(settings.requiredFor(roles) || confirmed.isPresent() || hasPasskey(userId), confirmed.isPresent(),
                confirmed.map(Authenticator::confirmedAt).orElse(null), left);
    }

    /**
     * A new secret waiting for its first code; it replaces any earlier unconfirmed one. Refused when an authenticator
     * is already confirmed: only an administrator's reset removes it.
     */
    @Transactional
    public Enrolment begin(long userId, String username) {
        byte[] secret = Totp.newSecret();
        int stored = jdbc.sql("""
                insert into user_totp (user_id, secret_box) values (?, ?)
                on conflict (user_id) do update set secret_box = excluded.secret_box, last_step = null, created_at = now()
                where user_totp.confirmed_at is null""")
                .params(userId, box.seal(userId, secret)).update();
        if (stored == 0) {
            throw Refusal.conflict("a second factor is already enrolled for this account; an ADMIN can reset it",
                    "secondFactorEnrolled");
        }
        return new Enrolment(Totp.base32(secret), Totp.uri(settings.issuer(), username, secret));
    }

    /** The secret waiting for its first code (the same one on every visit of the enrolment page), or a new one. */
    @Transactional
    public Enrolment pendingOrBegin(long userId, String username) {
        Optional<byte[]> pending = jdbc.sql("select secret_box from user_totp where user_id = ? and confirmed_at is null")
                .param(userId).query((rs, n) -> rs.getBytes(1)).optional();
        if (pending.isPresent()) {
            byte[] secret = box.open(userId, pending.get());
            return new Enrolment(Totp.base32(secret), Totp.uri(settings.issuer(), username, secret));
        }
        return begin(userId, username);
    }

    /**
     * Confirms the waiting secret with a current code from the app. On success the authenticator counts from now on,
     * the code's step is spent, open enrolment tokens are spent, and fresh recovery codes are answered (once).
     */
    @Transactional
    public Confirmation confirm(long userId, String username, String code, String channel) {
        Optional<byte[]> pending = jdbc.sql("select secret_box from user_totp where user_id = ? and confirmed_at is null for update")
                .param(userId).query((rs, n) -> rs.getBytes(1)).optional();
        if (pending.isEmpty()) {
            return new Confirmation(false, false, List.of());
        }
        OptionalLong step = Totp.match(box.open(userId, pending.get()), code, clock.instant(), null, new boolean[1]);
        if (step.isEmpty()) {
            return new Confirmation(false, true, List.of());
        }
        jdbc.sql("update user_totp set confirmed_at = now(), last_step = ? where user_id = ? and confirmed_at is null")
                .params(step.getAsLong(), userId).update();
        List<String> codes = newRecoveryCodes(userId);
        int spent = enrolmentTokens.spendAll(userId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("channel", channel);
        details.put("recoveryCodes", codes.size());
        details.put("enrolmentTokensSpent", spent);
        audit.recordFor("user", username, "mfa.enrol", "user:" + username, AuditLog.Outcome.SUCCESS, details);
        return new Confirmation(true, true, codes);
    }

    /**
     * The first administrator's authenticator, enrolled with the account at setup (the setup answer is the only place
     * its secret is shown); no confirmation code, since there is nobody yet who could reset a mistake.
     */
    @Transactional
    public Enrolled enrolNow(long userId, String username) {
        byte[] secret = Totp.newSecret();
        jdbc.sql("insert into user_totp (user_id, secret_box, confirmed_at) values (?, ?, now())")
                .params(userId, box.seal(userId, secret)).update();
        List<String> codes = newRecoveryCodes(userId);
        audit.recordFor("user", username, "mfa.enrol", "user:" + username, AuditLog.Outcome.SUCCESS,
                Map.of("channel", "setup", "recoveryCodes", codes.size()));
        return new Enrolled(Totp.base32(secret), Totp.uri(settings.issuer(), username, secret), codes);
    }

    /**
     * Checks a sign-in's second factor: the current TOTP code, or one of the recovery codes (spent by this use). The
     * caller audits the sign-in and counts failures; a recovery code's use is audited here.
     */
    @Transactional
    public Verdict verify(UserPrincipal user, String code) {
        Optional<Authenticator> authenticator = confirmed(user.userId());
        if (authenticator.isEmpty()) {
            return Verdict.NOT_ENROLLED;
        }
        if (code == null || code.isBlank() || code.length() > 64) {
            return Verdict.WRONG;
        }
        if (Totp.looksLikeCode(code)) {
            boolean[] matchedAny = new boolean[1];
            OptionalLong step = Totp.match(box.open(user.userId(), authenticator.get().box()), code, clock.instant(),
                    authenticator.get().lastStep(), matchedAny);
            if (step.isEmpty()) {
                return matchedAny[0] ? Verdict.REPLAYED : Verdict.WRONG;
            }
            // Conditional, so that two requests racing with the same code cannot both pass.
            int taken = jdbc.sql("""
                    update user_totp set last_step = ?
                    where user_id = ? and confirmed_at is not null and (last_step is null or last_step < ?)""")
                    .params(step.getAsLong(), user.userId(), step.getAsLong()).update();
            return taken == 1 ? Verdict.ACCEPTED : Verdict.REPLAYED;
        }
        return useRecoveryCode(user, code) ? Verdict.RECOVERY_CODE : Verdict.WRONG;
    }

    private boolean useRecoveryCode(UserPrincipal user, String input) {
        String code = normaliseRecoveryCode(input);
        if (code == null) {
            return false;
        }
        record Stored(long id, String hash) {
        }
        List<Stored> unused = jdbc.sql("select id, code_hash from user_recovery_code where user_id = ? and used_at is null")
                .param(user.userId()).query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2))).list();
        for (Stored stored : unused) {
            if (encoder.matches(code, stored.hash())) {
                int spent = jdbc.sql("update user_recovery_code set used_at = now() where id = ? and used_at is null")
                        .param(stored.id()).update();
                if (spent == 1) {
                    audit.recordFor("user", user.username(), "mfa.recovery-code", "user:" + user.username(),
                            AuditLog.Outcome.SUCCESS, Map.of("recoveryCodesLeft", unused.size() - 1));
                    return true;
                }
            }
        }
        return false;
    }

    /** Upper case, without spaces and hyphens; null when it cannot be a recovery code. */
    static String normaliseRecoveryCode(String input) {
        String code = input.replace("-", "").replace(" ", "").strip().toUpperCase(java.util.Locale.ROOT);
        if (code.length() != RECOVERY_LENGTH) {
            return null;
        }
        for (char c : code.toCharArray()) {
            if (new String(RECOVERY_ALPHABET).indexOf(c) < 0) {
                return null;
            }
        }
        return code;
    }

    private List<String> newRecoveryCodes(long userId) {
        jdbc.sql("delete from user_recovery_code where user_id = ?").param(userId).update();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < settings.recoveryCodes(); i++) {
            StringBuilder code = new StringBuilder();
            for (int j = 0; j < RECOVERY_LENGTH; j++) {
                code.append(RECOVERY_ALPHABET[RANDOM.nextInt(RECOVERY_ALPHABET.length)]);
            }
            jdbc.sql("insert into user_recovery_code (user_id, code_hash) values (?, ?)")
                    .params(userId, encoder.encode(code.toString())).update();
            codes.add(code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8));
        }
        return codes;
    }

    /**
     * An ADMIN removes another person's second factor (a lost phone): the authenticator, its recovery codes, passkeys and open
     * enrolment tokens go, the person's sessions end and their personal tokens are revoked; they enrol again at their
     * next sign-in. Nobody resets their own: a stolen session could otherwise swap in the thief's authenticator.
     */
    @Transactional
    public void reset(UserPrincipal actor, long userId) {
        UserAccount account = users.find(userId).orElseThrow(() -> Refusal.notFound("no user " + userId));
        if (userId == actor.userId()) {
            throw Refusal.conflict("nobody resets their own second factor; ask another ADMIN", "ownSecondFactor");
        }
        boolean wasEnrolled = enrolled(userId);
        jdbc.sql("delete from user_totp where user_id = ?").param(userId).update();
        jdbc.sql("delete from user_recovery_code where user_id = ?").param(userId).update();
        int passkeysRemoved = jdbc.sql("""
                        delete from user_credentials c using user_entities e
                        where e.id = c.user_entity_user_id and e.name = ?""").param(account.username()).update();
        enrolmentTokens.spendAll(userId);
        // Bumps the security stamp: the person's browser sessions end at their next request.
        users.update(userId, null, null, null, null, null);
        int revoked = tokens.revokeAll(userId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("wasEnrolled", wasEnrolled);
        details.put("passkeysRemoved", passkeysRemoved);
        details.put("tokensRevoked", revoked);
        audit.record("user.mfa-reset", "user:" + account.username(), AuditLog.Outcome.SUCCESS, details);
    }

    private Optional<Authenticator> confirmed(long userId) {
        return jdbc.sql("select secret_box, confirmed_at, last_step from user_totp where user_id = ? and confirmed_at is not null")
                .param(userId)
                .query((rs, n) -> new Authenticator(rs.getBytes("secret_box"), rs.getTimestamp("confirmed_at").toInstant(),
                        (Long) rs.getObject("last_step")))
                .optional();
    }
}
