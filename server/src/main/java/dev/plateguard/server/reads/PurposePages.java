package dev.plateguard.server.reads;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/** ADMIN's page for the managed list of search purposes (under {@code /admin}, so ADMIN only). */
@Controller
class PurposePages {

    private final SearchPurposes purposes;
    private final MessageSource messages;

    PurposePages(SearchPurposes purposes, MessageSource messages) {
        this.purposes = purposes;
        this.messages = messages;
    }

    @GetMapping("/admin/search-purposes")
    String list(Model model) {
        model.addAttribute("rows", purposes.list(false));
        return "reads/purposes";
    }

    @PostMapping("/admin/search-purposes")
    String create(@RequestParam(required = false) String code, @RequestParam(required = false) String label,
                  RedirectAttributes redirect, Locale locale) {
        try {
            purposes.create(code, label);
            redirect.addFlashAttribute("flash", messages.getMessage("purposes.saved", null, locale));
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
        }
        return "redirect:/admin/search-purposes";
    }

    @PostMapping("/admin/search-purposes/{id}")
    String update(@PathVariable long id, @RequestParam(required = false) String label,
                  @RequestParam(required = false) Boolean active, RedirectAttributes redirect, Locale locale) {
        try {
            purposes.update(id, label == null || label.isBlank() ? null : label, active);
            redirect.addFlashAttribute("flash", messages.getMessage("purposes.saved", null, locale));
        } catch (Refusal e) {
            if (e.kind() == Refusal.Kind.NOT_FOUND) {
                throw new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND);
            }
            redirect.addFlashAttribute("flashError", text(e, locale));
        }
        return "redirect:/admin/search-purposes";
    }

    private String text(Refusal e, Locale locale) {
        if (e.errors().isEmpty()) {
            return messages.getMessage(e.resolvable("investigation.error."), locale);
        }
        List<String> out = new ArrayList<>();
        for (FieldProblem p : e.errors()) {
            out.add(messages.getMessage("investigation.field." + p.field(), null, p.field(), locale) + ": "
                    + messages.getMessage(p.resolvable("investigation.error."), locale));
        }
        return String.join(" ", out);
    }
}
