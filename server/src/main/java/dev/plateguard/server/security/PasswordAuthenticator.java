package dev.plateguard.server.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.users.SecondFactors;
import dev.plateguard.server.users.UserRepository;
import dev.plateguard.server.identity.UserPrincipal;

/**
 * The one place a username and password are checked: the login page and the token endpoint both come here,
 * so throttling and auditing cannot differ between them.
 */
@Component
public class PasswordAuthenticator {

    public sealed interface Result permits Success, Failure, Throttled, PasswordChangeRequired, SecondFactorNeeded {
    }

    /**
     * The password is right, and this person signs in with a second factor: nothing is granted until it is given
     * ({@code enrolled}: an authenticator app; {@code passkey}: a passkey, which only a browser can present) or
     * enrolled. Nothing is audited yet and failures are not forgiven yet: the second step does both.
     */
    public record SecondFactorNeeded(UserPrincipal principal, boolean enrolled, boolean passkey) implements Result {
    }

    /** The password is right but an admin reset it: this sign-in may only change it. */
    public record PasswordChangeRequired(UserPrincipal principal) implements Result {
    }

    public record Success(UserPrincipal principal) implements Result {
    }

    public record Failure() implements Result {
    }

    /** Refused unchecked: the account or the address must still wait {@code retryAfter}. */
    public record Throttled(java.time.Duration retryAfter) implements Result {
    }

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final FailureAuditGate auditGate;
    private final List<PasswordSignInPolicy> policies;
    private final SecondFactors secondFactors;
    private final String dummyHash;

    PasswordAuthenticator(UserRepository users, PasswordEncoder encoder, LoginThrottle throttle, AuditLog audit,
                          FailureAuditGate auditGate, List<PasswordSignInPolicy> policies, SecondFactors secondFactors) {
        this.policies = List.copyOf(policies);
        this.secondFactors = secondFactors;
        this.users = users;
        this.encoder = encoder;
        this.throttle = throttle;
        this.audit = audit;
        this.auditGate = auditGate;
        this.dummyHash = encoder.encode("timing-equaliser-not-a-password");
    }

    public Result authenticate(String rawUsername, String password, String ip, String channel) {
        String username = rawUsername == null ? "" : rawUsername.strip().toLowerCase(java.util.Locale.ROOT);
        if (username.isEmpty() || username.length() > 64 || password == null || password.length() > 256) {
            throttle.recordIpFailure(ip);
            if (auditGate.admit("login", ip)) {
                audit.recordFor("anonymous", "anonymous", "login", channel, AuditLog.Outcome.FAILURE,
                        Map.of("reason", "malformed"));
            }
            return new Failure();
        }
        Optional<java.time.Duration> wait = throttle.waitFor(username, ip);
        if (wait.isPresent()) {
            if (auditGate.admit("login", ip)) {
                audit.recordFor("anonymous", username, "login", channel, AuditLog.Outcome.DENIED,
                        Map.of("reason", "throttled"));
            }
            return new Throttled(wait.get());
        }
        Optional<String> refused = policies.stream().map(p -> p.refusal(username)).flatMap(Optional::stream).findFirst();
        if (refused.isPresent()) {
            // Hash anyway, so that response time does not tell which accounts may use a password.
            encoder.matches(password, dummyHash);
            throttle.recordFailure(username, ip);
            if (auditGate.admit("login", ip)) {
                audit.recordFor("anonymous", username, "login", channel, AuditLog.Outcome.DENIED,
                        Map.of("reason", refused.get()));
            }
            return new Failure();
        }
        Optional<UserRepository.Credentials> found = users.findCredentials(username);
        // Hash even for unknown users so that response time does not reveal which usernames exist.
        boolean matches = encoder.matches(password, found.map(UserRepository.Credentials::passwordHash).orElse(dummyHash));
        if (found.isEmpty() || !matches || found.get().account().disabled()) {
            throttle.recordFailure(username, ip);
            String reason = found.isEmpty() ? "unknown user" : !matches ? "bad password" : "disabled";
            if (auditGate.admit("login", ip)) {
                audit.recordFor("anonymous", username, "login", channel, AuditLog.Outcome.FAILURE, Map.of("reason", reason));
            }
            return new Failure();
        }
        if (encoder.upgradeEncoding(found.get().passwordHash())) {
            // Hashed with weaker Argon2 parameters than today's: store a stronger hash of the password just proven.
            users.rehashPassword(found.get().account().id(), found.get().passwordHash(), encoder.encode(password));
        }
        var credentials = found.get();
        var account = credentials.account();
        UserPrincipal principal = new UserPrincipal(account.id(), account.username(), account.roles(),
                credentials.securityStamp(), account.scope());
        boolean secondFactor = secondFactors.required(account.id(), account.roles());
        if (!secondFactor) {
            // With a second factor to come, earlier failures are forgiven only once it is right: otherwise the
            // password alone would reset the count and wrong codes could be tried without end.
            throttle.recordSuccess(username);
        }
        if (account.mustChangePassword()) {
            audit.recordFor("user", username, "login", channel, AuditLog.Outcome.DENIED,
                    Map.of("reason", "password change required"));
            return new PasswordChangeRequired(principal);
        }
        if (secondFactor) {
            return new SecondFactorNeeded(principal, secondFactors.enrolled(account.id()),
                    secondFactors.hasPasskey(account.id()));
        }
        audit.recordFor("user", username, "login", channel, AuditLog.Outcome.SUCCESS, null);
        return new Success(principal);
    }
}
