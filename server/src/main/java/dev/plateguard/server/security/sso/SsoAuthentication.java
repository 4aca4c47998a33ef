package dev.plateguard.server.security.sso;

import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

import dev.plateguard.server.identity.UserPrincipal;

/**
 * A browser session signed in through the identity provider. The principal is a {@link UserPrincipal}, as for a
 * password sign-in, so that every page, the session stamp check and the audit treat both alike. The raw ID token is
 * kept (in the session only) for RP-initiated logout, whose {@code id_token_hint} it is.
 */
final class SsoAuthentication extends AbstractAuthenticationToken {

    private final UserPrincipal principal;
    private final String idToken;
    private final String subject;

    SsoAuthentication(UserPrincipal principal, Collection<? extends GrantedAuthority> authorities, String idToken,
                      String subject) {
        super(authorities);
        this.principal = principal;
        this.idToken = idToken;
        this.subject = subject;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public UserPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.username();
    }

    String idToken() {
        return idToken;
    }

    String subject() {
        return subject;
    }
}
