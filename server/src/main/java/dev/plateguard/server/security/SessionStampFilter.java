package dev.plateguard.server.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.plateguard.server.users.UserRepository;
import dev.plateguard.server.users.UserSessions;
import dev.plateguard.server.identity.UserPrincipal;

/**
 * Ends a browser session when its user has been disabled or changed since sign-in (the security stamp moved
 * on), also halfway through a sign-in (an admin who resets a second factor ends the sign-in in progress). One
 * indexed lookup per page request, and it works across several server instances.
 */
class SessionStampFilter extends OncePerRequestFilter {

    private final UserRepository users;
    private final UserSessions sessions;

    SessionStampFilter(UserRepository users, UserSessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        UserPrincipal user = auth == null ? null : auth.getPrincipal() instanceof UserPrincipal u ? u
                : auth.getPrincipal() instanceof PendingSignIn pending ? pending.user() : null;
        if (user != null) {
            boolean current = users.activeStamp(user.userId()).map(stamp -> stamp == user.securityStamp()).orElse(false);
            if (!current) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    sessions.endBySessionId(session.getId(), UserSessions.EndReason.ACCOUNT_CHANGED);
                    session.invalidate();
                }
                request.setAttribute(SignedInSessions.ENDED, "ended");
                SecurityContextHolder.clearContext();
            }
        }
        chain.doFilter(request, response);
    }
}
