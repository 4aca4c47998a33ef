package dev.plateguard.server.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.users.PersonalTokens;
import dev.plateguard.server.validation.Refusal;

@RestController
class TokenController {

    record TokenRequest(String username, String password) {
    }

    private final PasswordAuthenticator authenticator;
    private final PersonalTokens tokens;
    TokenController(PasswordAuthenticator authenticator, PersonalTokens tokens) {
        this.authenticator = authenticator;
        this.tokens = tokens;
    }

    /** Exchanges a username and password for a personal bearer token, shown once. */
    @PostMapping("/api/v1/tokens")
    ResponseEntity<?> create(@RequestBody TokenRequest request, HttpServletRequest http) {
        if (request == null || request.username() == null || request.password() == null) {
            throw Refusal.invalid(request == null || request.username() == null ? "username" : "password", "is required");
        }
        return switch (authenticator.authenticate(request.username(), request.password(), http.getRemoteAddr(), "api")) {
            case PasswordAuthenticator.Success s -> ResponseEntity.status(HttpStatus.CREATED).body(tokens.issue(s.principal()));
            case PasswordAuthenticator.PasswordChangeRequired p -> throw PasswordChangeController.changeRequired();
            case PasswordAuthenticator.Failure f -> throw new ApiProblem(HttpStatus.UNAUTHORIZED, "bad-credentials",
                    "username or password is wrong, or the account is disabled");
            case PasswordAuthenticator.Throttled t -> ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(LoginThrottle.retryAfterSeconds(t.retryAfter())))
                    .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                    .body(new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "throttled",
                            "too many failed logins; wait " + LoginThrottle.retryAfterSeconds(t.retryAfter())
                                    + " seconds before the next attempt").toProblemDetail());
        };
    }

    @GetMapping("/api/v1/tokens")
    List<PersonalTokens.TokenInfo> list(@AuthenticationPrincipal UserPrincipal user) {
        return tokens.list(user.userId());
    }

    @DeleteMapping("/api/v1/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@AuthenticationPrincipal UserPrincipal user, @PathVariable long id) {
        tokens.revoke(user, id);
    }

}
