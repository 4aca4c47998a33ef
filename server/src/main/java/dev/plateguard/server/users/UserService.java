package dev.plateguard.server.users;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

@Service
public class UserService {

    private static final java.util.regex.Pattern USERNAME = java.util.regex.Pattern.compile("[a-z0-9._-]{3,64}");

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final PersonalTokens tokens;
    private final AuditLog audit;

    UserService(UserRepository users, PasswordEncoder encoder, PasswordPolicy policy, PersonalTokens tokens,
                AuditLog audit) {
        this.users = users;
        this.encoder = encoder;
        this.policy = policy;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** Validates and creates an account; the caller's transaction also carries the audit entry. */
    @Transactional
    public UserAccount create(String rawUsername, String password, List<String> roleNames) {
        List<FieldProblem> errors = new ArrayList<>();
        String username = rawUsername == null ? null : rawUsername.strip().toLowerCase(Locale.ROOT);
        if (username == null || !USERNAME.matcher(username).matches()) {
            errors.add(FieldProblem.coded("username", "username", "must be 3-64 characters of a-z, 0-9, '.', '_' or '-'"));
        }
        policy.problem(password, username).ifPresent(errors::add);
        Set<Role> roles = parseRoles(roleNames, errors, true);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        if (users.exists(username)) {
            throw Refusal.conflict("username '" + username + "' is taken", "usernameTaken");
        }
        long id = users.insert(username, encoder.encode(password), roles);
        audit.record("user.create", "user:" + username, AuditLog.Outcome.SUCCESS,
                Map.of("roles", UserRepository.names(roles)));
        return users.find(id).orElseThrow();
    }

    /**
     * Changes roles, the disabled flag or the password. Any change bumps the security stamp, which ends the
     * user's sessions at their next request; disabling also revokes every personal token at once.
     */
    @Transactional
    public UserAccount update(long id, List<String> roleNames, Boolean disabled, String password) {
        // One account change at a time, so that two admins cannot demote each other past the last-admin check.
        users.lockAccountChanges();
        UserAccount current = users.find(id).orElseThrow(() -> Refusal.notFound("no user " + id));
        List<FieldProblem> errors = new ArrayList<>();
        Set<Role> roles = roleNames == null ? null : parseRoles(roleNames, errors, true);
        if (password != null) {
            policy.problem(password, current.username()).ifPresent(errors::add);
        }
        if (roleNames == null && disabled == null && password == null) {
            errors.add(FieldProblem.coded("body", "nothingToChange", "nothing to change: give roles, disabled or password"));
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        boolean losesAdmin = current.roles().contains(Role.ADMIN) && !current.disabled()
                && (Boolean.TRUE.equals(disabled) || roles != null && !roles.contains(Role.ADMIN));
        if (losesAdmin && users.countEnabledAdminsExcept(id) == 0) {
            // Setup cannot run again once users exist: without an enabled ADMIN nobody could manage the system.
            throw Refusal.conflict("'" + current.username() + "' is the last enabled ADMIN; create or enable another first",
                    "lastAdmin");
        }
        users.update(id, roles, disabled, password == null ? null : encoder.encode(password));
        Map<String, Object> details = new LinkedHashMap<>();
        if (roles != null) {
            details.put("roles", UserRepository.names(roles));
        }
        if (disabled != null) {
            details.put("disabled", disabled);
        }
        if (password != null) {
            details.put("passwordReset", true);
        }
        if (Boolean.TRUE.equals(disabled) || password != null) {
            details.put("tokensRevoked", tokens.revokeAll(id));
        }
        audit.record("user.update", "user:" + current.username(), AuditLog.Outcome.SUCCESS, details);
        return users.find(id).orElseThrow();
    }

    public List<UserAccount> list() {
        return users.findAll();
    }

    static Set<Role> parseRoles(List<String> names, List<FieldProblem> errors, boolean required) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (names == null || names.isEmpty()) {
            if (required) {
                errors.add(FieldProblem.coded("roles", "roles", "must name at least one of " + List.of(Role.values())));
            }
            return roles;
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            try {
                roles.add(Role.valueOf(name == null ? "" : name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(FieldProblem.coded("roles[" + i + "]", "unknownRole",
                        "unknown role; use one of " + List.of(Role.values())));
            }
        }
        return roles;
    }
}
