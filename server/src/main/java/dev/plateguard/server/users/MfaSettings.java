package dev.plateguard.server.users;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.plateguard.server.identity.Role;

/**
 * The second factor at sign-in ({@code plateguard.mfa.*}): a TOTP code (RFC 6238: HMAC-SHA-1, 6 digits, 30-second
 * steps, as authenticator apps use) after the password. docs/security.md explains what is stored and how.
 *
 * @param requiredRoles   roles whose holders must sign in with a second factor; a person holding any of them enrols
 *                        at their next sign-in (PLATEGUARD_MFA_REQUIRED_ROLES, comma-separated; empty: nobody must,
 *                        but whoever has enrolled still signs in with it)
 * @param enrolmentTtl    how long an enrolment token (pge_…, API) and a half-done browser sign-in (password
 *                        given, second factor not yet) stay usable
 * @param issuer          the name authenticator apps show next to the account (the otpauth issuer)
 * @param recoveryCodes   one-time recovery codes given at enrolment, for a lost authenticator
 * @param failureDelayMax the longest wait imposed after repeated wrong codes for one account (longer than
 *                        plateguard.abuse.login-delay-max: whoever sends codes already knows the password)
 */
@ConfigurationProperties("plateguard.mfa")
public record MfaSettings(
        @DefaultValue({"ADMIN", "SUPERVISOR", "INVESTIGATOR", "AUDITOR"}) List<Role> requiredRoles,
        @DefaultValue("10m") Duration enrolmentTtl,
        @DefaultValue("PlateGuard") String issuer,
        @DefaultValue("10") int recoveryCodes,
        @DefaultValue("15m") Duration failureDelayMax) {

    public MfaSettings {
        requiredRoles = requiredRoles == null ? List.of() : List.copyOf(requiredRoles);
        if (enrolmentTtl.isNegative() || enrolmentTtl.isZero() || enrolmentTtl.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("plateguard.mfa.enrolment-ttl must be positive and at most 24h");
        }
        if (issuer == null || issuer.isBlank() || issuer.contains(":")) {
            throw new IllegalArgumentException("plateguard.mfa.issuer must be a name without ':'");
        }
        if (recoveryCodes < 1 || recoveryCodes > 50) {
            throw new IllegalArgumentException("plateguard.mfa.recovery-codes must be between 1 and 50");
        }
        if (failureDelayMax.isNegative() || failureDelayMax.isZero()) {
            throw new IllegalArgumentException("plateguard.mfa.failure-delay-max must be positive");
        }
    }

    /** The defaults, for code that builds settings by hand (tests). */
    public static MfaSettings defaults() {
        return new MfaSettings(List.of(Role.ADMIN, Role.SUPERVISOR, Role.INVESTIGATOR, Role.AUDITOR),
                Duration.ofMinutes(10), "PlateGuard", 10, Duration.ofMinutes(15));
    }

    /** Whether someone holding these roles must sign in with a second factor. */
    public boolean requiredFor(Set<Role> roles) {
        Set<Role> required = requiredRoles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(requiredRoles);
        return roles.stream().anyMatch(required::contains);
    }
}
