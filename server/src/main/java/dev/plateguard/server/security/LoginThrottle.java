package dev.plateguard.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.users.MfaSettings;

/**
 * Failed sign-ins cost time, per account and per client address. The first few failures are free; after that each
 * further attempt must wait a delay that doubles with every failure, up to a cap. Attempts made during the delay
 * are refused without checking the password and are not counted, so they do not push the delay further out; the
 * right password once the delay has passed works. A hard lock would let anyone keep {@code admin} out for good.
 * In memory: a restart forgets, which is acceptable because the Argon2 hash keeps each guess expensive anyway.
 * <p>
 * Unknown bearer tokens are counted per IP separately: cameras retry with a revoked key, and several cameras can
 * share one address (mobile networks, a proxy on this host), so token failures must not lock people out of the
 * login page, and a valid token is never refused because of them (see {@link BearerTokenFilter}).
 * <p>
 * Failed public notice verifications are counted per IP on a counter of their own: anyone on the internet can
 * send them, and they must never lock staff out of signing in from a shared address.
 * <p>
 * A wrong second-factor code (after the right password) counts like a failed sign-in, and also on a counter of the
 * account's own whose delay grows up to {@code plateguard.mfa.failure-delay-max} (15 minutes by default) instead of
 * {@code login-delay-max}: whoever sends codes knows the password already, and a six-digit code must not be guessable
 * at one try a minute.
 */
@Component
public class LoginThrottle {

    /** Failures so far and when the last one happened. */
    private record Strikes(int failures, Instant last) {
    }

    private final Cache<String, Strikes> byAccount;
    private final Cache<String, Strikes> byIp;
    private final Cache<String, AtomicInteger> bearerByIp;
    private final Cache<String, AtomicInteger> verificationByIp;
    private final Cache<String, Strikes> secondFactorByAccount;
    private final Duration secondFactorDelayMax;
    private final int freePerAccount;
    private final int freePerIp;
    private final Duration window;
    private final Duration delayBase;
    private final Duration delayMax;
    private final Clock clock;

    @Autowired
    public LoginThrottle(PlateGuardProperties properties, AbuseSettings abuse, MfaSettings mfa) {
        this(properties, abuse, mfa, Clock.systemUTC());
    }

    public LoginThrottle(PlateGuardProperties properties, AbuseSettings abuse) {
        this(properties, abuse, MfaSettings.defaults(), Clock.systemUTC());
    }

    LoginThrottle(PlateGuardProperties properties, AbuseSettings abuse, Clock clock) {
        this(properties, abuse, MfaSettings.defaults(), clock);
    }

    LoginThrottle(PlateGuardProperties properties, AbuseSettings abuse, MfaSettings mfa, Clock clock) {
        PlateGuardProperties.Auth auth = properties.auth();
        this.clock = clock;
        this.window = auth.failureWindow();
        this.freePerAccount = auth.maxFailuresPerAccount();
        this.freePerIp = auth.maxFailuresPerIp();
        this.delayBase = abuse.loginDelayBase();
        this.delayMax = abuse.loginDelayMax();
        // Strikes are forgotten after a quiet window, but never while a delay they impose is still running.
        Duration memory = window.compareTo(delayMax) >= 0 ? window : delayMax;
        this.byAccount = Caffeine.newBuilder().expireAfterWrite(memory).maximumSize(100_000).build();
        this.byIp = Caffeine.newBuilder().expireAfterWrite(memory).maximumSize(100_000).build();
        this.bearerByIp = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
        this.verificationByIp = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
        this.secondFactorDelayMax = mfa.failureDelayMax().compareTo(delayMax) > 0 ? mfa.failureDelayMax() : delayMax;
        this.secondFactorByAccount = Caffeine.newBuilder()
                .expireAfterWrite(window.compareTo(secondFactorDelayMax) >= 0 ? window : secondFactorDelayMax)
                .maximumSize(100_000).build();
    }

    /** How long this sign-in attempt must still wait, if at all (the longer of the account's and the address's). */
    public Optional<Duration> waitFor(String account, String ip) {
        Duration a = remaining(byAccount, account, freePerAccount, delayMax);
        Duration b = remaining(byIp, ip, freePerIp, delayMax);
        Duration c = remaining(secondFactorByAccount, account, freePerAccount, secondFactorDelayMax);
        Duration longest = a.compareTo(b) >= 0 ? a : b;
        longest = longest.compareTo(c) >= 0 ? longest : c;
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /** The delay imposed by the given number of failures when {@code free} of them cost nothing. */
    Duration delayAfter(int failures, int free) {
        return delayAfter(failures, free, delayMax);
    }

    private Duration delayAfter(int failures, int free, Duration cap) {
        if (failures < free) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - free, 30);
        Duration delay = delayBase.multipliedBy(1L << doublings);
        return delay.compareTo(cap) > 0 ? cap : delay;
    }

    private Duration remaining(Cache<String, Strikes> cache, String key, int free, Duration cap) {
        Strikes strikes = key == null ? null : cache.getIfPresent(key);
        if (strikes == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), strikes.last().plus(delayAfter(strikes.failures(), free, cap)));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Too many unknown, expired or revoked bearer tokens from this address recently. */
    public boolean isBearerBlocked(String ip) {
        return count(bearerByIp, ip) >= freePerIp;
    }

    /** Too many failed notice verifications from this address recently. */
    public boolean isVerificationBlocked(String ip) {
        return count(verificationByIp, ip) >= freePerIp;
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
            strike(byAccount, account);
        }
        recordIpFailure(ip);
    }

    /** A wrong or replayed second-factor code after the right password: a failed sign-in, and a strike of its own. */
    public void recordSecondFactorFailure(String account, String ip) {
        recordFailure(account, ip);
        if (account != null) {
            strike(secondFactorByAccount, account);
        }
    }

    public void recordIpFailure(String ip) {
        if (ip != null) {
            strike(byIp, ip);
        }
    }

    public void recordSuccess(String account) {
        byAccount.invalidate(account);
        secondFactorByAccount.invalidate(account);
    }

    /** How long bearer-token and verification blocks last. */
    public Duration retryAfter() {
        return window;
    }

    private void strike(Cache<String, Strikes> cache, String key) {
        Instant now = clock.instant();
        cache.asMap().compute(key, (k, s) -> new Strikes(s == null ? 1 : s.failures() + 1, now));
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

    /** Whole seconds for a Retry-After header: rounded up, at least one. */
    public static long retryAfterSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
