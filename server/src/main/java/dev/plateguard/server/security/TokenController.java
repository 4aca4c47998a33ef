package dev.plateguard.server.security;

import java.time.Duration;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
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
import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.users.EnrolmentTokens;
import dev.plateguard.server.users.PersonalTokens;
import dev.plateguard.server.validation.Refusal;

@RestController
class TokenController {

    /**
     * @param code the current 6-digit code of the person's authenticator app, or one of their recovery codes; needed
     *             when the person signs in with a second factor
     */
    record TokenRequest(String username, String password, String code) {
    }

    private final PasswordAuthenticator authenticator;
    private final PersonalTokens tokens;
    private final SecondFactorStep secondFactor;
    private final EnrolmentTokens enrolmentTokens;

    TokenController(PasswordAuthenticator authenticator, PersonalTokens tokens, SecondFactorStep secondFactor,
                    EnrolmentTokens enrolmentTokens) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.secondFactor = secondFactor;
        this.enrolmentTokens = enrolmentTokens;
    }

    /**
     * Exchanges a username and password (and, for a person with a second factor, the current code) for a personal
     * bearer token, shown once. Every token needs a fresh code: a code works once.
     */
    @PostMapping("/api/v1/tokens")
    @Operation(summary = "Sign in: a personal bearer token for username, password and, with a second factor, code",
            description = "A person whose roles require a second factor (plateguard.mfa.required-roles) and who has none "
                    + "yet gets 403 with an enrolmentToken for POST /api/v1/me/totp. An enrolled person sends the "
                    + "current TOTP code (or a recovery code) as code; a missing, wrong or already used code is 401. "
                    + "See docs/security.md.")
    ResponseEntity<?> create(@RequestBody TokenRequest request, HttpServletRequest http) {
        if (request == null || request.username() == null || request.password() == null) {
            throw Refusal.invalid(request == null || request.username() == null ? "username" : "password", "is required");
        }
        String ip = http.getRemoteAddr();
        return switch (authenticator.authenticate(request.username(), request.password(), ip, "api")) {
            case PasswordAuthenticator.Success s -> issued(s.principal());
            case PasswordAuthenticator.SecondFactorNeeded n -> secondStep(n, request.code(), ip);
            case PasswordAuthenticator.PasswordChangeRequired p -> throw PasswordChangeController.changeRequired();
            case PasswordAuthenticator.Failure f -> throw new ApiProblem(HttpStatus.UNAUTHORIZED, "bad-credentials",
                    "username or password is wrong, or the account is disabled");
            case PasswordAuthenticator.Throttled t -> throttled(t.retryAfter());
        };
    }

    private ResponseEntity<?> secondStep(PasswordAuthenticator.SecondFactorNeeded needed, String code, String ip) {
        UserPrincipal user = needed.principal();
        if (!needed.enrolled()) {
            EnrolmentTokens.IssuedEnrolmentToken enrolment = enrolmentTokens.issue(user);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                    "this account must enrol a second factor before it gets a token: POST /api/v1/me/totp with "
                            + "Authorization: Bearer <enrolmentToken>, add the secret to an authenticator app, then POST "
                            + "/api/v1/me/totp/confirm {\"code\"}; the enrolment token allows nothing else and expires at "
                            + enrolment.expiresAt());
            problem.setType(ProblemResponses.typeUri("second-factor-enrolment-required"));
            problem.setProperty("enrolmentToken", enrolment.token());
            problem.setProperty("expiresAt", enrolment.expiresAt().toString());
            secondFactor.denied(user, ip, "api", "second factor enrolment required");
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        if (code == null || code.isBlank()) {
            secondFactor.denied(user, ip, "api", "second factor missing");
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "second-factor-required",
                    "this account signs in with a second factor: send the current 6-digit code of its authenticator "
                            + "app (or a recovery code) as code");
        }
        return switch (secondFactor.check(user, code, ip, "api")) {
            case SecondFactorStep.Passed p -> issued(user);
            case SecondFactorStep.Throttled t -> throttled(t.retryAfter());
            case SecondFactorStep.Refused r -> throw switch (r.verdict()) {
                case REPLAYED -> new ApiProblem(HttpStatus.UNAUTHORIZED, "second-factor-replayed",
                        "this code was already used; wait for the authenticator's next code");
                case NOT_ENROLLED -> new ApiProblem(HttpStatus.UNAUTHORIZED, "second-factor-reset",
                        "the second factor of this account was just reset; sign in again to enrol");
                default -> new ApiProblem(HttpStatus.UNAUTHORIZED, "bad-second-factor",
                        "the code is wrong: it is neither the authenticator's current code nor an unused recovery code "
                                + "(check the clock of the device that shows the codes)");
            };
        };
    }

    private ResponseEntity<?> issued(UserPrincipal user) {
        return ResponseEntity.status(HttpStatus.CREATED).body(tokens.issue(user));
    }

    static ResponseEntity<?> throttled(Duration retryAfter) {
        long seconds = LoginThrottle.retryAfterSeconds(retryAfter);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "throttled",
                        "too many failed logins; wait " + seconds + " seconds before the next attempt").toProblemDetail());
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
