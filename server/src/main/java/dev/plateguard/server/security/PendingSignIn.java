package dev.plateguard.server.security;

import java.io.Serializable;
import java.time.Instant;

import org.springframework.security.core.AuthenticatedPrincipal;

import dev.plateguard.server.identity.UserPrincipal;

/**
 * A browser sign-in halfway: the password was right, the second factor is still to come: a code ({@code enrolled})
 * or a passkey ({@code passkey}); with neither, enrolment. The session's authentication then holds this and the one
 * authority {@link SecurityConfiguration#PENDING}, no role: every page but the second-factor pages and logout is
 * denied. Its name is the person's, so that Spring's passkey options offer only their own passkeys.
 */
record PendingSignIn(UserPrincipal user, boolean enrolled, boolean passkey, Instant started)
        implements Serializable, AuthenticatedPrincipal {

    String page() {
        return enrolled || passkey ? "/login/code" : "/login/enrol";
    }

    @Override
    public String getName() {
        return user.username();
    }
}
