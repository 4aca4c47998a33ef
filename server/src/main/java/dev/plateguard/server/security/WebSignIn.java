package dev.plateguard.server.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * A further way into the web UI besides the password form (single sign-on), added to the web filter chain by
 * {@link SecurityConfiguration}. It may add filters, a login method and a logout success handler; the chain's
 * authorization rules stay {@link SecurityConfiguration}'s own.
 */
public interface WebSignIn {

    /** Adds this sign-in method to the web chain, before it is built. */
    void configure(HttpSecurity http) throws Exception;

    /** The web chain's content security policy with what this method needs, e.g. its provider as a form target. */
    default String contentSecurityPolicy(String policy) {
        return policy;
    }
}
