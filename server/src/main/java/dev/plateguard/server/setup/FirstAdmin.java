package dev.plateguard.server.setup;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.audit.AuditLog;
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

    FirstAdmin(SetupToken token, UserRepository users, UserService userService, AuditLog audit, JdbcClient jdbc,
               PlatformTransactionManager transactions) {
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

    public UserAccount create(String setupToken, String username, String password) {
        UserAccount admin = tx.execute(status -> {
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
            return created;
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
