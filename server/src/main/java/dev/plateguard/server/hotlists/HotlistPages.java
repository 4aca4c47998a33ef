package dev.plateguard.server.hotlists;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.CsvRows;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Hotlist pages: the lists a person may see ({@code /hotlists}, with a form to create one for SUPERVISOR and
 * INVESTIGATOR), and one list ({@code /hotlists/{id}}: its entries page by page, and for those who may change it,
 * adding an entry, a CSV import, removing entries and the list). Thin: {@link Hotlists} decides and audits.
 */
@Controller
class HotlistPages {

    private static final int PAGE = 100;
    private static final ZoneId ZONE = ZoneId.of("Asia/Tashkent");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Hotlists hotlists;
    private final MessageSource messages;

    HotlistPages(Hotlists hotlists, MessageSource messages) {
        this.hotlists = hotlists;
        this.messages = messages;
    }

    /** An entry as the page shows it, with its expiry in Tashkent time. */
    record Row(Hotlists.Entry entry, String expires) {
    }

    @GetMapping("/hotlists")
    String lists(@AuthenticationPrincipal UserPrincipal me, Model model) {
        model.addAttribute("lists", hotlists.lists(me));
        model.addAttribute("canCreate", Hotlists.manageable(me, me.userId(), true));
        return "hotlists/lists";
    }

    @PostMapping("/hotlists")
    String create(@RequestParam(required = false) String name, @RequestParam(required = false) String covert,
                  @AuthenticationPrincipal UserPrincipal me, RedirectAttributes redirect, Locale locale) {
        try {
            Hotlists.Hotlist list = hotlists.create(me, name, covert != null);
            redirect.addFlashAttribute("flash", messages.getMessage("hotlists.flash.created", new Object[] {list.name()}, locale));
            return "redirect:/hotlists/" + list.id();
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
            return "redirect:/hotlists";
        }
    }

    @GetMapping("/hotlists/{id}")
    String list(@PathVariable long id, @RequestParam(required = false) Long after,
                @AuthenticationPrincipal UserPrincipal me, Model model) {
        Hotlists.Hotlist list;
        Hotlists.EntryPage page;
        try {
            list = hotlists.get(me, id);
            page = hotlists.entries(me, id, after, PAGE);
        } catch (Refusal e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("list", list);
        model.addAttribute("rows", page.items().stream()
                .map(e -> new Row(e, DAY.format(e.expiresAt().atZone(ZONE)))).toList());
        model.addAttribute("next", page.next());
        model.addAttribute("kinds", MatchKind.values());
        model.addAttribute("reasons", HotlistReason.values());
        return "hotlists/list";
    }

    @PostMapping("/hotlists/{id}/entries")
    String add(@PathVariable long id, @RequestParam(required = false) String pattern,
               @RequestParam(required = false) String match, @RequestParam(required = false) String priority,
               @RequestParam(required = false) String reason, @RequestParam(required = false) String note,
               @RequestParam(required = false) String expiresAt, @AuthenticationPrincipal UserPrincipal me,
               RedirectAttributes redirect, Locale locale) {
        try {
            Hotlists.Entry entry = hotlists.add(me, id, new Hotlists.Draft(pattern, match, priority, reason, note, expiresAt));
            redirect.addFlashAttribute("flash", messages.getMessage("hotlists.flash.added",
                    new Object[] {entry.pattern()}, locale));
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
        }
        return "redirect:/hotlists/" + id;
    }

    @PostMapping("/hotlists/{id}/import")
    String importCsv(@PathVariable long id, @RequestParam(required = false) MultipartFile file,
                     @AuthenticationPrincipal UserPrincipal me, RedirectAttributes redirect, Locale locale)
            throws IOException {
        try {
            if (file == null || file.isEmpty()) {
                throw Refusal.invalid(List.of(FieldProblem.coded("file", "noFile", "choose a CSV file")));
            }
            try (InputStream in = file.getInputStream()) {
                int imported = hotlists.importCsv(me, id, in);
                redirect.addFlashAttribute("flash", messages.getMessage("hotlists.flash.imported",
                        new Object[] {imported}, locale));
            }
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
            if (e instanceof CsvRows.RowsProblem rows) {
                redirect.addFlashAttribute("importErrors", rows.errors().stream()
                        .map(p -> p.field() + ": " + messages.getMessage(p.resolvable("hotlists.error."), locale)).toList());
            }
        }
        return "redirect:/hotlists/" + id;
    }

    @PostMapping("/hotlists/{id}/entries/{entryId}/remove")
    String removeEntry(@PathVariable long id, @PathVariable long entryId, @AuthenticationPrincipal UserPrincipal me,
                       RedirectAttributes redirect, Locale locale) {
        try {
            hotlists.removeEntry(me, id, entryId);
            redirect.addFlashAttribute("flash", messages.getMessage("hotlists.flash.entryRemoved", null, locale));
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
        }
        return "redirect:/hotlists/" + id;
    }

    @PostMapping("/hotlists/{id}/remove")
    String remove(@PathVariable long id, @AuthenticationPrincipal UserPrincipal me, RedirectAttributes redirect,
                  Locale locale) {
        try {
            hotlists.remove(me, id);
            redirect.addFlashAttribute("flash", messages.getMessage("hotlists.flash.removed", null, locale));
            return "redirect:/hotlists";
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
            return "redirect:/hotlists/" + id;
        }
    }

    /** A refusal in the page's language: its first field problem, or the refusal as a whole. */
    private String text(Refusal e, Locale locale) {
        if (e.errors().isEmpty()) {
            return messages.getMessage(e.resolvable("hotlists.error."), locale);
        }
        FieldProblem first = e.errors().getFirst();
        String field = messages.getMessage("hotlists.field." + first.field().replaceAll("^rows\\[\\d+]\\.", ""), null,
                first.field(), locale);
        return field + ": " + messages.getMessage(first.resolvable("hotlists.error."), locale);
    }
}
