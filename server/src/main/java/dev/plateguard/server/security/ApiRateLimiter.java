package dev.plateguard.server.security;

import java.io.IOException;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.plateguard.server.http.ProblemWriter;
import dev.plateguard.server.identity.DevicePrincipal;
import dev.plateguard.server.identity.UserPrincipal;

/**
 * Request rate limits on the API, after authentication: one token bucket per signed-in user, per camera, and per
 * client address for requests without a credential (Bucket4j, refilled greedily over a minute). The limits are
 * configurable ({@link AbuseSettings}); the camera limit is generous because ingest runs at camera speed.
 * Buckets of idle clients are forgotten, and their number is bounded.
 */
class ApiRateLimiter extends OncePerRequestFilter {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(2)).maximumSize(200_000).build();
    private final AbuseSettings settings;

    ApiRateLimiter(AbuseSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        Object principal = auth == null ? null : auth.getPrincipal();
        String key;
        long perMinute;
        String who;
        switch (principal) {
            case UserPrincipal user -> {
                key = "user:" + user.userId();
                perMinute = settings.userRequestsPerMinute();
                who = "this account";
            }
            case DevicePrincipal device -> {
                key = "device:" + device.cameraId();
                perMinute = settings.deviceRequestsPerMinute();
                who = "this camera";
            }
            case null, default -> {
                key = "address:" + request.getRemoteAddr();
                perMinute = settings.addressRequestsPerMinute();
                who = "this address";
            }
        }
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = LoginThrottle.retryAfterSeconds(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        ProblemWriter.throttled(response, "rate-limited",
                "too many requests from " + who + " (limit " + perMinute + " per minute); retry after " + seconds + " s");
    }
}
