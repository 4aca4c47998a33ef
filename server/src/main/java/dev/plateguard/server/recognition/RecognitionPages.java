package dev.plateguard.server.recognition;

import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * The read page's "Recognise again" button (a CSRF-protected form; answers with the read page again), and the
 * recognition page ({@code /recognition}): the status the API reports, the jobs waiting longest, and a form asking
 * for a read to be recognised again by its number.
 */
@Controller
class RecognitionPages {

    /** Waiting jobs the page lists. */
    static final int JOBS_SHOWN = 20;

    private final RecognitionRequests requests;
    private final RecognitionStatus status;
    private final RecognitionJobs jobs;
    private final AuditLog audit;
    private final MessageSource messages;

    RecognitionPages(RecognitionRequests requests, RecognitionStatus status, RecognitionJobs jobs, AuditLog audit,
                     MessageSource messages) {
        this.requests = requests;
        this.status = status;
        this.jobs = jobs;
        this.audit = audit;
        this.messages = messages;
    }

    @GetMapping("/recognition")
    String page(Model model) {
        model.addAttribute("status", status.details());
        model.addAttribute("jobs", jobs.oldest(JOBS_SHOWN));
        return "recognition/page";
    }

    @PostMapping("/reads/{id}/recognitions")
    String request(@PathVariable long id, @AuthenticationPrincipal UserPrincipal user, RedirectAttributes redirect,
                   Locale locale) {
        if (!ask(id, user, redirect, locale)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return "redirect:/reads/" + id;
    }

    /** The recognition page's form: the same request by the read's number; an unknown read is said on the page. */
    @PostMapping("/recognition/reruns")
    String rerun(@RequestParam(required = false) String readId, @AuthenticationPrincipal UserPrincipal user,
                 RedirectAttributes redirect, Locale locale) {
        long id;
        try {
            id = Long.parseLong(readId == null ? "" : readId.strip());
        } catch (NumberFormatException e) {
            redirect.addFlashAttribute("flashError", messages.getMessage("recognition.page.badRead", null, locale));
            return "redirect:/recognition";
        }
        if (!ask(id, user, redirect, locale)) {
            redirect.addFlashAttribute("flashError", messages.getMessage("recognition.page.noRead",
                    new Object[] {Long.toString(id)}, locale));
        }
        return "redirect:/recognition";
    }

    /** Queues the recognition and audits it as the API does; false for a read the person cannot see or that is gone. */
    private boolean ask(long id, UserPrincipal user, RedirectAttributes redirect, Locale locale) {
        try {
            RecognitionRequests.Accepted accepted = requests.request(id, user.username(), user.scope());
            audit.record("reads.recognise", "read:" + id, AuditLog.Outcome.SUCCESS,
                    Map.of("recognitionId", accepted.recognitionId(), "channel", "web"));
            redirect.addFlashAttribute("flash", messages.getMessage("recognition.flash.queued",
                    new Object[] {Long.toString(accepted.recognitionId())}, locale));
        } catch (Refusal problem) {
            audit.record("reads.recognise", "read:" + id, AuditLog.Outcome.FAILURE,
                    Map.of("status", ProblemResponses.status(problem.kind()).value(), "channel", "web"));
            if (problem.kind() == Refusal.Kind.NOT_FOUND) {
                return false;
            }
            redirect.addFlashAttribute("flashError", messages.getMessage("recognition.flash.noImage", null, locale));
        } catch (RecognitionRequests.Busy busy) {
            audit.record("reads.recognise", "read:" + id, AuditLog.Outcome.FAILURE,
                    Map.of("status", 503, "reason", busy.reason(), "channel", "web"));
            redirect.addFlashAttribute("flashError", messages.getMessage("recognition.flash." + busy.reason(), null, locale));
        }
        return true;
    }
}
