package dev.plateguard.server.users;

import java.time.Instant;
import java.util.Set;
import dev.plateguard.server.identity.Role;

/** A person's account as the API shows it. The password hash never leaves {@link UserRepository}. */
public record UserAccount(long id, String username, Set<Role> roles, boolean disabled, Instant createdAt,
                          Instant updatedAt) {
}
