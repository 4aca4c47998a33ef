package dev.plateguard.server.users;

import java.time.Instant;
import java.util.Set;

import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.Scope;

/**
 * A person's account as the API shows it. The password hash never leaves {@link UserRepository}.
 *
 * @param scope                  the part of the country the user sees (empty regions and sites: the country)
 * @param mustChangePassword an admin reset the password: the next sign-in only allows changing it
 */
public record UserAccount(long id, String username, Set<Role> roles, boolean disabled, Instant createdAt,
                          Instant updatedAt, Scope scope, boolean mustChangePassword) {
}
