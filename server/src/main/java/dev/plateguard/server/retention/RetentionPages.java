package dev.plateguard.server.retention;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * ADMIN's retention page (under {@code /admin}, so ADMIN only): the policy per data class with what the last purge
 * deleted, the schedule and recent runs, the legal holds (plates masked), a form to set a hold, lifting with a
 * reason, and running the purge now.
 */
@Controller
class RetentionPages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** The main count of each class, as the runs table shows it. */
    static final Map<String, String> MAIN_COUNT = Map.of(RetentionPolicy.UNMATCHED_READS, "reads",
            RetentionPolicy.CLOSED_VIOLATIONS, "violations", RetentionPolicy.RECOGNITION, "records",
            RetentionPolicy.EVIDENCE, "files", RetentionPolicy.AUDIT, "entries", RetentionPolicy.LIFTED_HOLDS, "holds",
            RetentionPolicy.OUTBOUND_EVENTS, "outboundEvents", RetentionPolicy.OUTBOUND_DEAD_LETTERS, "deadLetters");

    private final RetentionPolicy policy;
    private final RetentionRuns runs;
    private final LegalHolds holds;
    private final RetentionPurge purge;
    private final MessageSource messages;
    private final AuditLog audit;

    RetentionPages(RetentionPolicy policy, RetentionRuns runs, LegalHolds holds, RetentionPurge purge,
                   MessageSource messages, AuditLog audit) {
        this.policy = policy;
        this.runs = runs;
        this.holds = holds;
        this.purge = purge;
        this.messages = messages;
        this.audit = audit;
    }

    /** One data class as the page shows it. */
    record ClassRow(String name, String period, String with, String property, String cutoff, String deleted) {
    }

    /** One run as the page shows it. */
    record RunRow(RetentionRuns.Run run, String started, String finished, String summary) {
    }

    /** One hold as the page shows it: the hold, its target in words, and its times in the page's zone. */
    record HoldRow(LegalHolds.Hold hold, String target, String set, String lifted) {
    }

    @GetMapping("/admin/retention")
    String page(Model model, @AuthenticationPrincipal UserPrincipal me, Locale locale) {
        RetentionSettings settings = policy.settings();
        ZoneId zone = settings.zone();
        RetentionPolicy.Cutoffs cutoffs = policy.cutoffs(Instant.now());
        Optional<RetentionRuns.Run> last = runs.lastFinished();
        List<ClassRow> classes = new ArrayList<>();
        for (RetentionPolicy.DataClass c : policy.classes()) {
            Instant cutoff = RetentionPolicy.cutoff(cutoffs, c.name());
            String deleted = last.map(run -> run.counts() == null ? null : run.counts().get(c.name()))
                    .map(counts -> counts(counts, locale)).orElse(null);
            classes.add(new ClassRow(c.name(), c.period() == null ? null : period(c.period(), locale), c.with(),
                    c.property(), cutoff == null ? null : TIME.format(cutoff.atZone(zone)), deleted));
        }
        List<RunRow> recent = runs.recent(10).stream().map(r -> new RunRow(r, TIME.format(r.startedAt().atZone(zone)),
                r.finishedAt() == null ? null : TIME.format(r.finishedAt().atZone(zone)), summary(r, locale))).toList();
        model.addAttribute("classes", classes);
        model.addAttribute("settings", settings);
        model.addAttribute("nextRun", settings.enabled() && RetentionOverview.nextRun(settings) != null
                ? java.time.OffsetDateTime.parse(RetentionOverview.nextRun(settings)).toInstant() : null);
        model.addAttribute("runs", recent);
        model.addAttribute("active", holds.list(me, true, null, 500).stream().map(h -> row(h, zone, locale)).toList());
        model.addAttribute("lifted", holds.list(me, false, null, 20).stream().map(h -> row(h, zone, locale)).toList());
        model.addAttribute("kinds", LegalHolds.KINDS);
        audit.record("retention.view", "retention", AuditLog.Outcome.SUCCESS, null);
        return "retention/admin";
    }

    @PostMapping("/admin/retention/holds")
    String set(@RequestParam(required = false) String kind, @RequestParam(required = false) String readId,
               @RequestParam(required = false) String violationId, @RequestParam(name = "case", required = false) String caseNumber,
               @RequestParam(required = false) String plate, @RequestParam(required = false) String from,
               @RequestParam(required = false) String to, @RequestParam(required = false) String reason,
               @AuthenticationPrincipal UserPrincipal me, RedirectAttributes redirect, Locale locale) {
        try {
            List<FieldProblem> errors = new ArrayList<>();
            Long read = id(readId, "readId", errors);
            Long violation = id(violationId, "violationId", errors);
            String fromTime = localTime(from, "from", errors);
            String toTime = localTime(to, "to", errors);
            if (!errors.isEmpty()) {
                throw Refusal.invalid(errors);
            }
            LegalHolds.Hold hold = holds.set(me, new LegalHolds.Draft(blank(kind), read, violation, blank(caseNumber),
                    blank(plate), fromTime, toTime, reason));
            redirect.addFlashAttribute("flash", messages.getMessage("retention.flash.holdSet", new Object[] {hold.id()},
                    locale));
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
        }
        return "redirect:/admin/retention";
    }

    @PostMapping("/admin/retention/holds/{id}/lift")
    String lift(@PathVariable long id, @RequestParam(required = false) String reason,
                @AuthenticationPrincipal UserPrincipal me, RedirectAttributes redirect, Locale locale) {
        try {
            holds.lift(me, id, reason);
            redirect.addFlashAttribute("flash", messages.getMessage("retention.flash.holdLifted", new Object[] {id},
                    locale));
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
        }
        return "redirect:/admin/retention";
    }

    @PostMapping("/admin/retention/purge")
    String purge(@AuthenticationPrincipal UserPrincipal me, RedirectAttributes redirect, Locale locale) {
        try {
            RetentionPurge.Started started = purge.start(me.username());
            audit.record("retention.purge.start", "retention-run:" + started.id(), AuditLog.Outcome.SUCCESS,
                    Map.of("run", started.id()));
            redirect.addFlashAttribute("flash", messages.getMessage("retention.flash.purgeStarted",
                    new Object[] {started.id()}, locale));
        } catch (Refusal e) {
            audit.record("retention.purge.start", "retention", AuditLog.Outcome.FAILURE, Map.of("refused", e.type()));
            redirect.addFlashAttribute("flashError", text(e, locale));
        }
        return "redirect:/admin/retention";
    }

    private HoldRow row(LegalHolds.Hold h, ZoneId zone, Locale locale) {
        String target = switch (h.kind()) {
            case "read" -> messages.getMessage("retention.target.read", new Object[] {String.valueOf(h.readId())}, locale);
            case "violation" -> messages.getMessage("retention.target.violation",
                    new Object[] {String.valueOf(h.violationId())}, locale);
            default -> messages.getMessage("retention.target.case", new Object[] {h.plate()}, locale)
                    + (h.from() == null && h.to() == null ? "" : " · " + (h.from() == null ? "…" : TIME.format(h.from().atZone(zone)))
                    + " – " + (h.to() == null ? "…" : TIME.format(h.to().atZone(zone))));
        };
        return new HoldRow(h, target, TIME.format(h.setAt().atZone(zone)),
                h.liftedAt() == null ? null : TIME.format(h.liftedAt().atZone(zone)));
    }

    /** "5 y", "30 d", "72 h": the period's parts with the page's unit words. */
    private String period(String iso, Locale locale) {
        List<String> parts = new ArrayList<>();
        if (iso.startsWith("PT")) {
            java.time.Duration d = java.time.Duration.parse(iso);
            parts.add(d.toHours() + " " + messages.getMessage("retention.unit.h", null, locale));
        } else {
            Period p = Period.parse(iso);
            if (p.getYears() != 0) {
                parts.add(p.getYears() + " " + messages.getMessage("retention.unit.y", null, locale));
            }
            if (p.getMonths() != 0) {
                parts.add(p.getMonths() + " " + messages.getMessage("retention.unit.m", null, locale));
            }
            if (p.getDays() != 0) {
                parts.add(p.getDays() + " " + messages.getMessage("retention.unit.d", null, locale));
            }
        }
        return String.join(" ", parts);
    }

    private String counts(Object counts, Locale locale) {
        if (!(counts instanceof Map<?, ?> map)) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        map.forEach((key, value) -> {
            if (value instanceof Number n && n.longValue() != 0 && !"firstSeq".equals(key)) {
                parts.add(messages.getMessage("retention.count." + key, null, String.valueOf(key), locale) + ": " + n);
            }
        });
        return parts.isEmpty() ? messages.getMessage("retention.count.nothing", null, locale) : String.join(" · ", parts);
    }

    private String summary(RetentionRuns.Run run, Locale locale) {
        if (run.counts() == null) {
            return null;
        }
        Map<String, Object> main = new LinkedHashMap<>();
        MAIN_COUNT.forEach((dataClass, what) -> {
            if (run.counts().get(dataClass) instanceof Map<?, ?> m && m.get(what) instanceof Number n && n.longValue() != 0) {
                main.merge(what, n.longValue(), (a, b) -> (Long) a + (Long) b);
            }
        });
        return counts(main, locale);
    }

    private String text(Refusal e, Locale locale) {
        if (e.errors().isEmpty()) {
            return messages.getMessage(e.resolvable("retention.error."), locale);
        }
        List<String> out = new ArrayList<>();
        for (FieldProblem p : e.errors()) {
            out.add(messages.getMessage("retention.field." + p.field(), null, p.field(), locale) + ": "
                    + messages.getMessage(p.resolvable("retention.error."), locale));
        }
        return String.join(" ", out);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Long id(String value, String field, List<FieldProblem> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            errors.add(FieldProblem.coded(field, "positive", "must be a positive id"));
            return null;
        }
    }

    /** A datetime-local field (in the page's zone) as RFC 3339, or null. */
    private String localTime(String value, String field, List<FieldProblem> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).atZone(policy.settings().zone()).toOffsetDateTime().toString();
        } catch (DateTimeParseException e) {
            errors.add(FieldProblem.coded(field, "dateTime", "must be a date and time"));
            return null;
        }
    }
}
