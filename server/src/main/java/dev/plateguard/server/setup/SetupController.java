package dev.plateguard.server.setup;

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

    private final FirstAdmin firstAdmin;

    SetupController(FirstAdmin firstAdmin) {
        this.firstAdmin = firstAdmin;
    }

    @PostMapping("/api/v1/setup")
    @ResponseStatus(HttpStatus.CREATED)
    UserAccount setup(@RequestBody SetupRequest request) {
        if (!firstAdmin.isAvailable()) {
            throw Refusal.notFound("setup is complete");
        }
        return firstAdmin.create(request.token(), request.username(), request.password());
    }
}
