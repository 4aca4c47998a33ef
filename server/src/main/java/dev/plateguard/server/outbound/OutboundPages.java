package dev.plateguard.server.outbound;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
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
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * ADMIN's outbound page (under {@code /admin}, so ADMIN only): webhooks (add, change, replace the secret, delete),
 * the MQTT connection, dead letters with replay, and each delivery's attempts. Payloads are never shown.
 */
@Controller
class OutboundPages {

    static final ZoneId ZONE = ZoneId.of("Asia/Tashkent");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final WebhookSubscriptions webhooks;
    private final OutboundDeliveries deliveries;
    private final DeadLetters deadLetters;
    private final DeliveryWorker worker;
    private final MqttPublisher mqtt;
    private final MessageSource messages;

    OutboundPages(WebhookSubscriptions webhooks, OutboundDeliveries deliveries, DeadLetters deadLetters,
                  DeliveryWorker worker, MqttPublisher mqtt, MessageSource messages) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.deadLetters = deadLetters;
        this.worker = worker;
        this.mqtt = mqtt;
        this.messages = messages;
    }

    /** Formats instants for the templates, in Tashkent time. */
    static final class Times {
        public String of(Instant instant) {
            return instant == null ? "–" : TIME.format(instant.atZone(ZONE));
        }
    }

    @GetMapping("/admin/outbound")
    String page(Model model) {
        model.addAttribute("webhooks", webhooks.list());
        model.addAttribute("counts", deliveries.counts());
        model.addAttribute("mqtt", mqtt.status());
        model.addAttribute("dead", deliveries.list(new OutboundDeliveries.Filter(OutboundDeliveries.DEAD, null, null),
                null, 50));
        model.addAttribute("recent", deliveries.list(new OutboundDeliveries.Filter(null, null, null), null, 20));
        model.addAttribute("times", new Times());
        return "outbound/admin";
    }

    @PostMapping("/admin/outbound/webhooks")
    String create(@RequestParam(required = false) String url, @RequestParam(required = false) String eventTypes,
                  @RequestParam(required = false) String description,
                  @RequestParam(required = false, defaultValue = "false") boolean active,
                  @RequestParam(required = false, defaultValue = "false") boolean includeCovert,
                  @AuthenticationPrincipal UserPrincipal me, Model model, RedirectAttributes redirect, Locale locale) {
        try {
            WebhookSubscriptions.WithSecret created = webhooks.create(new WebhookSubscriptions.Draft(url,
                    types(eventTypes), blank(description), active, includeCovert), me.username());
            return secret(created, model);
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
            return "redirect:/admin/outbound";
        }
    }

    @GetMapping("/admin/outbound/webhooks/{id}")
    String webhook(@PathVariable long id, Model model) {
        model.addAttribute("webhook", webhooks.get(id));
        model.addAttribute("deliveries", deliveries.list(new OutboundDeliveries.Filter(null, OutboundDeliveries.WEBHOOK,
                id), null, 50));
        model.addAttribute("times", new Times());
        return "outbound/webhook";
    }

    @PostMapping("/admin/outbound/webhooks/{id}")
    String update(@PathVariable long id, @RequestParam(required = false) String url,
                  @RequestParam(required = false) String eventTypes, @RequestParam(required = false) String description,
                  @RequestParam(required = false, defaultValue = "false") boolean active,
                  @RequestParam(required = false, defaultValue = "false") boolean includeCovert, RedirectAttributes redirect,
                  Locale locale) {
        return act(() -> webhooks.update(id, new WebhookSubscriptions.Draft(url, types(eventTypes), blank(description),
                active, includeCovert)), "outbound.flash.saved", "/admin/outbound/webhooks/" + id, redirect, locale);
    }

    @PostMapping("/admin/outbound/webhooks/{id}/secret")
    String replaceSecret(@PathVariable long id, Model model, RedirectAttributes redirect, Locale locale) {
        try {
            return secret(webhooks.replaceSecret(id), model);
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
            return "redirect:/admin/outbound";
        }
    }

    @PostMapping("/admin/outbound/webhooks/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect, Locale locale) {
        return act(() -> webhooks.delete(id), "outbound.flash.deleted", "/admin/outbound", redirect, locale);
    }

    @GetMapping("/admin/outbound/deliveries/{id}")
    String delivery(@PathVariable long id, Model model) {
        model.addAttribute("detail", deliveries.find(id).orElseThrow(() -> Refusal.notFound("no delivery " + id)));
        model.addAttribute("times", new Times());
        return "outbound/delivery";
    }

    @PostMapping("/admin/outbound/deliveries/{id}/replay")
    String replay(@PathVariable long id, RedirectAttributes redirect, Locale locale) {
        return act(() -> deadLetters.replay(id), "outbound.flash.replayed", "/admin/outbound/deliveries/" + id,
                redirect, locale);
    }

    @PostMapping("/admin/outbound/dead-letters/replay")
    String replayAll(@RequestParam(required = false) String channel, @RequestParam(required = false) Long webhookId,
                     RedirectAttributes redirect, Locale locale) {
        try {
            int n = deadLetters.replayAll(new DeadLetters.Selection(channel, webhookId));
            redirect.addFlashAttribute("flash", messages.getMessage("outbound.flash.replayedAll", new Object[] {n}, locale));
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
        }
        return "redirect:/admin/outbound";
    }

    private String secret(WebhookSubscriptions.WithSecret withSecret, Model model) {
        model.addAttribute("webhook", withSecret.subscription());
        model.addAttribute("secret", withSecret.secret());
        return "outbound/secret";
    }

    private String act(Runnable action, String done, String back, RedirectAttributes redirect, Locale locale) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", messages.getMessage(done, null, locale));
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
        }
        return "redirect:" + back;
    }

    /** Event types as typed in the form: separated by commas or spaces. */
    private static List<String> types(String typed) {
        if (typed == null || typed.isBlank()) {
            return List.of();
        }
        return Arrays.stream(typed.split("[,\\s]+")).filter(t -> !t.isBlank()).toList();
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private String text(Refusal e, Locale locale) {
        if (e.errors().isEmpty()) {
            return messages.getMessage(e.resolvable("outbound.error."), locale);
        }
        List<String> out = new ArrayList<>();
        for (FieldProblem p : e.errors()) {
            String field = p.field().replaceAll("\\[\\d+]$", "");
            out.add(messages.getMessage("outbound.field." + field, null, field, locale) + ": "
                    + messages.getMessage(p.resolvable("outbound.error."), locale));
        }
        return String.join("; ", out);
    }
}
