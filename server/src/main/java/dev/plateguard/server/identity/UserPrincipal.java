package dev.plateguard.server.identity;

import java.io.Serializable;
import java.util.Set;


/**
 * A signed-in person. {@code securityStamp} is the user's stamp at sign-in; when an admin disables the
 * user or changes roles the stamp moves on, and sessions holding the old one are dropped on their next request.
 */
public record UserPrincipal(long userId, String username, Set<Role> roles, long securityStamp)
        implements PlateGuardPrincipal, Serializable {

    @Override
    public String auditName() {
        return username;
    }

    @Override
    public String actorType() {
        return "user";
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
