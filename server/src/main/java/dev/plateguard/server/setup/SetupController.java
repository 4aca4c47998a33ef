package dev.plateguard.server.setup;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.users.UserAccount;
import dev.plateguard.server.validation.Refusal;

@RestController
class SetupController {

    record SetupRequest(String token, String username, String password) {
    }

    /**
     * The new administrator's account and, where ADMIN must sign in with a second factor, their authenticator: the
     * base32 secret, its otpauth URI and the recovery codes. This answer is the only place they are ever shown.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SetupAnswer(@JsonUnwrapped UserAccount account, String totpSecret, String otpauthUri,
                       List<String> recoveryCodes) {
    }

    private final FirstAdmin firstAdmin;

    SetupController(FirstAdmin firstAdmin) {
        this.firstAdmin = firstAdmin;
    }

    @PostMapping("/api/v1/setup")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create the first administrator with the one-time setup token",
            description = "Where ADMIN signs in with a second factor (plateguard.mfa.required-roles), the answer also "
                    + "holds totpSecret (base32), otpauthUri and recoveryCodes, shown only here: add the secret to an "
                    + "authenticator app and send its current code with POST /api/v1/tokens.")
    SetupAnswer setup(@RequestBody SetupRequest request) {
        if (!firstAdmin.isAvailable()) {
            throw Refusal.notFound("setup is complete");
        }
        FirstAdmin.Created created = firstAdmin.create(request.token(), request.username(), request.password(),
                firstAdmin.secondFactorRequired());
        var factor = created.secondFactor();
        return new SetupAnswer(created.account(), factor == null ? null : factor.secret(),
                factor == null ? null : factor.otpauthUri(), factor == null ? null : factor.recoveryCodes());
    }
}
