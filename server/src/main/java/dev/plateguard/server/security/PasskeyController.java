package dev.plateguard.server.security;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.users.Passkeys;
import dev.plateguard.server.validation.Refusal;

/**
 * The caller's own passkeys (docs/security.md, "Passkeys"). Adding one is a browser ceremony (Spring's
 * {@code /webauthn/register} endpoints, from the dashboard); listing and removing work with a personal token too.
 * Someone else's passkey is 404, like an unknown one.
 */
@RestController
class PasskeyController {

    private final Passkeys passkeys;

    PasskeyController(Passkeys passkeys) {
        this.passkeys = passkeys;
    }

    @GetMapping("/api/v1/me/passkeys")
    @Operation(summary = "Your passkeys: name, when added and last used, whether synced across devices")
    List<Passkeys.Passkey> list(@AuthenticationPrincipal UserPrincipal user) {
        return passkeys.list(user.username());
    }

    @DeleteMapping("/api/v1/me/passkeys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove one of your passkeys: it can no longer sign you in")
    void remove(@AuthenticationPrincipal UserPrincipal user, @PathVariable String id) {
        if (!passkeys.remove(user, id)) {
            throw Refusal.notFound("you have no passkey " + id);
        }
    }
}
