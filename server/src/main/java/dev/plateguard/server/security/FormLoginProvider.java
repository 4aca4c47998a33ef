package dev.plateguard.server.security;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.plateguard.server.identity.Role;

/**
 * Login-page authentication, through the same {@link PasswordAuthenticator} as the token endpoint. For a person with a
 * second factor, the right password yields only a {@link PendingSignIn}: no role until the code (or enrolment) is done.
 */
class FormLoginProvider implements AuthenticationProvider {

    /** Refused without checking the password because of too many recent failures. */
    static class ThrottledException extends AuthenticationException {
        final long retryAfterSeconds;

        ThrottledException(long retryAfterSeconds) {
            super("too many failed logins");
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** The password is right, but an admin reset it: the user must change it before signing in. */
    static class PasswordChangeRequiredException extends AuthenticationException {
        PasswordChangeRequiredException() {
            super("password change required");
        }
    }

    private final PasswordAuthenticator authenticator;

    FormLoginProvider(PasswordAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String ip = authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
        String password = authentication.getCredentials() == null ? null : authentication.getCredentials().toString();
        return switch (authenticator.authenticate(authentication.getName(), password, ip, "web")) {
            case PasswordAuthenticator.Success s -> {
                List<SimpleGrantedAuthority> authorities = s.principal().roles().stream()
                        .map(Role::authority).map(SimpleGrantedAuthority::new).toList();
                yield UsernamePasswordAuthenticationToken.authenticated(s.principal(), null, authorities);
            }
            case PasswordAuthenticator.SecondFactorNeeded n -> UsernamePasswordAuthenticationToken.authenticated(
                    new PendingSignIn(n.principal(), n.enrolled(), n.passkey(), java.time.Instant.now()), null,
                    List.of(new SimpleGrantedAuthority(SecurityConfiguration.PENDING)));
            case PasswordAuthenticator.PasswordChangeRequired p -> throw new PasswordChangeRequiredException();
            case PasswordAuthenticator.Failure f -> throw new BadCredentialsException("bad credentials");
            case PasswordAuthenticator.Throttled t -> throw new ThrottledException(LoginThrottle.retryAfterSeconds(t.retryAfter()));
        };
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
