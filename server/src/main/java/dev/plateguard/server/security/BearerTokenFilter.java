package dev.plateguard.server.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.cameras.DeviceKeys;
import dev.plateguard.server.http.ProblemWriter;
import dev.plateguard.server.identity.Authorities;
import dev.plateguard.server.identity.DevicePrincipal;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.Secrets;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.users.EnrolmentPrincipal;
import dev.plateguard.server.users.EnrolmentTokens;
import dev.plateguard.server.users.PersonalTokens;

/**
 * Resolves {@code Authorization: Bearer pgd_…} (a camera), {@code Bearer pgu_…} (a person) or {@code Bearer pge_…} (a
 * person who must enrol a second factor: the authority {@link SecurityConfiguration#ENROLMENT} and no role) on every
 * API request. Both are looked up in the database each time, so revocation and disabling act at once. An invalid
 * token is refused here rather than treated as anonymous, so that a client learns its credential is bad.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private final DeviceKeys deviceKeys;
    private final PersonalTokens personalTokens;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final FailureAuditGate auditGate;
    private final EnrolmentTokens enrolmentTokens;

    BearerTokenFilter(DeviceKeys deviceKeys, PersonalTokens personalTokens, LoginThrottle throttle, AuditLog audit,
                      FailureAuditGate auditGate, EnrolmentTokens enrolmentTokens) {
        this.enrolmentTokens = enrolmentTokens;
        this.deviceKeys = deviceKeys;
        this.personalTokens = personalTokens;
        this.throttle = throttle;
        this.audit = audit;
        this.auditGate = auditGate;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        String ip = request.getRemoteAddr();
        String token = header.substring(7).strip();
        Optional<?> principal = token.startsWith(Secrets.DEVICE_KEY_PREFIX)
                ? deviceKeys.authenticate(token)
                : token.startsWith(Secrets.USER_TOKEN_PREFIX) ? personalTokens.authenticate(token)
                : token.startsWith(Secrets.ENROLMENT_TOKEN_PREFIX) ? enrolmentTokens.authenticate(token) : Optional.empty();
        if (principal.isEmpty()) {
            // Only failures are throttled: a valid key keeps working even when another client behind the same
            // address keeps retrying with a revoked one.
            if (throttle.isBearerBlocked(ip)) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttle.retryAfter().toSeconds()));
                ProblemWriter.throttled(response, "throttled",
                        "too many failed authentication attempts from this address; try again later");
                return;
            }
            throttle.recordBearerFailure(ip);
            String kind = token.startsWith(Secrets.DEVICE_KEY_PREFIX) ? "device key"
                    : token.startsWith(Secrets.USER_TOKEN_PREFIX) ? "personal token"
                    : token.startsWith(Secrets.ENROLMENT_TOKEN_PREFIX) ? "enrolment token" : "unrecognised token";
            if (auditGate.admit("token.authenticate", ip)) {
                audit.record("token.authenticate", request.getRequestURI(), AuditLog.Outcome.FAILURE, Map.of("kind", kind));
            }
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            ProblemWriter.unauthorized(response, "invalid-token",
                    "the " + kind + " is unknown, expired or revoked");
            return;
        }
        List<SimpleGrantedAuthority> authorities = switch (principal.get()) {
            case UserPrincipal user -> user.roles().stream().map(Role::authority).map(SimpleGrantedAuthority::new).toList();
            case DevicePrincipal device -> List.of(new SimpleGrantedAuthority(Authorities.DEVICE));
            case EnrolmentPrincipal enrolment -> List.of(new SimpleGrantedAuthority(SecurityConfiguration.ENROLMENT));
            default -> throw new IllegalStateException("unknown principal " + principal.get().getClass());
        };
        var authentication = new PreAuthenticatedAuthenticationToken(principal.get(), null, authorities);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
