package dev.plateguard.server.users;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.http.FieldProblem;
import dev.plateguard.server.identity.Role;

/**
 * User administration for ADMINs (route security in SecurityConfiguration): list, create, disable and enable,
 * reset a password, assign roles. Every change goes through {@link UserService}, which validates, audits and
 * protects the last administrator; its problems are shown on the form in the user's language.
 */
@Controller
@RequestMapping("/admin/users")
class UserAdminPages {

    /** Account times are shown in Tashkent time, like the rest of the dashboard's forms. */
    private static final ZoneId ZONE = ZoneId.of("Asia/Tashkent");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Pattern AT_LEAST = Pattern.compile("must be at least (\\d+) characters");
    private static final Pattern AT_MOST = Pattern.compile("must be at most (\\d+) characters");

    /** One row of the list, with times already in Tashkent time. */
    record UserRow(UserAccount account, String created, String updated) {
    }

    /** What the create form shows again after a refusal (never the password). */
    record NewUserForm(String username, Set<String> roles) {
    }

    private final UserService users;
    private final UserRepository repository;
    private final MessageSource messages;

    UserAdminPages(UserService users, UserRepository repository, MessageSource messages) {
        this.users = users;
        this.repository = repository;
        this.messages = messages;
    }

    @GetMapping
    String list(Model model) {
        return listPage(model, new NewUserForm("", Set.of(Role.OPERATOR.name())), Map.of(), List.of());
    }

    @PostMapping
    String create(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
                  @RequestParam(required = false) List<String> roles, Model model, RedirectAttributes redirect,
                  HttpServletResponse response, Locale locale) {
        List<String> chosen = roles == null ? List.of() : roles;
        try {
            UserAccount created = users.create(username, password, chosen);
            redirect.addFlashAttribute("flash", text("admin.users.flash.created", locale, created.username()));
            return "redirect:/admin/users";
        } catch (ApiProblem problem) {
            response.setStatus(problem.status().value());
            Map<String, String> errors = new LinkedHashMap<>();
            List<String> general = new ArrayList<>();
            explain(problem, errors, general, locale);
            return listPage(model, new NewUserForm(username, new TreeSet<>(chosen)), errors, general);
        }
    }

    @GetMapping("/{id}")
    String detail(@PathVariable long id, Model model, HttpServletResponse response) {
        return detailPage(id, model, response, Map.of(), List.of());
    }

    @PostMapping("/{id}/roles")
    String roles(@PathVariable long id, @RequestParam(required = false) List<String> roles, Model model,
                 RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        return change(id, roles == null ? List.of() : roles, null, null, "admin.users.flash.roles", model, redirect,
                response, locale);
    }

    @PostMapping("/{id}/disable")
    String disable(@PathVariable long id, Model model, RedirectAttributes redirect, HttpServletResponse response,
                   Locale locale) {
        return change(id, null, true, null, "admin.users.flash.disabled", model, redirect, response, locale);
    }

    @PostMapping("/{id}/enable")
    String enable(@PathVariable long id, Model model, RedirectAttributes redirect, HttpServletResponse response,
                  Locale locale) {
        return change(id, null, false, null, "admin.users.flash.enabled", model, redirect, response, locale);
    }

    @PostMapping("/{id}/password")
    String resetPassword(@PathVariable long id, @RequestParam(defaultValue = "") String password, Model model,
                         RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        return change(id, null, null, password, "admin.users.flash.password", model, redirect, response, locale);
    }

    private String change(long id, List<String> roles, Boolean disabled, String password, String done, Model model,
                          RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        try {
            UserAccount changed = users.update(id, roles, disabled, password);
            redirect.addFlashAttribute("flash", text(done, locale, changed.username()));
            return "redirect:/admin/users/" + id;
        } catch (ApiProblem problem) {
            if (problem.status() == HttpStatus.NOT_FOUND) {
                return missing(model, response);
            }
            response.setStatus(problem.status().value());
            Map<String, String> errors = new LinkedHashMap<>();
            List<String> general = new ArrayList<>();
            explain(problem, errors, general, locale);
            return detailPage(id, model, response, errors, general);
        }
    }

    private String listPage(Model model, NewUserForm form, Map<String, String> errors, List<String> general) {
        model.addAttribute("rows", users.list().stream()
                .map(a -> new UserRow(a, time(a.createdAt()), time(a.updatedAt()))).toList());
        model.addAttribute("roles", Role.values());
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
        model.addAttribute("roles", Role.values());
        model.addAttribute("errors", errors);
        model.addAttribute("general", general);
        return "admin/user";
    }

    private static String missing(Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("back", "/admin/users");
        return "admin/missing";
    }

    /** The service's problems as messages in the user's language, per field where they name one. */
    private void explain(ApiProblem problem, Map<String, String> errors, List<String> general, Locale locale) {
        if (problem.status() == HttpStatus.CONFLICT) {
            String message = problem.getMessage();
            general.add(message.contains("last enabled ADMIN") ? text("admin.problem.lastAdmin", locale)
                    : message.contains("is taken") ? text("admin.problem.usernameTaken", locale)
                    : message);
            if (message.contains("is taken")) {
                errors.putIfAbsent("username", text("admin.problem.usernameTaken", locale));
            }
            return;
        }
        for (FieldProblem p : problem.errors()) {
            String field = p.field().startsWith("roles") ? "roles" : p.field();
            if (field.equals("body")) {
                general.add(text("admin.problem.nothingToChange", locale));
            } else {
                errors.putIfAbsent(field, describe(field, p.message(), locale));
            }
        }
        if (problem.errors().isEmpty()) {
            general.add(problem.getMessage());
        }
    }

    private String describe(String field, String message, Locale locale) {
        Matcher atLeast = AT_LEAST.matcher(message);
        Matcher atMost = AT_MOST.matcher(message);
        if (atLeast.matches()) {
            return text("admin.problem.passwordShort", locale, atLeast.group(1));
        }
        if (atMost.matches()) {
            return text("admin.problem.tooLong", locale, atMost.group(1));
        }
        if (field.equals("username")) {
            return text("admin.problem.username", locale);
        }
        if (message.contains("username")) {
            return text("admin.problem.passwordUsername", locale);
        }
        if (message.contains("repetitive")) {
            return text("admin.problem.passwordRepetitive", locale);
        }
        if (message.contains("too common")) {
            return text("admin.problem.passwordCommon", locale);
        }
        if (message.startsWith("must name at least one")) {
            return text("admin.problem.roles", locale);
        }
        if (message.startsWith("unknown role")) {
            return text("admin.problem.unknownRole", locale);
        }
        return message;
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(ZONE));
    }
}
