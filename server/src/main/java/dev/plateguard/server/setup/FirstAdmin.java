package dev.plateguard.server.setup;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.users.MfaSettings;
import dev.plateguard.server.users.SecondFactors;
import dev.plateguard.server.users.UserAccount;
import dev.plateguard.server.users.UserRepository;
import dev.plateguard.server.users.UserService;
import dev.plateguard.server.validation.Refusal;

/** Creates the first ADMIN with the setup token, then burns the token. Afterwards setup no longer exists (404). */
@Service
public class FirstAdmin {

    private final SetupToken token;
    private final UserRepository users;
    private final UserService userService;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SecondFactors secondFactors;
    private final MfaSettings mfa;

    FirstAdmin(SetupToken token, UserRepository users, UserService userService, AuditLog audit, JdbcClient jdbc,
               PlatformTransactionManager transactions, SecondFactors secondFactors, MfaSettings mfa) {
        this.secondFactors = secondFactors;
        this.mfa = mfa;
        this.token = token;
        this.users = users;
        this.userService = userService;
        this.audit = audit;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    public boolean isAvailable() {
        return users.count() == 0;
    }

    /** The first administrator, with the authenticator enrolled at setup (null when none was asked for). */
    public record Created(UserAccount account, SecondFactors.Enrolled secondFactor) {
    }

    /** Whether setup must hand the first administrator a second factor (plateguard.mfa.required-roles has ADMIN). */
    public boolean secondFactorRequired() {
        return mfa.requiredFor(Set.of(Role.ADMIN));
    }

    /**
     * Creates the first administrator. With {@code enrolSecondFactor}, a TOTP authenticator is enrolled in the same
     * transaction and its secret answered (the API's way); otherwise, where one is required, the administrator enrols
     * at their first sign-in (the setup page's way).
     */
    public Created create(String setupToken, String username, String password, boolean enrolSecondFactor) {
        Created admin = tx.execute(status -> {
            // Serialise concurrent setup attempts: exactly one can create the first admin.
            jdbc.sql("select pg_advisory_xact_lock(7001)").query(Object.class).single();
            if (users.count() > 0) {
                throw Refusal.notFound("setup is complete");
            }
            if (!token.matches(setupToken)) {
                return null;
            }
            UserAccount created = userService.createFirstAdmin(username, password);
            audit.recordFor("anonymous", "setup-token", "setup", "user:" + created.username(), AuditLog.Outcome.SUCCESS, null);
            return new Created(created, enrolSecondFactor ? secondFactors.enrolNow(created.id(), created.username()) : null);
        });
        if (admin == null) {
            // Recorded outside the transaction above, which would otherwise take the record with it when the
            // refusal rolls it back.
            audit.recordFor("anonymous", "anonymous", "setup", "first-admin", AuditLog.Outcome.FAILURE,
                    Map.of("reason", "bad token"));
            throw new Refusal(Refusal.Kind.FORBIDDEN, "bad-setup-token", "the setup token is wrong", List.of());
        }
        // Burnt only once the administrator is committed: if the commit fails, the token still works for a retry.
        token.burn();
        return admin;
    }
}
