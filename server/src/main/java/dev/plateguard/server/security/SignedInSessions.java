package dev.plateguard.server.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.users.UserSessions;

/**
 * Signed-in browser sessions as people see them (docs/security.md, "Sessions"): each one is recorded
 * ({@link UserSessions}) at its first request after the sign-in, checked on every request (one lookup by a unique
 * index), ended when its owner or an admin ended it or a timeout passed, and marked ended at sign-out. The sessions
 * themselves live in the database (Spring Session JDBC, {@link SessionStore}), so that every node sees the same ones. A browser whose session ended lands on the login page with a notice; an htmx request gets
 * {@code HX-Redirect} there instead of a login form swapped into the page.
 */
public final class SignedInSessions {

    /** Session attribute: how this session signed in (set by each way of signing in, read at registration). */
    static final String SIGN_IN = SignedInSessions.class.getName() + ".signIn";
    /** Session attribute: when this session's sign-in completed (for steps that need a recent one). */
    static final String SIGNED_IN_AT = SignedInSessions.class.getName() + ".signedInAt";
    /** Session attribute: the public id of this session's record. */
    static final String PUBLIC_ID = SignedInSessions.class.getName() + ".publicId";
    /** Request attribute: the public id of the current session's record (for "this session" in lists). */
    static final String CURRENT = SignedInSessions.class.getName() + ".current";
    /** Request attribute: the session just ended here, and the login page's notice for it ("expired" or "ended"). */
    static final String ENDED = SignedInSessions.class.getName() + ".ended";

    private static final Logger log = LoggerFactory.getLogger(SignedInSessions.class);

    private SignedInSessions() {
    }

