package dev.plateguard.server.security;

import java.io.Serializable;
import java.time.Instant;

import dev.plateguard.server.identity.UserPrincipal;

/**
 * A browser sign-in halfway: the password was right, the second factor is still to come ({@code enrolled}: a code;
 * otherwise enrolment). The session's authentication then holds this and the one authority
 * {@link SecurityConfiguration#PENDING}, no role: every page but the second-factor pages and logout is denied.
 */
record PendingSignIn(UserPrincipal user, boolean enrolled, Instant started) implements Serializable {

    String page() {
        return enrolled ? "/login/code" : "/login/enrol";
    }
}
