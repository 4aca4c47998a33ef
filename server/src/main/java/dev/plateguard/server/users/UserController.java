package dev.plateguard.server.users;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * User management for ADMINs (route security in SecurityConfiguration). A change that adds a role needing a
 * second ADMIN answers 202 with the pending grant's id; a different ADMIN approves it under {@code /role-grants}.
 */
@RestController
class UserController {

    record NewUser(String username, String password, List<String> roles) {
    }

    record UserChange(List<String> roles, Boolean disabled, String password, UserService.ScopeChange scope) {
    }

    private final UserService service;
    private final RoleGrants grants;
    private final SecondFactors secondFactors;
    private final UserRepository users;
    private final UserSessions sessions;

    record Ended(int ended) {
    }

    UserController(UserService service, RoleGrants grants, SecondFactors secondFactors, UserRepository users,
                   UserSessions sessions) {
        this.sessions = sessions;
        this.service = service;
        this.grants = grants;
        this.secondFactors = secondFactors;
        this.users = users;
    }

    /** A user's active browser sessions (when, from where, how signed in). */
    @GetMapping("/api/v1/users/{id}/sessions")
    List<UserSessions.SessionInfo> sessions(@PathVariable long id) {
        users.find(id).orElseThrow(() -> Refusal.notFound("no user " + id));
        return sessions.active(id, null);
    }

    /**
     * Ends every browser session of a user at once (a stolen laptop, a person leaving): their next request is signed
     * out. Audited with the admin and the user. API tokens are revoked separately (disable the account for both).
     */
    @PostMapping("/api/v1/users/{id}/sessions/end")
    Ended endSessions(@AuthenticationPrincipal UserPrincipal admin, @PathVariable long id) {
        return new Ended(sessions.endAll(admin, id));
    }

    /** Whether the user must have a second factor, has one (since when), and how many recovery codes are left. */
    @GetMapping("/api/v1/users/{id}/totp")
    SecondFactors.Status secondFactor(@PathVariable long id) {
        UserAccount account = users.find(id).orElseThrow(() -> Refusal.notFound("no user " + id));
        return secondFactors.status(id, account.roles());
    }

    /**
     * Resets another user's second factor (a lost phone): they are signed out, their tokens revoked, and they enrol
     * again at their next sign-in. Nobody resets their own.
     */
    @DeleteMapping("/api/v1/users/{id}/totp")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void resetSecondFactor(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long id) {
        secondFactors.reset(actor, id);
    }

    @PostMapping("/api/v1/users")
    ResponseEntity<?> create(@AuthenticationPrincipal UserPrincipal actor, @RequestBody(required = false) NewUser body) {
        if (body == null) {
            throw Refusal.malformed("the body must be a JSON object");
        }
        return answer(service.create(actor, body.username(), body.password(), body.roles()), HttpStatus.CREATED);
    }

    @GetMapping("/api/v1/users")
    List<UserAccount> list() {
        return service.list();
    }

    @PatchMapping("/api/v1/users/{id}")
    ResponseEntity<?> update(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long id,
                             @RequestBody(required = false) UserChange body) {
        if (body == null) {
            throw Refusal.malformed("the body must be a JSON object");
        }
        return answer(service.update(actor, id, body.roles(), body.disabled(), body.password(), body.scope()),
                HttpStatus.OK);
    }

    @GetMapping("/api/v1/role-grants")
    List<RoleGrants.RoleGrant> grants(@RequestParam(required = false) String status) {
        return grants.list(status);
    }

    @PostMapping("/api/v1/role-grants/{id}/approve")
    RoleGrants.RoleGrant approve(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long id) {
        return grants.approve(actor, id);
    }

    @PostMapping("/api/v1/role-grants/{id}/reject")
    RoleGrants.RoleGrant reject(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long id) {
        return grants.reject(actor, id);
    }

    /** The account, or 202 with {@code id} and {@code pendingGrantId} while roles wait for a second ADMIN. */
    private static ResponseEntity<?> answer(UserService.Outcome outcome, HttpStatus done) {
        if (outcome.pendingGrant() == null) {
            return ResponseEntity.status(done).body(outcome.account());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", outcome.account().id());
        body.put("pendingGrantId", outcome.pendingGrant().id());
        body.put("username", outcome.account().username());
        body.put("roles", outcome.account().roles());
        body.put("pendingRoles", outcome.pendingGrant().roles());
        body.put("expiresAt", outcome.pendingGrant().expiresAt());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }
}
