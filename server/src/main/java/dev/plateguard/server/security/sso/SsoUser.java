package dev.plateguard.server.security.sso;

import java.util.Map;

import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import dev.plateguard.server.identity.UserPrincipal;

/** The provider's person, admitted: the account it signs in as, and what the audit records about the sign-in. */
final class SsoUser extends DefaultOidcUser {

    private final transient UserPrincipal principal;
    private final transient Map<String, Object> auditDetails;

    SsoUser(OidcUser user, UserPrincipal principal, Map<String, Object> auditDetails) {
        super(user.getAuthorities(), user.getIdToken(), user.getUserInfo());
        this.principal = principal;
        this.auditDetails = auditDetails;
    }

    UserPrincipal principal() {
        return principal;
    }

    Map<String, Object> auditDetails() {
        return auditDetails;
    }
}
