package dev.plateguard.server.users;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * User administration for ADMINs (route security in SecurityConfiguration): list, create, disable and enable,
 * reset a password or a second factor, assign roles. Every change goes through {@link UserService}, which validates, audits and
 * protects the last administrator; its problems are shown on the form in the user's language.
 */
@Controller
@RequestMapping("/admin/users")
class UserAdminPages {

    /** Account times are shown in Tashkent time, like the rest of the dashboard's forms. */
    private static final ZoneId ZONE = ZoneId.of("Asia/Tashkent");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** Field problems and refusals are shown with the message {@code admin.problem.<code>}. */
    private static final String PROBLEM = "admin.problem.";

    /** One row of the list, with times already in Tashkent time. */
    record UserRow(UserAccount account, String created, String updated) {
    }

    /** A pending role grant, with its expiry in Tashkent time. */
    record GrantRow(RoleGrants.RoleGrant grant, String expires) {
    }

    /** The create form without its password, which is never shown again: bound from the post, shown after a refusal. */
    record NewUserForm(String username, List<String> roles) {
        NewUserForm {
            username = username == null ? "" : username;
            roles = roles == null ? List.of() : roles;
        }
    }

    private final UserService users;
    private final UserRepository repository;
    private final RoleGrants grants;
    private final MessageSource messages;
    private final SecondFactors secondFactors;
    private final UserSessions sessions;

    UserAdminPages(UserService users, UserRepository repository, RoleGrants grants, MessageSource messages,
                   SecondFactors secondFactors, UserSessions sessions) {
        this.secondFactors = secondFactors;
        this.sessions = sessions;
        this.users = users;
        this.repository = repository;
        this.grants = grants;
        this.messages = messages;
    }

    @GetMapping
    String list(Model model) {
        return listPage(model, new NewUserForm("", List.of(Role.OPERATOR.name())), Map.of(), List.of());
    }

    @PostMapping
    String create(@AuthenticationPrincipal UserPrincipal actor, @ModelAttribute("form") NewUserForm form,
                  @RequestParam(defaultValue = "") String password,
                  Model model, RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        try {
            UserService.Outcome created = users.create(actor, form.username(), password, form.roles());
            redirect.addFlashAttribute("flash", created.pendingGrant() == null
                    ? text("admin.users.flash.created", locale, created.account().username())
                    : text("admin.users.flash.createdPending", locale, created.account().username()));
            return "redirect:/admin/users";
        } catch (Refusal refusal) {
            return refused(refusal, response, locale, (errors, general) -> listPage(model, form, errors, general));
        }
    }

    @GetMapping("/{id}")
    String detail(@PathVariable long id, Model model, HttpServletResponse response) {
        return detailPage(id, model, response, Map.of(), List.of());
    }

    @PostMapping("/{id}/roles")
    String roles(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long id,
                 @RequestParam(required = false) List<String> roles, Model model,
                 RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        return change(actor, id, roles == null ? List.of() : roles, null, null, null, "admin.users.flash.roles", model,
                redirect, response, locale);
    }

    @PostMapping("/{id}/disable")
    String disable(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long id, Model model,
                   RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        return change(actor, id, null, true, null, null, "admin.users.flash.disabled", model, redirect, response, locale);
    }

    @PostMapping("/{id}/enable")
    String enable(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long id, Model model,
                  RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        return change(actor, id, null, false, null, null, "admin.users.flash.enabled", model, redirect, response, locale);
    }

    @PostMapping("/{id}/password")
    String resetPassword(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long id,
                         @RequestParam(defaultValue = "") String password, Model model,
                         RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        return change(actor, id, null, null, password, null, "admin.users.flash.password", model, redirect, response,
                locale);
    }

    /** The scope: ticked regions and sites; none ticked is the whole country. */
    @PostMapping("/{id}/scope")
    String scope(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long id,
                 @RequestParam(required = false) List<String> regions, @RequestParam(required = false) List<Long> sites,
                 Model model, RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        return change(actor, id, null, null, null, new UserService.ScopeChange(regions, sites),
                "admin.users.flash.scope", model, redirect, response, locale);
    }

