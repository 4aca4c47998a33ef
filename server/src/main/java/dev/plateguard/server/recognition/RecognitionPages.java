package dev.plateguard.server.recognition;

import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/** The read page's "Recognise again" button (a CSRF-protected form); answers with the read page again. */
@Controller
class RecognitionPages {

    private final RecognitionRequests requests;
    private final AuditLog audit;
    private final MessageSource messages;

    RecognitionPages(RecognitionRequests requests, AuditLog audit, MessageSource messages) {
        this.requests = requests;
        this.audit = audit;
        this.messages = messages;
    }

    @PostMapping("/reads/{id}/recognitions")
    String request(@PathVariable long id, @AuthenticationPrincipal UserPrincipal user, RedirectAttributes redirect,
                   Locale locale) {
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
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
            redirect.addFlashAttribute("flashError", messages.getMessage("recognition.flash.noImage", null, locale));
        } catch (RecognitionRequests.Busy busy) {
            audit.record("reads.recognise", "read:" + id, AuditLog.Outcome.FAILURE,
                    Map.of("status", 503, "reason", busy.reason(), "channel", "web"));
            redirect.addFlashAttribute("flashError", messages.getMessage("recognition.flash." + busy.reason(), null, locale));
        }
        return "redirect:/reads/" + id;
    }
}
