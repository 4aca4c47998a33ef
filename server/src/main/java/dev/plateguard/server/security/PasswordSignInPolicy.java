package dev.plateguard.server.security;

import java.util.Optional;

/**
 * Who may sign in with a password at all. {@link PasswordAuthenticator} asks every policy bean before it checks a
 * password (login page, {@code POST /api/v1/tokens}, password change); without one, every account may. Single sign-on
 * adds one: accounts of its identity provider never, and with local accounts switched off nobody but the break-glass
 * administrator (docs/security.md).
 */
public interface PasswordSignInPolicy {

    /**
     * Why {@code username} (lower case, stripped) may not sign in with a password, for the audit; empty when it may.
     */
    Optional<String> refusal(String username);
}
