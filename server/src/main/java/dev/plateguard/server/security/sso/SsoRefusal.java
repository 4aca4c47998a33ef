package dev.plateguard.server.security.sso;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A sign-in through the provider that PlateGuard refuses although the provider signed the person in: the claims do
 * not say who they are or what they may do, the account is disabled here, or the second factor is missing. The
 * person learns the reason on the login page ({@code /login?sso=<code>}); the audit gets the details.
 */
final class SsoRefusal extends OAuth2AuthenticationException {

    /** Why a sign-in through the provider failed; {@link #code} names the login page's message. */
    enum Reason {
        /** No roles claim, or none of its values is mapped to a PlateGuard role. */
        NO_ROLE("no-role"),
        /** The mapped roles break a PlateGuard rule (ADMIN alone). */
        BAD_ROLES("bad-roles"),
        /** Neither scope claim, and a scope is required. */
        NO_SCOPE("no-scope"),
        /** A region or site that does not exist, a malformed value, or too many. */
        BAD_SCOPE("bad-scope"),
        /** No username claim, or one that is no valid PlateGuard username. */
        BAD_USERNAME("username"),
        /** The username belongs to another account. */
        USERNAME_TAKEN("taken"),
        /** The account is disabled in PlateGuard. */
        DISABLED("disabled"),
        /** The required authentication level (acr) or method (amr) is missing. */
        SECOND_FACTOR("second-factor"),
        /** The ID token failed validation: signature, issuer, audience, expiry or nonce. */
        INVALID_TOKEN("token"),
        /** The provider answered with an error, e.g. the person cancelled. */
        PROVIDER_ERROR("cancelled"),
        /** The answer matches no sign-in started in this browser session (expired, replayed or forged). */
        NO_REQUEST("expired"),
        /**
         * PlateGuard has no user yet: first-start setup creates the first administrator, and it only runs while there
         * is none, so a sign-in through the provider must not come first.
         */
        NOT_SET_UP("setup"),
        /** The provider cannot be reached, or its discovery document is wrong. */
        UNAVAILABLE("unavailable"),
        /** Anything else. */
        FAILED("failed");

        final String code;

        Reason(String code) {
            this.code = code;
        }

        static boolean isCode(String code) {
            for (Reason r : values()) {
                if (r.code.equals(code)) {
                    return true;
                }
            }
            return false;
        }
    }

    final Reason reason;
    /** Who asked, as the provider named them (username claim, else "sub:" + subject). */
    final String actor;
    final transient Map<String, Object> details;

    SsoRefusal(Reason reason, String actor, String message, Map<String, ?> details) {
        super(new OAuth2Error("plateguard_" + reason.code, message, null), message);
        this.reason = reason;
        this.actor = actor;
        this.details = new LinkedHashMap<>(details);
        this.details.put("reason", message);
    }
}
