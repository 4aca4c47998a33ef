package dev.plateguard.server.alerts;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * The live alert feed ({@code /alerts}): the newest alerts in the person's scope, new ones pushed by the live stream
 * ({@code /alerts/stream}, static/js/plateguard.js) with a flash and an optional sound, each with its thumbnail, the
 * list and reason, and forms to acknowledge (with a note) or escalate. Every look is audited ({@link AlertAccess}).
 */
@Controller
class AlertPages {

    private static final int ROWS = 50;
    static final ZoneId ZONE = ZoneId.of("Asia/Tashkent");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final AlertAccess access;
    private final MessageSource messages;

    AlertPages(AlertAccess access, MessageSource messages) {
        this.access = access;
        this.messages = messages;
    }

    /** An alert as the page shows it: the alert, its capture time in Tashkent. */
    record Card(Alert alert, String time) {
    }

    @GetMapping("/alerts")
    String feed(@RequestParam(required = false) String state, @AuthenticationPrincipal UserPrincipal me, Model model) {
        String filter = state == null || state.isBlank() || !AlertQueries.STATES.contains(state) ? null : state;
        List<Card> cards = access.list(me, filter, null, null, ROWS, "web").items().stream()
                .map(a -> new Card(a, TIME.format(a.capturedAt().atZone(ZONE)))).toList();
        model.addAttribute("cards", cards);
        model.addAttribute("state", filter);
        model.addAttribute("states", AlertQueries.STATES);
        model.addAttribute("reasons", dev.plateguard.server.hotlists.HotlistReason.values());
        return "alerts/feed";
    }

    @PostMapping("/alerts/{id}/acknowledge")
    String acknowledge(@PathVariable long id, @RequestParam(required = false) String note,
                       @AuthenticationPrincipal UserPrincipal me, RedirectAttributes redirect, Locale locale) {
        return act(id, AlertBook.Action.ACKNOWLEDGE, note, me, redirect, locale);
    }

    @PostMapping("/alerts/{id}/escalate")
    String escalate(@PathVariable long id, @RequestParam(required = false) String note,
                    @AuthenticationPrincipal UserPrincipal me, RedirectAttributes redirect, Locale locale) {
        return act(id, AlertBook.Action.ESCALATE, note, me, redirect, locale);
    }

    private String act(long id, AlertBook.Action action, String note, UserPrincipal me, RedirectAttributes redirect,
                       Locale locale) {
        try {
            access.act(me, id, action, note);
            redirect.addFlashAttribute("flash", messages.getMessage("alerts.flash." + action.state,
                    new Object[] {String.valueOf(id)}, locale));
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", e.errors().isEmpty()
                    ? messages.getMessage(e.resolvable("alerts.error."), locale)
                    : messages.getMessage(e.errors().getFirst().resolvable("alerts.error."), locale));
        }
        return "redirect:/alerts";
    }
}
