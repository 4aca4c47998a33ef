package dev.plateguard.server.users;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Secrets;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * Signed-in browser sessions, recorded so that a person can list and end them from anywhere, an ADMIN can end all of
 * a user's, and the idle and absolute timeouts ({@link SessionSettings}) hold whatever the servlet container does.
 * Table {@code user_session} (V21): the servlet session id is a bearer secret, so only its SHA-256 is stored; lists
 * and URLs use a random public id. Every ending is audited ({@code session.end}, {@code session.revoke},
 * {@code session.end-all}); ended rows are deleted after {@code plateguard.sessions.keep-ended}. Every ending is
 * also published ({@link BrowserSessionsEnded}) in its transaction, so that the session itself is deleted from the
 * shared session store at once, whichever node holds the browser.
 */
@Service
public class UserSessions {

    private static final Logger log = LoggerFactory.getLogger(UserSessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int USER_AGENT_MAX = 256;

    /** How the person signed in. */
    public static final String PASSWORD = "password";
    public static final String PASSWORD_TOTP = "password+totp";
    public static final String RECOVERY_CODE = "recovery-code";
    public static final String SSO = "sso";
    public static final String PASSKEY = "passkey";
    public static final String PASSWORD_PASSKEY = "password+passkey";

    public enum EndReason {
        SIGNED_OUT("signed-out"), REVOKED("revoked"), ENDED_BY_ADMIN("ended-by-admin"),
        ACCOUNT_CHANGED("account-changed"), IDLE_TIMEOUT("idle-timeout"), ABSOLUTE_TIMEOUT("absolute-timeout");

        public final String code;

        EndReason(String code) {
            this.code = code;
        }

        public boolean timeout() {
            return this == IDLE_TIMEOUT || this == ABSOLUTE_TIMEOUT;
        }

        static EndReason of(String code) {
            for (EndReason r : values()) {
                if (r.code.equals(code)) {
                    return r;
                }
            }
            throw new IllegalArgumentException(code);
        }
    }

    /** One session as its owner (or an admin) sees it; {@code current}: the session of the request that asks. */
    public record SessionInfo(String id, Instant createdAt, Instant lastSeenAt, String clientIp, String userAgent,
                              String signIn, boolean current) {
    }

    /**
     * What the per-request check needs: whether the row ended (and why), whether a timeout has passed, whether its
     * last-seen time is more than a minute old.
     */
    public record State(long rowId, String publicId, long userId, EndReason ended, boolean idleOver,
                        boolean absoluteOver, boolean stale) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final SessionSettings settings;
    private final ApplicationEventPublisher events;

    UserSessions(JdbcClient jdbc, AuditLog audit, SessionSettings settings, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.settings = settings;
        this.events = events;
    }

    public SessionSettings settings() {
        return settings;
    }

    /** The recorded state of the session with this servlet session id: one lookup by a unique index. */
    public Optional<State> state(String sessionId) {
        return jdbc.sql("""
                select id, public_id, user_id, end_reason,
                       now() - last_seen_at > (? * interval '1 second') as idle_over,
                       now() - created_at > (? * interval '1 second') as absolute_over,
                       now() - last_seen_at > interval '1 minute' as stale
                from user_session where session_hash = ?""")
                .params(settings.idleTimeout().toSeconds(), settings.absoluteTimeout().toSeconds(), Secrets.hash(sessionId))
                .query((rs, n) -> new State(rs.getLong("id"), rs.getString("public_id"), rs.getLong("user_id"),
                        rs.getString("end_reason") == null ? null : EndReason.of(rs.getString("end_reason")),
                        rs.getBoolean("idle_over"), rs.getBoolean("absolute_over"), rs.getBoolean("stale")))
                .optional();
    }

    /** Records a signed-in session (at its first request after the sign-in); answers its public id. */
    @Transactional
    public String register(UserPrincipal user, String sessionId, String signIn, String clientIp, String userAgent) {
        String publicId = publicId();
        jdbc.sql("""
                insert into user_session (public_id, session_hash, user_id, client_ip, user_agent, sign_in)
                values (?, ?, ?, ?, ?, ?)""")
                .params(publicId, Secrets.hash(sessionId), user.userId(), bounded(clientIp, 64),
                        bounded(userAgent, USER_AGENT_MAX), signIn)
                .update();
        return publicId;
    }

    /** The session was used: its last-seen time moves on (callers do this at most once a minute). */
    public void touch(long rowId) {
        jdbc.sql("update user_session set last_seen_at = now() where id = ? and ended_at is null").param(rowId).update();
    }

    /** Ends a session that timed out (found by the per-request check); audited as the system's doing. */
    @Transactional
    public void endTimedOut(State state, EndReason reason) {
        endRow("id = ?", state.rowId(), reason);
    }

    /**
     * Ends the session with this servlet session id, if it is recorded and still active: signed out, timed out in
     * the container, or its account changed. Audited.
     */
    @Transactional
    public void endBySessionId(String sessionId, EndReason reason) {
        endRow("session_hash = ?", Secrets.hash(sessionId), reason);
    }

    private int endRow(String where, Object key, EndReason reason) {
        List<Map<String, Object>> ended = jdbc.sql("""
                update user_session s set ended_at = now(), end_reason = ?
                from app_user u where u.id = s.user_id and s.ended_at is null and s.""" + where + " " + """
                returning s.public_id, s.session_hash, u.username""")
                .params(reason.code, key).query().listOfRows();
        ended(ended.stream().map(row -> (byte[]) row.get("session_hash")).toList());
        for (Map<String, Object> row : ended) {
            String username = (String) row.get("username");
            Map<String, Object> details = Map.of("user", username, "reason", reason.code);
            String target = "session:" + row.get("public_id");
            if (reason == EndReason.SIGNED_OUT) {
                audit.recordFor("user", username, "session.end", target, AuditLog.Outcome.SUCCESS, details);
            } else {
                audit.recordSystem("session.end", target, AuditLog.Outcome.SUCCESS, details);
            }
        }
        return ended.size();
    }

    /** A person's active sessions, newest first; {@code currentPublicId} (may be null) is marked current. */
    public List<SessionInfo> active(long userId, String currentPublicId) {
        return jdbc.sql("""
                select public_id, created_at, last_seen_at, client_ip, user_agent, sign_in from user_session
                where user_id = ? and ended_at is null
                  and now() - last_seen_at <= (? * interval '1 second')
                  and now() - created_at <= (? * interval '1 second')
                order by created_at desc, id desc""")
                .params(userId, settings.idleTimeout().toSeconds(), settings.absoluteTimeout().toSeconds())
                .query((rs, n) -> new SessionInfo(rs.getString("public_id"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("last_seen_at").toInstant(), rs.getString("client_ip"), rs.getString("user_agent"),
                        rs.getString("sign_in"), rs.getString("public_id").equals(currentPublicId)))
                .list();
    }

    /** Its owner ends one of their sessions; someone else's, or an unknown or ended one, is 404 alike. */
    @Transactional
    public void revoke(UserPrincipal caller, String publicId) {
        List<byte[]> hashes = jdbc.sql("""
                update user_session set ended_at = now(), end_reason = 'revoked'
                where public_id = ? and user_id = ? and ended_at is null returning session_hash""")
                .params(publicId, caller.userId()).query(byte[].class).list();
        if (hashes.isEmpty()) {
            throw Refusal.notFound("no active session " + publicId + " of yours");
        }
        ended(hashes);
        audit.record("session.revoke", "session:" + publicId, AuditLog.Outcome.SUCCESS, Map.of("user", caller.username()));
    }

    /** Its owner ends every session but {@code keepPublicId} (null: all of them). Answers how many ended. */
    @Transactional
    public int revokeOthers(UserPrincipal caller, String keepPublicId) {
        List<String> ended = endReturningPublicIds("""
                update user_session set ended_at = now(), end_reason = 'revoked'
                where user_id = ? and ended_at is null and public_id is distinct from ?
                returning public_id, session_hash""", caller.userId(), keepPublicId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("user", caller.username());
        details.put("ended", ended.size());
        details.put("sessions", ended);
        if (keepPublicId != null) {
            details.put("kept", keepPublicId);
        }
        audit.record("session.revoke", "user:" + caller.username(), AuditLog.Outcome.SUCCESS, details);
        return ended.size();
    }

    /** An ADMIN ends every session of a user (their API tokens are untouched). 404 for an unknown user. */
    @Transactional
    public int endAll(UserPrincipal admin, long userId) {
        String username = jdbc.sql("select username from app_user where id = ?").param(userId).query(String.class)
                .optional().orElseThrow(() -> Refusal.notFound("no user " + userId));
        List<String> ended = endReturningPublicIds("""
                update user_session set ended_at = now(), end_reason = 'ended-by-admin'
                where user_id = ? and ended_at is null returning public_id, session_hash""", userId);
        audit.record("session.end-all", "user:" + username, AuditLog.Outcome.SUCCESS,
                Map.of("user", username, "ended", ended.size(), "sessions", ended, "reason", EndReason.ENDED_BY_ADMIN.code));
        return ended.size();
    }

    /**
     * Housekeeping: sessions past a timeout whose browser never came back are marked ended (one summary audit row),
     * and ended sessions older than {@code plateguard.sessions.keep-ended} are deleted.
     */
    @SchedulerLock(name = "session-cleanup")
    @Scheduled(initialDelayString = "PT3M", fixedDelayString = "PT15M")
    public void cleanUp() {
        try {
            List<byte[]> timedOut = jdbc.sql("""
                    update user_session set ended_at = now(), end_reason =
                        case when now() - created_at > (? * interval '1 second') then 'absolute-timeout' else 'idle-timeout' end
                    where ended_at is null and (now() - last_seen_at > (? * interval '1 second')
                                                or now() - created_at > (? * interval '1 second'))
                    returning session_hash""")
                    .params(settings.absoluteTimeout().toSeconds(), settings.idleTimeout().toSeconds(),
                            settings.absoluteTimeout().toSeconds()).query(byte[].class).list();
            ended(timedOut);
            int expired = timedOut.size();
            int deleted = jdbc.sql("delete from user_session where ended_at < now() - (? * interval '1 second')")
                    .param(settings.keepEnded().toSeconds()).update();
            if (expired > 0 || deleted > 0) {
                audit.recordSystem("session.cleanup", "user_session", AuditLog.Outcome.SUCCESS,
                        Map.of("timedOut", expired, "deleted", deleted));
            }
        } catch (RuntimeException e) {
            log.warn("session clean-up failed, retried later: {}", e.toString());
        }
    }

    /** Runs an ending {@code update … returning public_id, session_hash}; publishes the hashes, answers the ids. */
    private List<String> endReturningPublicIds(String sql, Object... params) {
        List<Map<String, Object>> rows = jdbc.sql(sql).params(params).query().listOfRows();
        ended(rows.stream().map(row -> (byte[]) row.get("session_hash")).toList());
        return rows.stream().map(row -> (String) row.get("public_id")).toList();
    }

    private void ended(List<byte[]> sessionHashes) {
        if (!sessionHashes.isEmpty()) {
            events.publishEvent(new BrowserSessionsEnded(sessionHashes));
        }
    }

    private static String publicId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String bounded(String s, int max) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String clean = s.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > max ? clean.substring(0, max) : clean;
    }
}
