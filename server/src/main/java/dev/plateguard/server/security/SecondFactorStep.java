package dev.plateguard.server.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.users.SecondFactors;

/**
 * The second step of a sign-in, after the right password: the one place a code is checked for the token endpoint
 * and the login pages alike, so throttling and auditing cannot differ between them. A wrong or replayed code is a
 * failed sign-in for {@link LoginThrottle} (with a longer delay of its own) and is audited as one; the sign-in's
 * {@code login} success is audited here, naming the factor.
 */
@Component
class SecondFactorStep {

    sealed interface Outcome permits Passed, Refused, Throttled {
    }

    /** Signed in: {@code verdict} is ACCEPTED (a TOTP code) or RECOVERY_CODE. */
    record Passed(SecondFactors.Verdict verdict) implements Outcome {
    }

    /** WRONG, REPLAYED or NOT_ENROLLED. */
    record Refused(SecondFactors.Verdict verdict) implements Outcome {
    }

    record Throttled(Duration retryAfter) implements Outcome {
    }

    private final SecondFactors factors;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final FailureAuditGate auditGate;

    SecondFactorStep(SecondFactors factors, LoginThrottle throttle, AuditLog audit, FailureAuditGate auditGate) {
        this.factors = factors;
        this.throttle = throttle;
        this.audit = audit;
        this.auditGate = auditGate;
    }

    Outcome check(UserPrincipal user, String code, String ip, String channel) {
        Optional<Duration> wait = throttle.waitFor(user.username(), ip);
        if (wait.isPresent()) {
            if (auditGate.admit("login", ip)) {
                audit.recordFor("user", user.username(), "login", channel, AuditLog.Outcome.DENIED,
                        Map.of("reason", "throttled", "step", "second factor"));
            }
            return new Throttled(wait.get());
        }
        SecondFactors.Verdict verdict = factors.verify(user, code);
        switch (verdict) {
            case ACCEPTED, RECOVERY_CODE -> {
                throttle.recordSuccess(user.username());
                audit.recordFor("user", user.username(), "login", channel, AuditLog.Outcome.SUCCESS,
                        Map.of("secondFactor", verdict == SecondFactors.Verdict.ACCEPTED ? "totp" : "recovery code"));
                return new Passed(verdict);
            }
            case WRONG, REPLAYED -> {
                throttle.recordSecondFactorFailure(user.username(), ip);
                if (auditGate.admit("login", ip)) {
                    audit.recordFor("user", user.username(), "login", channel, AuditLog.Outcome.FAILURE,
                            Map.of("reason", verdict == SecondFactors.Verdict.WRONG ? "bad second factor"
                                    : "replayed second factor"));
                }
                return new Refused(verdict);
            }
            default -> {
                return new Refused(verdict);
            }
        }
    }

    /**
     * The right password, but no sign-in yet: a code is needed and none came, or the person must enrol first.
     * Audited, not counted as a failure.
     */
    void denied(UserPrincipal user, String ip, String channel, String reason) {
        if (auditGate.admit("login", ip)) {
            audit.recordFor("user", user.username(), "login", channel, AuditLog.Outcome.DENIED, Map.of("reason", reason));
        }
    }

    /**
     * Wrong codes while enrolling count like wrong codes at sign-in. Answers how long the person must still wait
     * before the next try, if at all.
     */
    Optional<Duration> enrolmentWait(String username, String ip) {
        return throttle.waitFor(username, ip);
    }

    void enrolmentFailed(String username, String ip, String channel) {
        throttle.recordSecondFactorFailure(username, ip);
        if (auditGate.admit("mfa.enrol", ip)) {
            audit.recordFor("user", username, "mfa.enrol", "user:" + username, AuditLog.Outcome.FAILURE,
                    Map.of("reason", "bad code", "channel", channel));
        }
    }

    void enrolled(String username) {
        throttle.recordSuccess(username);
    }
}
