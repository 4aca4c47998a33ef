package dev.plateguard.server.security;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

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
import dev.plateguard.server.http.ProblemWriter;
import dev.plateguard.server.identity.Authorities;
import dev.plateguard.server.identity.Secrets;
import dev.plateguard.server.metrics.MetricsSettings;

/**
 * Resolves {@code Authorization: Bearer pgm_…} on the metrics scrape: the token's SHA-256 must be one of
 * {@code plateguard.metrics.scrape-token-sha256}. The hashes come from the configuration, not the database, so a
 * scrape costs no query and works while the database is down (when the figures matter most). A wrong token is
 * refused, throttled and audited like any bad bearer token; a scrape token opens nothing but the scrape.
 */
class ScrapeTokenFilter extends OncePerRequestFilter {

    /** The principal of an authenticated scrape: no person, no camera. */
    static final String SCRAPER = "metrics-scraper";

    private final List<byte[]> hashes;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final FailureAuditGate auditGate;

    ScrapeTokenFilter(MetricsSettings settings, LoginThrottle throttle, AuditLog audit, FailureAuditGate auditGate) {
        this.hashes = settings.scrapeTokenHashes();
        this.throttle = throttle;
        this.audit = audit;
        this.auditGate = auditGate;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response); // anonymous: refused by the chain's rules, 401
            return;
        }
        String ip = request.getRemoteAddr();
        if (!valid(header.substring(7).strip())) {
            if (throttle.isBearerBlocked(ip)) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttle.retryAfter().toSeconds()));
                ProblemWriter.throttled(response, "throttled",
                        "too many failed authentication attempts from this address; try again later");
                return;
            }
            throttle.recordBearerFailure(ip);
            if (auditGate.admit("token.authenticate", ip)) {
                audit.record("token.authenticate", request.getRequestURI(), AuditLog.Outcome.FAILURE,
                        Map.of("kind", "scrape token"));
            }
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            ProblemWriter.unauthorized(response, "invalid-token", "the scrape token is unknown");
            return;
        }
        var authentication = new PreAuthenticatedAuthenticationToken(SCRAPER, null,
                List.of(new SimpleGrantedAuthority(Authorities.METRICS_SCRAPE)));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private boolean valid(String token) {
        if (!Secrets.looksLike(token, Secrets.SCRAPE_TOKEN_PREFIX)) {
            return false;
        }
        byte[] hash = Secrets.hash(token);
        boolean found = false;
        for (byte[] known : hashes) {
            found |= MessageDigest.isEqual(known, hash); // every hash compared: no early exit to time
        }
        return found;
    }
}
