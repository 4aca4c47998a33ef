package dev.plateguard.server.users;

/**
 * The holder of a second-factor enrolment token ({@code pge_…}): a person who gave the right password but must enrol
 * an authenticator before anything else. Deliberately not a {@link dev.plateguard.server.identity.UserPrincipal}: it
 * carries no roles, so no route that needs one can be reached with it.
 */
public record EnrolmentPrincipal(long tokenId, long userId, String username) {
}
