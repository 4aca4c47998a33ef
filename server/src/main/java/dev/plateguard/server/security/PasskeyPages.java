package dev.plateguard.server.security;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.users.PasskeySettings;
import dev.plateguard.server.users.Passkeys;

/**
 * "My passkeys", for every signed-in person: the passkeys they have (name, when added, last used, synced or bound
 * to one device), a button that adds one (the browser's own dialog, through {@code /js/passkeys.js} and Spring's
 * {@code /webauthn/register} endpoints) and one that removes each. Adding needs a recent sign-in
 * ({@link PasskeySignIn}); the page says so when it is too old.
 */
@Controller
class PasskeyPages {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tashkent");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);

    /** A passkey with its times in Tashkent time ({@code lastUsed} null: never used). */
    record PasskeyRow(String id, String label, String added, String lastUsed, boolean synced) {
    }

    private final Passkeys passkeys;
    private final PasskeySettings settings;
    private final MessageSource messages;

    PasskeyPages(Passkeys passkeys, PasskeySettings settings, MessageSource messages) {
        this.passkeys = passkeys;
        this.settings = settings;
        this.messages = messages;
    }

    @GetMapping("/me/passkeys")
    String page(@AuthenticationPrincipal UserPrincipal me, HttpServletRequest request, Model model) {
        List<PasskeyRow> rows = passkeys.list(me.username()).stream()
                .map(p -> new PasskeyRow(p.id(), p.label(), TIME.format(p.createdAt()),
                        p.lastUsedAt() == null ? null : TIME.format(p.lastUsedAt()), p.synced()))
                .toList();
        HttpSession session = request.getSession(false);
        java.time.Instant signedInAt = session == null ? null : SignedInSessions.signedInAt(session);
        model.addAttribute("passkeys", rows);
        model.addAttribute("enabled", settings.enabled());
        model.addAttribute("fresh", signedInAt != null
                && signedInAt.plus(settings.freshSignIn()).isAfter(java.time.Instant.now()));
        model.addAttribute("freshMinutes", settings.freshSignIn().toMinutes());
        model.addAttribute("labelMax", Passkeys.LABEL_MAX);
        return "me/passkeys";
    }

    @PostMapping("/me/passkeys/{id}/remove")
    String remove(@AuthenticationPrincipal UserPrincipal me, @PathVariable String id, HttpServletRequest request,
                  HttpServletResponse response, Model model, RedirectAttributes redirect, Locale locale) {
        if (!passkeys.remove(me, id)) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("flashError", messages.getMessage("passkeys.flash.notFound", null, locale));
            return page(me, request, model);
        }
        redirect.addFlashAttribute("flash", messages.getMessage("passkeys.flash.removed", null, locale));
        return "redirect:/me/passkeys";
    }
}
