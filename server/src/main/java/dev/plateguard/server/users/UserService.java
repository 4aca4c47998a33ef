package dev.plateguard.server.users;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Creates and changes accounts. Separation of duties: nobody changes their own roles, ADMIN holds no other
 * role, and roles that see personal data wait for a second ADMIN ({@link RoleGrants}).
 */
@Service
public class UserService {

    private static final java.util.regex.Pattern USERNAME = java.util.regex.Pattern.compile("[a-z0-9._-]{3,64}");

    /** An account after a change, with the grant that still waits for a second ADMIN (or null). */
    public record Outcome(UserAccount account, RoleGrants.RoleGrant pendingGrant) {
    }

    /** A requested scope: regions as in {@code site.region} and site ids; both empty means the whole country. */
    public record ScopeChange(List<String> regions, List<Long> sites) {
    }

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final PersonalTokens tokens;
    private final RoleGrants grants;
    private final AuditLog audit;

    UserService(UserRepository users, PasswordEncoder encoder, PasswordPolicy policy, PersonalTokens tokens,
                RoleGrants grants, AuditLog audit) {
        this.users = users;
        this.encoder = encoder;
        this.policy = policy;
        this.tokens = tokens;
        this.grants = grants;
        this.audit = audit;
    }

    /** The first administrator, from the setup flow: ADMIN alone, nobody to approve anything yet. */
    @Transactional
    public UserAccount createFirstAdmin(String username, String password) {
        return insert(username, password, List.of(Role.ADMIN.name()), null).account();
    }

    /**
     * Validates and creates an account. Roles that need approval are not given yet: the account is created
     * without them and a pending grant is returned.
     */
    @Transactional
    public Outcome create(UserPrincipal actor, String rawUsername, String password, List<String> roleNames) {
        users.lockAccountChanges();
        return insert(rawUsername, password, roleNames, actor);
    }

    private Outcome insert(String rawUsername, String password, List<String> roleNames, UserPrincipal actor) {
        List<FieldProblem> errors = new ArrayList<>();
        String username = rawUsername == null ? null : rawUsername.strip().toLowerCase(Locale.ROOT);
        if (username == null || !USERNAME.matcher(username).matches()) {
            errors.add(FieldProblem.coded("username", "username", "must be 3-64 characters of a-z, 0-9, '.', '_' or '-'"));
        }
        policy.problem(password, username).ifPresent(errors::add);
        Set<Role> roles = parseRoles(roleNames, errors, true);
        adminAlone(roles, errors);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        if (users.exists(username)) {
            throw Refusal.conflict("username '" + username + "' is taken", "usernameTaken");
        }
        Set<Role> pending = needingApproval(Set.of(), roles);
        Set<Role> now = EnumSet.noneOf(Role.class);
        now.addAll(roles);
        now.removeAll(pending);
        long id = users.insert(username, encoder.encode(password), now);
        audit.record("user.create", "user:" + username, AuditLog.Outcome.SUCCESS,
                Map.of("roles", UserRepository.names(now), "pendingRoles", UserRepository.names(pending)));
        UserAccount created = users.find(id).orElseThrow();
        return new Outcome(created, pending.isEmpty() ? null : grants.request(actor, created, pending));
    }

