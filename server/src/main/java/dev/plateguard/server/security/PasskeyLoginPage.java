package dev.plateguard.server.security;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.plateguard.server.users.PasskeySettings;

/** Tells the login and second-factor pages whether to offer a passkey. */
@ControllerAdvice(annotations = Controller.class)
class PasskeyLoginPage {

    private final PasskeySettings settings;

    PasskeyLoginPage(PasskeySettings settings) {
        this.settings = settings;
    }

    @ModelAttribute("passkeysEnabled")
    boolean passkeysEnabled() {
        return settings.enabled();
    }
}
