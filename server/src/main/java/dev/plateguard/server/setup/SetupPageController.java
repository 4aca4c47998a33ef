package dev.plateguard.server.setup;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import dev.plateguard.server.validation.Refusal;

/** The browser form for first-start setup; gone (404) once an administrator exists. */
@Controller
class SetupPageController {

    private final FirstAdmin firstAdmin;

    SetupPageController(FirstAdmin firstAdmin) {
        this.firstAdmin = firstAdmin;
    }

    @GetMapping("/setup")
    String form() {
        requireAvailable();
        return "setup";
    }

    @PostMapping("/setup")
    String submit(@RequestParam String token, @RequestParam String username, @RequestParam String password, Model model) {
        requireAvailable();
        try {
            // Where ADMIN needs a second factor, the administrator enrols it at the first sign-in, with the QR code.
            firstAdmin.create(token, username, password, false);
            return "redirect:/login?setup";
        } catch (Refusal problem) {
            model.addAttribute("error", problem.getMessage());
            model.addAttribute("username", username);
            return "setup";
        }
    }

    private void requireAvailable() {
        if (!firstAdmin.isAvailable()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }
}
