package dev.plateguard.server.review;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.cameras.CameraNetwork;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.reads.ReadQueries;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.violations.RegistryRules;
import dev.plateguard.server.violations.ViolationQueries;

/**
 * The keyboard-driven review page. Everything works with plain forms (POST with CSRF, then a redirect back);
 * plateguard.js adds the keys c (confirm), r + number (reject with a reason), n (next), e (edit plate).
 */
@Controller
class ReviewPages {

    private final ReviewWorkflow workflow;
    private final ReviewQueue queue;
    private final ViolationQueries violations;
    private final ReadQueries reads;
    private final CameraNetwork network;
    private final AuditLog audit;
    private final RegistryRules registryRules;

    ReviewPages(ReviewWorkflow workflow, ReviewQueue queue, ViolationQueries violations, ReadQueries reads,
                CameraNetwork network, AuditLog audit, RegistryRules registryRules) {
        this.workflow = workflow;
        this.queue = queue;
        this.violations = violations;
        this.reads = reads;
        this.network = network;
        this.audit = audit;
        this.registryRules = registryRules;
    }

    @GetMapping("/review")
    String page(@RequestParam(required = false) String region, @AuthenticationPrincipal UserPrincipal operator,
                Model model) {
        String r = region == null || region.isBlank() ? null : region;
        String me = ReviewWorkflow.username(operator);
        model.addAttribute("region", r);
        model.addAttribute("reasons", RejectReason.values());
        var held = queue.held(me, operator.scope());
        model.addAttribute("queue", queue.queue(r, operator.scope(), 15));
        model.addAttribute("regions", queue.regions(operator.scope()));
        held.ifPresent(item -> {
            var violation = violations.find(item.violationId(), operator.scope()).orElseThrow();
            var read = reads.find(violation.readId(), operator.scope()).orElseThrow();
            var site = network.site(violation.siteId()).orElseThrow();
            model.addAttribute("item", item);
            model.addAttribute("violation", violation);
            model.addAttribute("read", read);
            model.addAttribute("site", site);
            model.addAttribute("camera", network.camera(violation.cameraId()).orElse(null));
            model.addAttribute("others", queue.samePlate(violation.plate(), violation.id(), operator.scope(), 10));
            model.addAttribute("corrections", queue.corrections(violation.id()));
            model.addAttribute("registryChecks", registryRules.enabled());
            var registry = registryRules.answerNow(violation.plateCountry(), violation.plate()).orElse(null);
            model.addAttribute("registry", registry);
            model.addAttribute("comparison", VehicleComparison.of(read.metadata(),
                    registry instanceof dev.plateguard.server.registry.RegistryAnswer.Found found ? found.vehicle() : null));
            audit.record("review.view", "violation:" + item.violationId(), AuditLog.Outcome.SUCCESS,
                    Map.of("channel", "web"));
        });
        return "review/page";
    }

    @PostMapping("/review/next")
    String next(@RequestParam(required = false) String region, @AuthenticationPrincipal UserPrincipal operator,
                RedirectAttributes flash) {
        String r = region == null || region.isBlank() ? null : region;
        if (workflow.next(r, operator).isEmpty()) {
            flash.addFlashAttribute("notice", "review.queue.empty");
        }
        return back(r);
    }

    @PostMapping("/review/{id}/claim")
    String claim(@PathVariable long id, @RequestParam(required = false) String region,
                 @AuthenticationPrincipal UserPrincipal operator, RedirectAttributes flash) {
        return act(region, operator, flash, () -> workflow.claim(id, operator), null);
    }

    @PostMapping("/review/{id}/release")
    String release(@PathVariable long id, @RequestParam(required = false) String region,
                   @AuthenticationPrincipal UserPrincipal operator, RedirectAttributes flash) {
        return act(region, operator, flash, () -> workflow.release(id, operator), null);
    }

    @PostMapping("/review/{id}/confirm")
    String confirm(@PathVariable long id, @RequestParam(required = false) String region,
                   @RequestParam(required = false) String advance, @AuthenticationPrincipal UserPrincipal operator,
                   RedirectAttributes flash) {
        return act(region, operator, flash, () -> workflow.confirm(id, operator),
                advance == null ? null : "review.done.confirmed");
    }

    @PostMapping("/review/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) String reason,
                  @RequestParam(required = false) String note, @RequestParam(required = false) String region,
                  @RequestParam(required = false) String advance, @AuthenticationPrincipal UserPrincipal operator,
                  RedirectAttributes flash) {
        return act(region, operator, flash, () -> workflow.reject(id, reason, note, operator),
                advance == null ? null : "review.done.rejected");
    }

    @PostMapping("/review/{id}/correct")
    String correct(@PathVariable long id, @RequestParam(required = false) String plate,
                   @RequestParam(required = false) String region, @AuthenticationPrincipal UserPrincipal operator,
                   RedirectAttributes flash) {
        return act(region, operator, flash, () -> {
            var correction = workflow.correctPlate(id, plate, operator);
            // Said on the page, which also shows the registry's answer for the corrected plate.
            flash.addFlashAttribute("corrected", List.of(correction.originalPlate(), correction.correctedPlate()));
        }, null);
    }

    /** Runs an action; a refusal is shown on the page. After a decision with {@code advance}, claims the next item. */
    private String act(String region, UserPrincipal operator, RedirectAttributes flash, Runnable action,
                       String doneMessage) {
        String r = region == null || region.isBlank() ? null : region;
        try {
            action.run();
        } catch (Refusal e) {
            flash.addFlashAttribute("problem", e.getMessage());
            return back(r);
        }
        if (doneMessage != null) {
            flash.addFlashAttribute("notice", doneMessage);
            if (workflow.next(r, operator).isEmpty()) {
                flash.addFlashAttribute("notice", "review.queue.empty");
            }
        }
        return back(r);
    }

    private static String back(String region) {
        return "redirect:" + UriComponentsBuilder.fromPath("/review").queryParamIfPresent("region",
                java.util.Optional.ofNullable(region)).encode().build().toUriString();
    }
}