    /**
     * Each way of signing in calls this when the sign-in is complete, with how it was done ({@code UserSessions.PASSWORD},
     * {@code PASSWORD_TOTP}, {@code RECOVERY_CODE}, {@code SSO}, {@code PASSKEY}, {@code PASSWORD_PASSKEY}).
     */
    public static void signedIn(HttpServletRequest request, String how) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.setAttribute(SIGN_IN, how);
            session.setAttribute(SIGNED_IN_AT, java.time.Instant.now());
            session.removeAttribute(PUBLIC_ID);
        }
    }

    /** When this session's sign-in completed; null for a session that has not completed one. */
    static java.time.Instant signedInAt(HttpSession session) {
        return session.getAttribute(SIGNED_IN_AT) instanceof java.time.Instant at ? at : null;
    }

    /** The public id of the current request's session record, or null (no browser session, or not yet recorded). */
    static String current(HttpServletRequest request) {
        return (String) request.getAttribute(CURRENT);
    }

    /** The per-request check, right after {@link SessionStampFilter}. */
    static final class CheckFilter extends OncePerRequestFilter {

        private final UserSessions sessions;

        CheckFilter(UserSessions sessions) {
            this.sessions = sessions;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            HttpSession session = request.getSession(false);
            if (session != null && auth != null && auth.getPrincipal() instanceof UserPrincipal user) {
                check(request, session, user);
            }
            chain.doFilter(request, response);
        }

        private void check(HttpServletRequest request, HttpSession session, UserPrincipal user) {
            var state = sessions.state(session.getId());
            if (state.isEmpty()) {
                String previous = (String) session.getAttribute(PUBLIC_ID);
                if (previous != null) {
                    // Recorded under another id: the id changed without a sign-in. Nothing legitimate does that.
                    end(request, session, "ended");
                    return;
                }
                String how = session.getAttribute(SIGN_IN) instanceof String s ? s : UserSessions.PASSWORD;
                String publicId = sessions.register(user, session.getId(), how, request.getRemoteAddr(),
                        request.getHeader("User-Agent"));
                session.setAttribute(PUBLIC_ID, publicId);
                session.setMaxInactiveInterval((int) sessions.settings().idleTimeout().toSeconds());
                request.setAttribute(CURRENT, publicId);
                return;
            }
            UserSessions.State s = state.get();
            if (s.userId() != user.userId()) {
                end(request, session, "ended");
            } else if (s.ended() != null) {
                end(request, session, s.ended().timeout() ? "expired" : "ended");
            } else if (s.absoluteOver() || s.idleOver()) {
                sessions.endTimedOut(s, s.absoluteOver() ? UserSessions.EndReason.ABSOLUTE_TIMEOUT
                        : UserSessions.EndReason.IDLE_TIMEOUT);
                end(request, session, "expired");
            } else {
                if (s.stale()) {
                    sessions.touch(s.rowId());
                }
                request.setAttribute(CURRENT, s.publicId());
            }
        }

        private static void end(HttpServletRequest request, HttpSession session, String notice) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // ended meanwhile by another request
            }
            SecurityContextHolder.clearContext();
            request.setAttribute(ENDED, notice);
        }
    }

    /**
     * Marks the record ended at a sign-out, before the session is invalidated (which deletes it from the session
     * store). Sessions that time out are deleted by the store itself; their records are ended by
     * {@link UserSessions#cleanUp} or, sooner, by the next request that still names them.
     */
    static final class SignOut implements LogoutHandler {

        private final UserSessions sessions;

        SignOut(UserSessions sessions) {
            this.sessions = sessions;
        }

        @Override
        public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
            HttpSession session = request.getSession(false);
            if (session == null || session.getAttribute(PUBLIC_ID) == null) {
                return; // never a signed-in, recorded session
            }
            try {
                sessions.endBySessionId(session.getId(), UserSessions.EndReason.SIGNED_OUT);
            } catch (RuntimeException e) {
                // The sign-out goes on; the clean-up job ends the record later.
                log.warn("could not mark session ended at sign-out: {}", e.toString());
            }
        }
    }

    /** "ended" for a session whose record says it was ended (not timed out), else "expired". */
    private static String goneNotice(UserSessions sessions, String sessionId) {
        try {
            return sessions.state(sessionId).map(UserSessions.State::ended)
                    .filter(reason -> !reason.timeout()).map(reason -> "ended").orElse("expired");
        } catch (RuntimeException e) {
            return "expired";
        }
    }

    /**
     * Remembers the page a browser asked for before signing in, to go there afterwards: only whole pages (GET of
     * HTML, not htmx fragments or polls, not script requests, not images), so that signing in never lands on a
     * fragment, and neither a poll nor an evidence image of an expired session creates a new session (which would
     * make the next poll's answer "signed out" instead of "expired").
     */
    static RequestCache requestCache() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(request -> "GET".equals(request.getMethod())
                && request.getHeader("HX-Request") == null
                && !"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))
                && (request.getHeader("Accept") == null || request.getHeader("Accept").contains("text/html"))
                && !request.getRequestURI().endsWith("/favicon.ico"));
        return cache;
    }

    /**
     * Where a browser without a (valid) sign-in goes: the login page, with {@code ?expired} when its session timed
     * out and {@code ?ended} when it was ended; for an htmx request (a fragment, a poll) the same as
     * {@code HX-Redirect} with 401, so that htmx loads the login page instead of swapping its form into the page.
     * A session ended elsewhere (its owner or an admin, on any node) is already gone from the store: its record
     * tells which notice it gets.
     */
    static AuthenticationEntryPoint entryPoint(UserSessions sessions) {
        LoginUrlAuthenticationEntryPoint login = new LoginUrlAuthenticationEntryPoint("/login");
        return (request, response, exception) -> {
            Object ended = request.getAttribute(ENDED);
            String notice = ended != null ? (String) ended
                    : request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid()
                    ? goneNotice(sessions, request.getRequestedSessionId()) : null;
            if ("true".equals(request.getHeader("HX-Request"))) {
                response.setHeader("HX-Redirect", request.getContextPath() + "/login" + (notice == null ? "" : "?" + notice));
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            if (notice == null) {
                login.commence(request, response, exception);
            } else {
                response.sendRedirect(request.getContextPath() + "/login?" + notice);
            }
        };
    }
}
