package dev.plateguard.server.web;

import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.identity.Role;

/** What every page needs to draw the navigation: who is signed in and which sections they may open. */
@ControllerAdvice(annotations = Controller.class)
class WebModel {

    /** Sections of the dashboard a user may open; the security configuration enforces the same rules. */
    public record Access(boolean reads, boolean review, boolean cameras, boolean admin, boolean audit, boolean alerts,
                         boolean hotlists, boolean registry, boolean recognition, boolean notices,
                         boolean rules) {
    }

    @ModelAttribute("me")
    UserPrincipal me() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof UserPrincipal user ? user : null;
    }

    @ModelAttribute("can")
    Access can() {
        UserPrincipal user = me();
        Set<Role> roles = user == null ? Set.of() : user.roles();
        boolean reads = roles.contains(Role.OPERATOR) || roles.contains(Role.SUPERVISOR) || roles.contains(Role.INVESTIGATOR);
        boolean review = roles.contains(Role.OPERATOR) || roles.contains(Role.SUPERVISOR);
        boolean auditor = roles.contains(Role.AUDITOR);
        boolean admin = roles.contains(Role.ADMIN);
        boolean notices = roles.contains(Role.SUPERVISOR) || roles.contains(Role.INTEGRATION);
        // registry: as its API (ADMIN changes, OPERATOR and SUPERVISOR look up); recognition: who may ask for a re-run
        return new Access(reads, review, reads || admin, admin, auditor, reads, reads || auditor, review || admin,
                review || admin, notices, review || admin);
    }
}
