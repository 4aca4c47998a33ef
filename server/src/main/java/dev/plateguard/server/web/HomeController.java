package dev.plateguard.server.web;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.plateguard.server.identity.UserPrincipal;

@Controller
class HomeController {

    @GetMapping("/")
    String home(@AuthenticationPrincipal UserPrincipal user, Model model) {
        model.addAttribute("user", user);
        return "home";
    }
}
