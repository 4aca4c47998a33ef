package dev.plateguard.server.identity;

import java.io.Serializable;
import java.util.Set;

import org.springframework.security.core.AuthenticatedPrincipal;


/**
 * A signed-in person, with the {@link Scope} of the country they may see. {@code securityStamp} is the user's stamp at sign-in; when an admin disables the
 * user or changes roles the stamp moves on, and sessions holding the old one are dropped on their next request.
 */
public record UserPrincipal(long userId, String username, Set<Role> roles, long securityStamp, Scope scope)
        implements PlateGuardPrincipal, Serializable, AuthenticatedPrincipal {

    public UserPrincipal {
        scope = scope == null ? Scope.COUNTRY : scope;
    }

    /** A user who sees the whole country. */
    public UserPrincipal(long userId, String username, Set<Role> roles, long securityStamp) {
        this(userId, username, roles, securityStamp, Scope.COUNTRY);
    }

    @Override
    public String auditName() {
        return username;
    }

    @Override
    public String actorType() {
        return "user";
    }

    /** The username: what Spring Security's {@code Authentication.getName()} answers, e.g. for passkey options. */
    @Override
    public String getName() {
        return username;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
