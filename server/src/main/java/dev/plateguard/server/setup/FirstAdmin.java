package dev.plateguard.server.setup;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.users.UserAccount;
import dev.plateguard.server.users.UserRepository;
import dev.plateguard.server.users.UserService;

/** Creates the first ADMIN with the setup token, then burns the token. Afterwards setup no longer exists (404). */
@Service
public class FirstAdmin {

    private final SetupToken token;
    private final UserRepository users;
    private final UserService userService;
    private final AuditLog audit;
    private final JdbcClient jdbc;

    FirstAdmin(SetupToken token, UserRepository users, UserService userService, AuditLog audit, JdbcClient jdbc) {
        this.token = token;
        this.users = users;
        this.userService = userService;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    public boolean isAvailable() {
        return users.count() == 0;
    }

    @Transactional
    public UserAccount create(String setupToken, String username, String password) {
        // Serialise concurrent setup attempts: exactly one can create the first admin.
        jdbc.sql("select pg_advisory_xact_lock(7001)").query(Object.class).single();
        if (users.count() > 0) {
            throw ApiProblem.notFound("setup is complete");
        }
        if (!token.matches(setupToken)) {
            audit.recordFor("anonymous", "anonymous", "setup", "first-admin", AuditLog.Outcome.FAILURE,
                    Map.of("reason", "bad token"));
            throw new ApiProblem(HttpStatus.FORBIDDEN, "bad-setup-token", "the setup token is wrong", List.of());
        }
        UserAccount admin = userService.create(username, password, List.of("ADMIN"));
        audit.recordFor("anonymous", "setup-token", "setup", "user:" + admin.username(), AuditLog.Outcome.SUCCESS, null);
        token.burn();
        return admin;
    }
}
