package dev.plateguard.server.security;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.users.UserService;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * A person changes their own password with the current one. After an admin reset this is all a sign-in allows:
 * no session or token is issued until it is done, so a reset password (known to the admin) never opens the
 * account. Both ways go through {@link PasswordAuthenticator}, so throttling and auditing are the same as login.
 */
@Controller
class PasswordChangeController {

    /** @param code the current code of the person's authenticator, when they have one (not after an admin reset) */
    record PasswordChange(String username, String password, String newPassword, String code) {
    }

    private final PasswordAuthenticator authenticator;
    private final UserService users;
    private final LoginThrottle throttle;
    private final MessageSource messages;
    private final SecondFactorStep secondFactor;

    PasswordChangeController(PasswordAuthenticator authenticator, UserService users, LoginThrottle throttle,
                             MessageSource messages, SecondFactorStep secondFactor) {
        this.secondFactor = secondFactor;
        this.authenticator = authenticator;
        this.users = users;
        this.throttle = throttle;
        this.messages = messages;
    }

    /** The token endpoint's answer when the password must be changed first. */
    static ApiProblem changeRequired() {
        return new ApiProblem(HttpStatus.FORBIDDEN, "password-change-required",
                "an administrator reset this password: change it with POST /api/v1/password-change "
                        + "{\"username\", \"password\", \"newPassword\"}, then ask for a token with the new one");
    }

    @PostMapping("/api/v1/password-change")
    @ResponseBody
    ResponseEntity<?> api(@RequestBody(required = false) PasswordChange body, HttpServletRequest http) {
        if (body == null || body.username() == null || body.password() == null || body.newPassword() == null) {
            throw Refusal.invalid(body == null || body.username() == null ? "username"
                    : body.password() == null ? "password" : "newPassword", "is required");
        }
        return switch (authenticator.authenticate(body.username(), body.password(), http.getRemoteAddr(), "api-password")) {
            case PasswordAuthenticator.Success s -> changed(s.principal(), body.newPassword());
            case PasswordAuthenticator.PasswordChangeRequired p -> changed(p.principal(), body.newPassword());
            // A person with an authenticator proves it too, so that a leaked password alone cannot take the account
            // over (after an admin reset the forced change above needs none: the reset also says who may sign in).
            case PasswordAuthenticator.SecondFactorNeeded n when !n.enrolled() -> changed(n.principal(), body.newPassword());
            case PasswordAuthenticator.SecondFactorNeeded n -> {
                if (body.code() == null || body.code().isBlank()) {
                    secondFactor.denied(n.principal(), http.getRemoteAddr(), "api-password", "second factor missing");
                    throw new ApiProblem(HttpStatus.UNAUTHORIZED, "second-factor-required",
                            "this account has a second factor: send the current code of its authenticator app as code");
                }
                yield switch (secondFactor.check(n.principal(), body.code(), http.getRemoteAddr(), "api-password")) {
                    case SecondFactorStep.Passed passed -> changed(n.principal(), body.newPassword());
                    case SecondFactorStep.Throttled t -> TokenController.throttled(t.retryAfter());
                    case SecondFactorStep.Refused r -> throw new ApiProblem(HttpStatus.UNAUTHORIZED, "bad-second-factor",
                            "the code is wrong or was already used");
                };
            }
            case PasswordAuthenticator.Failure f -> throw new ApiProblem(HttpStatus.UNAUTHORIZED, "bad-credentials",
                    "username or password is wrong, or the account is disabled");
            case PasswordAuthenticator.Throttled t -> ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(throttle.retryAfter().toSeconds()))
                    .body(new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "throttled",
                            "too many failed logins; try again later").toProblemDetail());
        };
    }

    private ResponseEntity<?> changed(UserPrincipal principal, String newPassword) {
        users.changeOwnPassword(principal.userId(), newPassword);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/password-change")
    String page() {
        return "password-change";
    }

    @PostMapping("/password-change")
    String change(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
                  @RequestParam(defaultValue = "") String newPassword, @RequestParam(defaultValue = "") String confirm,
                  @RequestParam(defaultValue = "") String code,
                  HttpServletRequest http, HttpServletResponse response, Model model, Locale locale) {
        if (!newPassword.equals(confirm)) {
            return refused(model, response, HttpStatus.BAD_REQUEST, messages.getMessage("admin.password.change.mismatch", null, locale));
        }
        PasswordAuthenticator.Result result = authenticator.authenticate(username, password, http.getRemoteAddr(), "web-password");
        UserPrincipal principal = switch (result) {
            case PasswordAuthenticator.Success s -> s.principal();
            case PasswordAuthenticator.PasswordChangeRequired p -> p.principal();
            case PasswordAuthenticator.SecondFactorNeeded n when !n.enrolled() -> n.principal();
            case PasswordAuthenticator.SecondFactorNeeded n ->
                    secondFactor.check(n.principal(), code, http.getRemoteAddr(), "web-password")
                            instanceof SecondFactorStep.Passed ? n.principal() : null;
            case PasswordAuthenticator.Failure f -> null;
            case PasswordAuthenticator.Throttled t -> null;
        };
        if (principal == null) {
            return refused(model, response, HttpStatus.UNAUTHORIZED, messages.getMessage(
                    result instanceof PasswordAuthenticator.SecondFactorNeeded ? "mfa.code.wrong" : "login.error", null, locale));
        }
        try {
            users.changeOwnPassword(principal.userId(), newPassword);
        } catch (Refusal refusal) {
            String text = refusal.errors().isEmpty() ? refusal.getMessage()
                    : refusal.errors().stream().map((FieldProblem p) -> messages.getMessage(p.resolvable("admin.problem."), locale))
                    .reduce((a, b) -> a + " " + b).orElse("");
            return refused(model, response, HttpStatus.BAD_REQUEST, text);
        }
        return "redirect:/login?changed";
    }

    private static String refused(Model model, HttpServletResponse response, HttpStatus status, String error) {
        response.setStatus(status.value());
        model.addAttribute("error", error);
        return "password-change";
    }
}
