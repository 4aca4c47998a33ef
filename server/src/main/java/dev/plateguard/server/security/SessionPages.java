package dev.plateguard.server.security;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import dev.plateguard.server.users.PersonalTokens;
import dev.plateguard.server.users.UserSessions;
import dev.plateguard.server.validation.Refusal;

/**
 * "My sessions and tokens", for every signed-in person: their browser sessions (this one marked) and personal API
 * tokens, each with a button that ends or revokes it (a POST form with the CSRF token, confirmed in the browser).
 */
@Controller
class SessionPages {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tashkent");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);

    /** A session row with its times in Tashkent time. */
    record SessionRow(String id, String started, String lastSeen, String address, String browser, String method,
                      boolean current) {
    }

    /** An active token with its times in Tashkent time ({@code lastUsed} null: never used). */
    record TokenRow(long id, String created, String lastUsed, String expires) {
    }

    private final UserSessions sessions;
    private final PersonalTokens tokens;
    private final MessageSource messages;

    SessionPages(UserSessions sessions, PersonalTokens tokens, MessageSource messages) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.messages = messages;
    }

    @GetMapping("/me/sessions")
    String page(@AuthenticationPrincipal UserPrincipal me, HttpServletRequest request, Model model) {
        String current = SignedInSessions.current(request);
        List<SessionRow> rows = sessions.active(me.userId(), current).stream()
                .map(s -> new SessionRow(s.id(), TIME.format(s.createdAt()), TIME.format(s.lastSeenAt()),
                        s.clientIp() == null ? "" : s.clientIp(), s.userAgent() == null ? "" : s.userAgent(),
                        s.signIn().replace('+', '-'), s.current()))
                .toList();
        Instant now = Instant.now();
        List<TokenRow> active = tokens.list(me.userId()).stream()
                .filter(t -> t.revokedAt() == null && t.expiresAt().isAfter(now))
                .map(t -> new TokenRow(t.id(), TIME.format(t.createdAt()),
                        t.lastUsedAt() == null ? null : TIME.format(t.lastUsedAt()), TIME.format(t.expiresAt())))
                .toList();
        model.addAttribute("sessions", rows);
        model.addAttribute("others", rows.stream().anyMatch(r -> !r.current()));
        model.addAttribute("tokens", active);
        model.addAttribute("idleMinutes", sessions.settings().idleTimeout().toMinutes());
        model.addAttribute("absoluteHours", sessions.settings().absoluteTimeout().toHours());
        return "me/sessions";
    }

    @PostMapping("/me/sessions/{id}/end")
    String end(@AuthenticationPrincipal UserPrincipal me, @PathVariable String id, HttpServletRequest request,
               HttpServletResponse response, Model model, RedirectAttributes redirect, Locale locale) {
        try {
            sessions.revoke(me, id);
        } catch (Refusal refusal) {
            return notFound(me, request, response, model, locale, refusal);
        }
        redirect.addFlashAttribute("flash", text("sessions.flash.ended", locale));
        return "redirect:/me/sessions";
    }

    @PostMapping("/me/sessions/end-others")
    String endOthers(@AuthenticationPrincipal UserPrincipal me, HttpServletRequest request, RedirectAttributes redirect,
                     Locale locale) {
        String current = SignedInSessions.current(request);
        if (current == null) {
            // This session has no record (should not happen once signed in): end none rather than all, this one too.
            return "redirect:/me/sessions";
        }
        int ended = sessions.revokeOthers(me, current);
        redirect.addFlashAttribute("flash", text("sessions.flash.endedOthers", locale, ended));
        return "redirect:/me/sessions";
    }

    @PostMapping("/me/tokens/{id}/revoke")
    String revokeToken(@AuthenticationPrincipal UserPrincipal me, @PathVariable long id, HttpServletRequest request,
                       HttpServletResponse response, Model model, RedirectAttributes redirect, Locale locale) {
        try {
            tokens.revoke(me, id);
        } catch (Refusal refusal) {
            return notFound(me, request, response, model, locale, refusal);
        }
        redirect.addFlashAttribute("flash", text("sessions.flash.revoked", locale));
        return "redirect:/me/sessions";
    }

    private String notFound(UserPrincipal me, HttpServletRequest request, HttpServletResponse response, Model model,
                            Locale locale, Refusal refusal) {
        if (refusal.kind() != Refusal.Kind.NOT_FOUND) {
            throw refusal;
        }
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("flashError", text("sessions.flash.notFound", locale));
        return page(me, request, model);
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
