package dev.plateguard.server.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.users.EnrolmentPrincipal;
import dev.plateguard.server.users.SecondFactors;
import dev.plateguard.server.validation.Refusal;

/**
 * Enrolling a second factor through the API, with the enrolment token ({@code pge_…}) that {@code POST /api/v1/tokens}
 * answers to a person who must enrol: start (a new secret), then confirm with a code from the app (recovery codes,
 * once). The token allows these two calls and nothing else (route security in SecurityConfiguration).
 */
@RestController
class EnrolmentController {

    record Started(String totpSecret, String otpauthUri) {
    }

    record ConfirmRequest(String code) {
    }

    record Confirmed(boolean enrolled, List<String> recoveryCodes) {
    }

    private final SecondFactors factors;
    private final SecondFactorStep step;

    EnrolmentController(SecondFactors factors, SecondFactorStep step) {
        this.factors = factors;
        this.step = step;
    }

    @PostMapping("/api/v1/me/totp")
    @Operation(summary = "Start enrolling a TOTP authenticator (enrolment token)",
            description = "Answers a new secret (base32) and its otpauth:// URI for an authenticator app; a repeated call "
                    + "replaces the secret. Confirm with POST /api/v1/me/totp/confirm.")
    Started start(@AuthenticationPrincipal EnrolmentPrincipal holder) {
        SecondFactors.Enrolment enrolment = factors.begin(holder.userId(), holder.username());
        return new Started(enrolment.secret(), enrolment.otpauthUri());
    }

    @PostMapping("/api/v1/me/totp/confirm")
    @Operation(summary = "Confirm the TOTP authenticator with its current code (enrolment token)",
            description = "Answers the recovery codes, once. Then POST /api/v1/tokens with username, password and the "
                    + "next code. A wrong code is 400 and counts as a failed sign-in.")
    ResponseEntity<?> confirm(@AuthenticationPrincipal EnrolmentPrincipal holder,
                              @RequestBody(required = false) ConfirmRequest body, HttpServletRequest http) {
        if (body == null || body.code() == null || body.code().isBlank()) {
            throw Refusal.invalid("code", "is required: the current 6-digit code of the authenticator app");
        }
        String ip = http.getRemoteAddr();
        Optional<Duration> wait = step.enrolmentWait(holder.username(), ip);
        if (wait.isPresent()) {
            return TokenController.throttled(wait.get());
        }
        SecondFactors.Confirmation confirmation = factors.confirm(holder.userId(), holder.username(), body.code(), "api");
        if (!confirmation.started()) {
            throw Refusal.conflict("no enrolment is waiting: POST /api/v1/me/totp first", "noEnrolment");
        }
        if (!confirmation.accepted()) {
            step.enrolmentFailed(holder.username(), ip, "api");
            throw Refusal.invalid("code", "is not the authenticator's current code for this secret "
                    + "(check the clock of the device that shows the codes)");
        }
        step.enrolled(holder.username());
        return ResponseEntity.ok(new Confirmed(true, confirmation.recoveryCodes()));
    }
}
