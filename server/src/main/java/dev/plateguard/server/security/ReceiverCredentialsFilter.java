package dev.plateguard.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

/**
 * The two further ways a camera authenticates to the vendor receivers ({@code /api/v1/receivers/**}), for devices
 * that cannot send a bearer header: its device key as the last path segment, or HTTP Basic with the camera's id as
 * user name and its device key as password (Hikvision's HTTP hosts offer only Basic). A bearer key is handled by
 * {@link BearerTokenFilter} before this filter. Wrong credentials are a 401 here, before any body is read; failures
 * are throttled and audited like bad bearer tokens. The key in the path never goes further than this filter.
 */
class ReceiverCredentialsFilter extends OncePerRequestFilter {

    private final DeviceKeys deviceKeys;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final FailureAuditGate auditGate;

    ReceiverCredentialsFilter(DeviceKeys deviceKeys, LoginThrottle throttle, AuditLog audit, FailureAuditGate auditGate) {
        this.deviceKeys = deviceKeys;
        this.throttle = throttle;
        this.audit = audit;
        this.auditGate = auditGate;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + DeviceKeyInPath.RECEIVERS);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // DeviceKeyInPath took the key out of the path before the security filters ran.
        String pathKey = (String) request.getAttribute(DeviceKeyInPath.ATTRIBUTE);
        request.removeAttribute(DeviceKeyInPath.ATTRIBUTE);
        HttpServletRequest masked = request;
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean basic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
        boolean bearer = SecurityContextHolder.getContext().getAuthentication() != null;
        if (pathKey == null && !basic) {
            chain.doFilter(masked, response); // a bearer key, or nothing (then the entry point answers 401)
            return;
        }
        if (bearer) {
            refuse(masked, response, "path key", "send one credential: a bearer key, a key in the path or HTTP Basic");
            return;
        }
        Optional<DevicePrincipal> device;
        String kind;
        if (pathKey != null) {
            kind = "path key";
            device = deviceKeys.authenticate(pathKey);
        } else {
            kind = "basic";
            device = basic(header.substring(6).strip());
        }
        if (device.isEmpty()) {
            refuse(masked, response, kind, pathKey != null ? "the device key in the path is unknown or revoked"
                    : "HTTP Basic needs the camera's id as user name and one of its device keys as password");
            return;
        }
        var authentication = new PreAuthenticatedAuthenticationToken(device.get(), null,
                List.of(new SimpleGrantedAuthority(Authorities.DEVICE)));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(masked, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** Basic credentials: user name the camera's id, password a device key of that camera. */
    private Optional<DevicePrincipal> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || !decoded.substring(0, colon).matches("\\d{1,18}")) {
            return Optional.empty();
        }
        long cameraId = Long.parseLong(decoded.substring(0, colon));
        return deviceKeys.authenticate(decoded.substring(colon + 1)).filter(d -> d.cameraId() == cameraId);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String kind, String detail)
            throws IOException {
        String ip = request.getRemoteAddr();
        if (throttle.isBearerBlocked(ip)) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttle.retryAfter().toSeconds()));
            ProblemWriter.throttled(response, "throttled", "too many failed authentication attempts from this address; try again later");
            return;
        }
        throttle.recordBearerFailure(ip);
        if (auditGate.admit("token.authenticate", ip)) {
            // The path without the key: an audit entry must not hold a secret either.
            audit.record("token.authenticate", request.getRequestURI(), AuditLog.Outcome.FAILURE, Map.of("kind", "device " + kind));
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"PlateGuard receivers\", charset=\"UTF-8\"");
        ProblemWriter.unauthorized(response, "invalid-device-credentials", detail);
    }
}
