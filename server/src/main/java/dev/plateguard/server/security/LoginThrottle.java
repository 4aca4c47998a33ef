package dev.plateguard.server.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

import dev.plateguard.server.PlateGuardProperties;

/**
 * Counts failed logins per account and per client IP. Past the limit, further attempts are refused without
 * checking the password until the window has passed since the last failure. In memory: a restart forgets,
 * which is acceptable because the Argon2 hash keeps each guess expensive anyway.
 * <p>
 * Unknown bearer tokens are counted per IP separately: cameras retry with a revoked key, and several cameras can
 * share one address (mobile networks, a proxy on this host), so token failures must not lock people out of the
 * login page, and a valid token is never refused because of them (see {@link BearerTokenFilter}).
 * <p>
 * Failed public notice verifications are counted per IP on a counter of their own: anyone on the internet can
 * send them, and they must never lock staff out of signing in from a shared address.
 */
@Component
public class LoginThrottle {

    private final Cache<String, AtomicInteger> byAccount;
    private final Cache<String, AtomicInteger> byIp;
    private final Cache<String, AtomicInteger> bearerByIp;
    private final Cache<String, AtomicInteger> verificationByIp;
    private final int maxPerAccount;
    private final int maxPerIp;
    private final Duration window;

    public LoginThrottle(PlateGuardProperties properties) {
        PlateGuardProperties.Auth auth = properties.auth();
        this.window = auth.failureWindow();
        this.maxPerAccount = auth.maxFailuresPerAccount();
        this.maxPerIp = auth.maxFailuresPerIp();
        this.byAccount = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
        this.byIp = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
        this.bearerByIp = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
        this.verificationByIp = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
    }

    public boolean isBlocked(String account, String ip) {
        return count(byAccount, account) >= maxPerAccount || count(byIp, ip) >= maxPerIp;
    }

    /** Too many unknown, expired or revoked bearer tokens from this address recently. */
    public boolean isBearerBlocked(String ip) {
        return count(bearerByIp, ip) >= maxPerIp;
    }

    /** Too many failed notice verifications from this address recently. */
    public boolean isVerificationBlocked(String ip) {
        return count(verificationByIp, ip) >= maxPerIp;
    }

    public void recordVerificationFailure(String ip) {
        if (ip != null) {
            bump(verificationByIp, ip);
        }
    }

    public void recordBearerFailure(String ip) {
        if (ip != null) {
            bump(bearerByIp, ip);
        }
    }

    public void recordFailure(String account, String ip) {
        if (account != null) {
            bump(byAccount, account);
        }
        recordIpFailure(ip);
    }

    public void recordIpFailure(String ip) {
        if (ip != null) {
            bump(byIp, ip);
        }
    }

    public void recordSuccess(String account) {
        byAccount.invalidate(account);
    }

    public Duration retryAfter() {
        return window;
    }

    private static int count(Cache<String, AtomicInteger> cache, String key) {
        if (key == null) {
            return 0;
        }
        AtomicInteger n = cache.getIfPresent(key);
        return n == null ? 0 : n.get();
    }

    private static void bump(Cache<String, AtomicInteger> cache, String key) {
        // Re-put so that expireAfterWrite counts from the latest failure.
        AtomicInteger n = cache.get(key, k -> new AtomicInteger());
        n.incrementAndGet();
        cache.put(key, n);
    }
}