    /**
     * Changes roles, the disabled flag, the password or the scope. Any change bumps the security stamp, which
     * ends the user's sessions at their next request; disabling and password resets also revoke every personal
     * token. A password reset by another admin forces a change at the next sign-in.
     */
    @Transactional
    public Outcome update(UserPrincipal actor, long id, List<String> roleNames, Boolean disabled, String password,
                          ScopeChange scopeChange) {
        // One account change at a time, so that two admins cannot demote each other past the last-admin check.
        users.lockAccountChanges();
        UserAccount current = users.find(id).orElseThrow(() -> Refusal.notFound("no user " + id));
        List<FieldProblem> errors = new ArrayList<>();
        Set<Role> roles = roleNames == null ? null : parseRoles(roleNames, errors, true);
        if (roles != null) {
            adminAlone(roles, errors);
        }
        if (password != null) {
            policy.problem(password, current.username()).ifPresent(errors::add);
        }
        Scope scope = scopeChange == null ? null : scope(scopeChange, errors);
        if (roleNames == null && disabled == null && password == null && scopeChange == null) {
            errors.add(FieldProblem.coded("body", "nothingToChange",
                    "nothing to change: give roles, disabled, password or scope"));
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        if (roles != null && id == actor.userId() && !roles.equals(current.roles())) {
            throw Refusal.conflict("nobody changes their own roles; ask another ADMIN", "ownRoles");
        }
        Set<Role> pending = roles == null ? Set.of() : needingApproval(current.roles(), roles);
        Set<Role> now = null;
        if (roles != null) {
            now = EnumSet.noneOf(Role.class);
            now.addAll(roles);
            now.removeAll(pending);
        }
        boolean losesAdmin = current.roles().contains(Role.ADMIN) && !current.disabled()
                && (Boolean.TRUE.equals(disabled) || now != null && !now.contains(Role.ADMIN));
        if (losesAdmin && users.countEnabledAdminsExcept(id) == 0) {
            // Setup cannot run again once users exist: without an enabled ADMIN nobody could manage the system.
            throw Refusal.conflict("'" + current.username() + "' is the last enabled ADMIN; create or enable another first",
                    "lastAdmin");
        }
        Boolean mustChange = password == null ? null : id != actor.userId();
        users.update(id, now, disabled, password == null ? null : encoder.encode(password), mustChange, scope);
        Map<String, Object> details = new LinkedHashMap<>();
        if (now != null) {
            details.put("roles", UserRepository.names(now));
            details.put("pendingRoles", UserRepository.names(pending));
        }
        if (disabled != null) {
            details.put("disabled", disabled);
        }
        if (password != null) {
            details.put("passwordReset", true);
            details.put("mustChangePassword", mustChange);
        }
        if (scope != null) {
            details.put("scope", Map.of("regions", scope.regions(), "sites", scope.sites()));
        }
        if (Boolean.TRUE.equals(disabled) || password != null) {
            details.put("tokensRevoked", tokens.revokeAll(id));
        }
        audit.record("user.update", "user:" + current.username(), AuditLog.Outcome.SUCCESS, details);
        UserAccount changed = users.find(id).orElseThrow();
        RoleGrants.RoleGrant grant = null;
        if (!pending.isEmpty()) {
            grant = grants.request(actor, changed, pending);
        } else if (roles != null) {
            grants.cancelPending(actor, changed);
        }
        return new Outcome(changed, grant);
    }

    /**
     * The user's own password change (after an admin reset, or by choice), once the caller has checked the
     * current password. Clears the forced change, ends sessions and revokes tokens.
     */
    @Transactional
    public void changeOwnPassword(long id, String newPassword) {
        UserRepository.Credentials credentials = users.findCredentials(id).orElseThrow(() -> Refusal.notFound("no user " + id));
        String username = credentials.account().username();
        List<FieldProblem> errors = new ArrayList<>();
        policy.problem(newPassword, username).ifPresent(p -> errors.add(
                new FieldProblem("newPassword", p.message(), p.code(), p.arguments())));
        if (errors.isEmpty() && encoder.matches(newPassword, credentials.passwordHash())) {
            errors.add(FieldProblem.coded("newPassword", "samePassword", "must differ from the current password"));
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        users.update(id, null, null, encoder.encode(newPassword), false, null);
        int revoked = tokens.revokeAll(id);
        audit.recordFor("user", username, "user.password-change", "user:" + username, AuditLog.Outcome.SUCCESS,
                Map.of("tokensRevoked", revoked));
    }

    public List<UserAccount> list() {
        return users.findAll();
    }

    /** The added roles that need a second ADMIN's approval. */
    static Set<Role> needingApproval(Set<Role> current, Set<Role> requested) {
        Set<Role> added = EnumSet.noneOf(Role.class);
        for (Role role : requested) {
            if (RoleGrants.APPROVAL_ROLES.contains(role) && !current.contains(role)) {
                added.add(role);
            }
        }
        return added;
    }

    private static void adminAlone(Set<Role> roles, List<FieldProblem> errors) {
        if (roles.contains(Role.ADMIN) && roles.size() > 1) {
            errors.add(FieldProblem.coded("roles", "adminAlone",
                    "ADMIN never combines with another role: an administrator sees no personal data"));
        }
    }

    private Scope scope(ScopeChange change, List<FieldProblem> errors) {
        Set<String> regions = new TreeSet<>();
        Set<Long> sites = new TreeSet<>();
        int before = errors.size();
        List<String> requestedRegions = change.regions() == null ? List.of() : change.regions();
        List<Long> requestedSites = change.sites() == null ? List.of() : change.sites();
        if (requestedRegions.size() > 100 || requestedSites.size() > 1000) {
            errors.add(FieldProblem.coded("scope", "scopeTooLarge", "at most 100 regions and 1000 sites"));
            return null;
        }
        Set<String> known = requestedRegions.isEmpty() ? Set.of() : users.knownRegions();
        for (int i = 0; i < requestedRegions.size(); i++) {
            String region = requestedRegions.get(i);
            if (region == null || !known.contains(region.strip())) {
                errors.add(FieldProblem.coded("scope.regions[" + i + "]", "unknownRegion",
                        "no site is in this region"));
            } else {
                regions.add(region.strip());
            }
        }
        for (int i = 0; i < requestedSites.size(); i++) {
            if (requestedSites.get(i) == null) {
                errors.add(FieldProblem.coded("scope.sites[" + i + "]", "unknownSite", "no such site"));
            } else {
                sites.add(requestedSites.get(i));
            }
        }
        Set<Long> existing = sites.isEmpty() ? Set.of() : users.knownSites(sites);
        for (int i = 0; i < requestedSites.size(); i++) {
            Long site = requestedSites.get(i);
            if (site != null && !existing.contains(site)) {
                errors.add(FieldProblem.coded("scope.sites[" + i + "]", "unknownSite", "no such site"));
            }
        }
        return errors.size() == before ? new Scope(regions, sites) : null;
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
