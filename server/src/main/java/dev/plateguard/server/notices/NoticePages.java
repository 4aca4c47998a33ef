package dev.plateguard.server.notices;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.evidence.EvidenceIntegrityFailure;
import dev.plateguard.server.identity.UserPrincipal;

/**
 * The notices pages (docs/notices.md): the list with filters, one notice with its events, and its PDF in each
 * language for a browser session (the API's PDF route takes bearer tokens only). The same roles as the notices API
 * (SecurityConfiguration), the same scope, and the same audit actions, marked {@code channel: web}.
 */
@Controller
class NoticePages {

    static final int PAGE_SIZE = 50;
    /** Notice states, in the order a notice may go through them. */
    static final List<String> STATES = List.of("issued", "paid", "appealed", "upheld", "cancelled", "closed");

    private final NoticeBook book;
    private final NoticePdf pdf;
    private final AuditLog audit;
    private final MessageSource messages;

    NoticePages(NoticeBook book, NoticePdf pdf, AuditLog audit, MessageSource messages) {
        this.book = book;
        this.pdf = pdf;
        this.audit = audit;
        this.messages = messages;
    }

    @GetMapping("/notices")
    String list(@RequestParam(required = false) String state, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(required = false) String plate,
                @RequestParam(required = false) String page, @AuthenticationPrincipal UserPrincipal user,
                Model model, Locale locale) {
        List<String> errors = new ArrayList<>();
        String s = blank(state);
        if (s != null && !STATES.contains(s)) {
            errors.add(messages.getMessage("noticepage.error.state", null, locale));
            s = null;
        }
        LocalDate issuedFrom = date(from, "noticepage.filter.from", errors, locale);
        LocalDate issuedTo = date(to, "noticepage.filter.to", errors, locale);
        String p = blank(plate) == null ? null : plate.strip().replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (p != null && p.length() > 20) {
            errors.add(messages.getMessage("noticepage.error.plate", null, locale));
            p = null;
        }
        int number = 1;
        if (blank(page) != null) {
            try {
                number = Integer.parseInt(page.strip());
            } catch (NumberFormatException e) {
                number = 0;
            }
            if (number < 1 || number > 10_000) {
                errors.add(messages.getMessage("noticepage.error.page", null, locale));
                number = 1;
            }
        }
        NoticeBook.Filter filter = new NoticeBook.Filter(s, issuedFrom, issuedTo, p);
        List<Notice> found = book.search(filter, user.scope(), (number - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        boolean more = found.size() > PAGE_SIZE;
        List<Notice> shown = more ? found.subList(0, PAGE_SIZE) : found;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("channel", "web");
        details.put("page", number);
        details.put("results", shown.size());
        if (s != null) {
            details.put("state", s);
        }
        if (p != null) {
            details.put("plate", p);
        }
        audit.record("notices.export", "notices", AuditLog.Outcome.SUCCESS, details);
        model.addAttribute("notices", shown);
        model.addAttribute("states", STATES);
        model.addAttribute("errors", errors);
        model.addAttribute("state", s);
        model.addAttribute("from", issuedFrom);
        model.addAttribute("to", issuedTo);
        model.addAttribute("plate", p);
        model.addAttribute("page", number);
        model.addAttribute("more", more);
        return "notices/list";
    }

    @GetMapping("/notices/{id}")
    String notice(@PathVariable long id, @AuthenticationPrincipal UserPrincipal user, Model model) {
        Notice notice = book.find(id, user.scope()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        audit.record("notices.view", "notice:" + notice.number(), AuditLog.Outcome.SUCCESS, Map.of("channel", "web"));
        model.addAttribute("notice", notice);
        model.addAttribute("events", book.events(id));
        model.addAttribute("languages", NoticePdf.LANGUAGES);
        return "notices/notice";
    }

    /** The notice's PDF for a signed-in browser: what {@code GET /api/v1/notices/{id}/pdf} answers a token. */
    @GetMapping(path = "/notices/{id}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long id, @RequestParam(defaultValue = "uz") String lang,
                               @AuthenticationPrincipal UserPrincipal user) {
        if (!NoticePdf.LANGUAGES.contains(lang)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "lang must be one of " + NoticePdf.LANGUAGES);
        }
        Notice notice = book.find(id, user.scope()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        byte[] bytes;
        try {
            bytes = pdf.render(notice, lang);
        } catch (EvidenceIntegrityFailure e) {
            // Already audited as evidence.integrity; a notice is never rendered with a photo that is not the evidence.
            throw new ResponseStatusException(HttpStatus.INTERNAL_SERVER_ERROR, "evidence-integrity");
        }
        audit.record("notices.pdf", "notice:" + notice.number(), AuditLog.Outcome.SUCCESS,
                Map.of("lang", lang, "channel", "web"));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(notice.number() + "-" + lang + ".pdf").build().toString())
                .contentType(MediaType.APPLICATION_PDF).body(bytes);
    }

    private LocalDate date(String value, String label, List<String> errors, Locale locale) {
        if (blank(value) == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(messages.getMessage(label, null, locale) + ": " + messages.getMessage("noticepage.error.date", null, locale));
            return null;
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
