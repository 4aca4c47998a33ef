package dev.plateguard.server.audit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log for AUDITORs (route security in SecurityConfiguration): a filtered page, newest first with keyset
 * paging, and the same filters as a streamed CSV download. Looking at the log and exporting it are audited too.
 * Form times are Tashkent time (HTML datetime-local has no zone).
 */
@Controller
class AuditPages {

    static final int PAGE_SIZE = 50;
    static final ZoneId ZONE = ZoneId.of("Asia/Tashkent");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    static final List<String> CSV_HEADER = List.of("id", "time", "actor_type", "actor", "action", "target", "outcome",
            "client_ip", "details");

    /** One row of the table, details as compact JSON (the page shows the time in Tashkent time, web/Times). */
    record Row(AuditQueries.AuditEntry entry, String details) {
    }

    /** The filters as typed, blanks as null; {@code from} and {@code to} are datetime-local values. */
    record Filters(String actor, String action, String target, String from, String to) {

        static Filters of(String actor, String action, String target, String from, String to) {
            return new Filters(clean(actor), clean(action), clean(target), clean(from), clean(to));
        }

        private static String clean(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }

        Map<String, Object> details(String channel) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("actor", actor);
            details.put("action", action);
            details.put("target", target);
            details.put("from", from);
            details.put("to", to);
            details.values().removeIf(Objects::isNull);
            details.put("channel", channel);
            return details;
        }
    }

    private final AuditQueries queries;
    private final AuditLog audit;
    private final MessageSource messages;
    private final AuditVerifier verifier;

    AuditPages(AuditQueries queries, AuditLog audit, MessageSource messages, AuditVerifier verifier) {
        this.queries = queries;
        this.audit = audit;
        this.messages = messages;
        this.verifier = verifier;
    }

    /** Verifies the chain on every visit (the page is the button); the visit is audited with its result. */
    @GetMapping("/audit/verify")
    String verify(Model model) {
        AuditVerifier.Verification result = verifier.verify();
        audit.record("audit.verify", "audit", AuditLog.Outcome.SUCCESS, AuditVerification.details(result));
        model.addAttribute("result", result);
        model.addAttribute("verifiedAt", SHOWN.format(result.verifiedAt().atZone(ZONE)));
        return "audit/verify";
    }

    @GetMapping("/audit")
    String page(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                @RequestParam(required = false) String target, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(required = false) Long before, Model model,
                HttpServletResponse response) {
        Filters filters = Filters.of(actor, action, target, from, to);
        model.addAttribute("filters", filters);
        model.addAttribute("before", before);
        model.addAttribute("actions", queries.actions());
        Map<String, String> errors = new LinkedHashMap<>();
        AuditQueries.Filter filter = filter(filters, errors);
        model.addAttribute("errors", errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("rows", List.of());
            return "audit/audit";
        }
        List<AuditQueries.AuditEntry> entries = queries.page(filter, before, PAGE_SIZE);
        Map<String, Object> details = filters.details("web");
        if (before != null) {
            details.put("before", before);
        }
        details.put("results", entries.size());
        audit.record("audit.query", "audit", AuditLog.Outcome.SUCCESS, details);
        model.addAttribute("rows", entries.stream()
                .map(e -> new Row(e, e.details() == null ? "" : e.details().toString()))
                .toList());
        model.addAttribute("older", entries.size() == PAGE_SIZE ? entries.getLast().id() : null);
        return "audit/audit";
    }

    /** Every entry matching the filters, newest first, streamed as CSV (RFC 4180, formula-safe). */
    @GetMapping("/audit.csv")
    void csv(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
             @RequestParam(required = false) String target, @RequestParam(required = false) String from,
             @RequestParam(required = false) String to, HttpServletResponse response, Locale locale) throws IOException {
        Filters filters = Filters.of(actor, action, target, from, to);
        Map<String, String> errors = new LinkedHashMap<>();
        AuditQueries.Filter filter = filter(filters, errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write(messages.getMessage("audit.error.time", null, locale));
            return;
        }
        // Recorded before the first byte leaves, so that an export cut short is on record too.
        audit.record("audit.export", "audit", AuditLog.Outcome.SUCCESS, filters.details("csv"));
        String file = "plateguard-audit-" + FILE_STAMP.format(Instant.now().atZone(ZONE)) + ".csv";
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write(AuditCsv.row(CSV_HEADER));
        try {
            queries.each(filter, e -> {
                try {
                    out.write(AuditCsv.row(java.util.Arrays.asList(String.valueOf(e.id()),
                            e.occurredAt().atZone(ZONE).toOffsetDateTime().toString(), e.actorType(), e.actor(),
                            e.action(), e.target(), e.outcome(), e.clientIp(),
                            e.details() == null ? null : e.details().toString())));
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
    }

    private static AuditQueries.Filter filter(Filters filters, Map<String, String> errors) {
        return new AuditQueries.Filter(filters.actor(), filters.action(), filters.target(),
                time(filters.from(), "from", errors), time(filters.to(), "to", errors));
    }

    private static Instant time(String value, String field, Map<String, String> errors) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).atZone(ZONE).toInstant();
        } catch (DateTimeParseException e) {
            errors.put(field, "audit.error.time");
            return null;
        }
    }
}
