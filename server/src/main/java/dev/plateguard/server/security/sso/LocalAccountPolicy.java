package dev.plateguard.server.security.sso;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.plateguard.server.security.PasswordSignInPolicy;
import dev.plateguard.server.users.ExternalAccounts;

/**
 * Password sign-in with single sign-on on: never for an account of the provider (it has no password of its own, and
 * a password set later by an admin must not bypass the provider's second factor); with
 * {@code plateguard.sso.local-accounts=break-glass}, for nobody but the break-glass administrator.
 */
final class LocalAccountPolicy implements PasswordSignInPolicy {

    private static final Logger log = LoggerFactory.getLogger(LocalAccountPolicy.class);

    private final SsoSettings settings;
    private final ExternalAccounts accounts;

    LocalAccountPolicy(SsoSettings settings, ExternalAccounts accounts) {
        this.settings = settings;
        this.accounts = accounts;
    }

    @Override
    public Optional<String> refusal(String username) {
        boolean breakGlass = username.equals(settings.breakGlassUser());
        if (settings.breakGlassOnly() && !breakGlass) {
            return Optional.of("local accounts off: sign in with " + settings.displayName());
        }
        if (accounts.isExternal(username)) {
            return Optional.of("single sign-on account: sign in with " + settings.displayName());
        }
        if (breakGlass && settings.breakGlassOnly()) {
            log.warn("Break-glass password sign-in attempt for '{}' (local accounts are off)", username);
        }
        return Optional.empty();
    }
}
