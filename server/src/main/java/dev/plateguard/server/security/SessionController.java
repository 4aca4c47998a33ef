package dev.plateguard.server.security;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.users.UserSessions;

/**
 * The caller's own browser sessions (docs/security.md, "Sessions"). The API is called with a personal token, so no
 * session is the current one here; the dashboard page {@code /me/sessions} marks it. Someone else's session is 404,
 * like an unknown one.
 */
@RestController
class SessionController {

    record Ended(int ended) {
    }

    private final UserSessions sessions;

    SessionController(UserSessions sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/api/v1/me/sessions")
    @Operation(summary = "Your active browser sessions: when, from which address and browser, how you signed in")
    List<UserSessions.SessionInfo> list(@AuthenticationPrincipal UserPrincipal user) {
        return sessions.active(user.userId(), null);
    }

    @DeleteMapping("/api/v1/me/sessions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "End one of your browser sessions: its next request is signed out")
    void revoke(@AuthenticationPrincipal UserPrincipal user, @PathVariable String id) {
        sessions.revoke(user, id);
    }

    @PostMapping("/api/v1/me/sessions/end-others")
    @Operation(summary = "End all your browser sessions (called with a token, every session is another one)")
    Ended endOthers(@AuthenticationPrincipal UserPrincipal user) {
        return new Ended(sessions.revokeOthers(user, null));
    }
}