    /** A lost phone: the user's second factor goes, and they enrol again at their next sign-in. */
    @PostMapping("/{id}/totp/reset")
    String resetSecondFactor(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long id, Model model,
                             RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        try {
            secondFactors.reset(actor, id);
            String name = repository.find(id).map(UserAccount::username).orElse(String.valueOf(id));
            redirect.addFlashAttribute("flash", text("admin.users.flash.mfaReset", locale, name));
            return "redirect:/admin/users/" + id;
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                return missing(model, response);
            }
            return refused(refusal, response, locale,
                    (errors, general) -> detailPage(id, model, response, errors, general));
        }
    }

    /** Ends every browser session of the user (audited with the admin and the user). */
    @PostMapping("/{id}/sessions/end")
    String endSessions(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long id, Model model,
                       RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        try {
            int ended = sessions.endAll(actor, id);
            String name = repository.find(id).map(UserAccount::username).orElse(String.valueOf(id));
            redirect.addFlashAttribute("flash", text("admin.users.flash.sessionsEnded", locale, name, ended));
            return "redirect:/admin/users/" + id;
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                return missing(model, response);
            }
            throw refusal;
        }
    }

    @PostMapping("/grants/{grantId}/approve")
    String approve(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long grantId, Model model,
                   RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        return decide(actor, grantId, true, model, redirect, response, locale);
    }

    @PostMapping("/grants/{grantId}/reject")
    String reject(@AuthenticationPrincipal UserPrincipal actor, @PathVariable long grantId, Model model,
                  RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        return decide(actor, grantId, false, model, redirect, response, locale);
    }

    private String decide(UserPrincipal actor, long grantId, boolean approve, Model model, RedirectAttributes redirect,
                          HttpServletResponse response, Locale locale) {
        try {
            RoleGrants.RoleGrant grant = approve ? grants.approve(actor, grantId) : grants.reject(actor, grantId);
            redirect.addFlashAttribute("flash", text(approve ? "admin.grants.flash.approved" : "admin.grants.flash.rejected",
                    locale, grant.username()));
            return "redirect:/admin/users";
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                return missing(model, response);
            }
            NewUserForm blank = new NewUserForm("", List.of(Role.OPERATOR.name()));
            return refused(refusal, response, locale, (errors, general) -> listPage(model, blank, errors, general));
        }
    }

    private String change(UserPrincipal actor, long id, List<String> roles, Boolean disabled, String password,
                          UserService.ScopeChange scope, String done, Model model,
                          RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        try {
            UserService.Outcome changed = users.update(actor, id, roles, disabled, password, scope);
            redirect.addFlashAttribute("flash", changed.pendingGrant() == null
                    ? text(done, locale, changed.account().username())
                    : text("admin.users.flash.rolesPending", locale, changed.account().username()));
            return "redirect:/admin/users/" + id;
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                return missing(model, response);
            }
            return refused(refusal, response, locale,
                    (errors, general) -> detailPage(id, model, response, errors, general));
        }
    }

    /** A refused change: its status, and the page it came from with the refusal explained on it. */
    private String refused(Refusal refusal, HttpServletResponse response, Locale locale,
                           java.util.function.BiFunction<Map<String, String>, List<String>, String> page) {
        response.setStatus(ProblemResponses.status(refusal.kind()).value());
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        explain(refusal, errors, general, locale);
        return page.apply(errors, general);
    }

    private String listPage(Model model, NewUserForm form, Map<String, String> errors, List<String> general) {
        model.addAttribute("rows", users.list().stream()
                .map(a -> new UserRow(a, time(a.createdAt()), time(a.updatedAt()))).toList());
        model.addAttribute("roles", Role.values());
        model.addAttribute("grants", grants.list("pending").stream().map(g -> new GrantRow(g, time(g.expiresAt()))).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("general", general);
        return "admin/users";
    }

    private String detailPage(long id, Model model, HttpServletResponse response, Map<String, String> errors,
                              List<String> general) {
        var account = repository.find(id);
        if (account.isEmpty()) {
            return missing(model, response);
        }
        model.addAttribute("user", new UserRow(account.get(), time(account.get().createdAt()), time(account.get().updatedAt())));
        SecondFactors.Status mfa = secondFactors.status(id, account.get().roles());
        model.addAttribute("mfa", mfa);
        model.addAttribute("mfaSince", time(mfa.enrolledAt()));
        model.addAttribute("activeSessions", sessions.active(id, null).size());
        model.addAttribute("roles", Role.values());
        model.addAttribute("regions", repository.knownRegions());
        model.addAttribute("sites", repository.sites());
        model.addAttribute("errors", errors);
        model.addAttribute("general", general);
        return "admin/user";
    }

    private static String missing(Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("back", "/admin/users");
        return "admin/missing";
    }

    /** The service's refusal in the user's language, per field where it names one. */
    private void explain(Refusal refusal, Map<String, String> errors, List<String> general, Locale locale) {
        if (refusal.kind() == Refusal.Kind.CONFLICT) {
            String text = text(refusal.resolvable(PROBLEM), locale);
            general.add(text);
            if ("usernameTaken".equals(refusal.code())) {
                errors.putIfAbsent("username", text);
            }
            return;
        }
        for (FieldProblem p : refusal.errors()) {
            String field = p.field().startsWith("roles") ? "roles" : p.field().startsWith("scope") ? "scope" : p.field();
            if (field.equals("body")) {
                general.add(text(p.resolvable(PROBLEM), locale));
            } else {
                errors.putIfAbsent(field, text(p.resolvable(PROBLEM), locale));
            }
        }
        if (refusal.errors().isEmpty()) {
            general.add(refusal.getMessage());
        }
    }

    private String text(MessageSourceResolvable message, Locale locale) {
        return messages.getMessage(message, locale);
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(ZONE));
    }
}
