package dev.plateguard.server.security;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.users.MfaSettings;
import dev.plateguard.server.users.SecondFactors;
import dev.plateguard.server.users.UserSessions;

/**
 * The browser's second step of a sign-in, reachable only halfway through one ({@link PendingSignIn}): the code page
 * (a TOTP code or a recovery code) and, for a person who must enrol, the enrolment page with the QR code drawn on
 * the server, the secret for typing in, a confirmation field and then the recovery codes, shown once. Only when the
 * step is done does the session get the person's roles (under a new session id).
 */
@Controller
class SecondFactorPages {

    private final SecondFactorStep step;
    private final SecondFactors factors;
    private final MfaSettings settings;
    private final MessageSource messages;
    private final AuditLog audit;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final RequestCache requestCache = new HttpSessionRequestCache();

    SecondFactorPages(SecondFactorStep step, SecondFactors factors, MfaSettings settings, MessageSource messages,
                      AuditLog audit) {
        this.step = step;
        this.factors = factors;
        this.settings = settings;
        this.messages = messages;
        this.audit = audit;
    }

    @GetMapping("/login/code")
    String codePage(Model model, HttpServletRequest request) {
        PendingSignIn pending = pending();
        if (pending == null || expired(pending, request)) {
            return "redirect:/login?expired";
        }
        if (!pending.enrolled() && !pending.passkey()) {
            return "redirect:/login/enrol";
        }
        codeModel(model, pending);
        return "login/code";
    }

    @PostMapping("/login/code")
    String code(@RequestParam(defaultValue = "") String code, Model model, HttpServletRequest request,
                HttpServletResponse response, Locale locale) {
        PendingSignIn pending = pending();
        if (pending == null || expired(pending, request)) {
            return "redirect:/login?expired";
        }
        codeModel(model, pending);
        return switch (step.check(pending.user(), code, request.getRemoteAddr(), "web")) {
            case SecondFactorStep.Passed passed -> "redirect:" + complete(pending.user(), request, response,
                    passed.verdict() == SecondFactors.Verdict.RECOVERY_CODE ? UserSessions.RECOVERY_CODE : UserSessions.PASSWORD_TOTP);
            case SecondFactorStep.Throttled t -> error(model, response, HttpStatus.TOO_MANY_REQUESTS,
                    text("login.throttled", locale, LoginThrottle.retryAfterSeconds(t.retryAfter())), "login/code");
            case SecondFactorStep.Refused r -> switch (r.verdict()) {
                case NOT_ENROLLED -> {
                    end(request);
                    yield "redirect:/login";
                }
                case REPLAYED -> error(model, response, HttpStatus.UNAUTHORIZED, text("mfa.code.replayed", locale), "login/code");
                default -> error(model, response, HttpStatus.UNAUTHORIZED, text("mfa.code.wrong", locale), "login/code");
            };
        };
    }

    @GetMapping("/login/enrol")
    String enrolPage(Model model, HttpServletRequest request) {
        PendingSignIn pending = pending();
        if (pending == null || expired(pending, request)) {
            return "redirect:/login?expired";
        }
        if (pending.enrolled() || pending.passkey()) {
            return "redirect:/login/code";
        }
        return enrolment(model, pending);
    }

    @PostMapping("/login/enrol")
    String enrol(@RequestParam(defaultValue = "") String code, Model model, HttpServletRequest request,
                 HttpServletResponse response, Locale locale) {
        PendingSignIn pending = pending();
        if (pending == null || expired(pending, request)) {
            return "redirect:/login?expired";
        }
        if (pending.enrolled() || pending.passkey()) {
            return "redirect:/login/code";
        }
        UserPrincipal user = pending.user();
        String ip = request.getRemoteAddr();
        var wait = step.enrolmentWait(user.username(), ip);
        if (wait.isPresent()) {
            model.addAttribute("error", text("login.throttled", locale, LoginThrottle.retryAfterSeconds(wait.get())));
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            return enrolment(model, pending);
        }
        SecondFactors.Confirmation confirmation = factors.confirm(user.userId(), user.username(), code, "web");
        if (!confirmation.started()) {
            return "redirect:/login/enrol";
        }
        if (!confirmation.accepted()) {
            step.enrolmentFailed(user.username(), ip, "web");
            model.addAttribute("error", text("mfa.enrol.wrong", locale));
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return enrolment(model, pending);
        }
        step.enrolled(user.username());
        audit.recordFor("user", user.username(), "login", "web", AuditLog.Outcome.SUCCESS,
                Map.of("secondFactor", "totp", "enrolled", true));
        model.addAttribute("recoveryCodes", confirmation.recoveryCodes());
        model.addAttribute("next", complete(user, request, response, UserSessions.PASSWORD_TOTP));
        return "login/recovery-codes";
    }

    /** The code page offers what the person has: a code field (authenticator app) and/or their passkey. */
    private static void codeModel(Model model, PendingSignIn pending) {
        model.addAttribute("username", pending.user().username());
        model.addAttribute("totp", pending.enrolled());
        model.addAttribute("passkey", pending.passkey());
    }

    private String enrolment(Model model, PendingSignIn pending) {
        SecondFactors.Enrolment enrolment = factors.pendingOrBegin(pending.user().userId(), pending.user().username());
        model.addAttribute("username", pending.user().username());
        model.addAttribute("issuer", settings.issuer());
        model.addAttribute("secret", enrolment.secret());
        model.addAttribute("secretGroups", groups(enrolment.secret()));
        model.addAttribute("qr", EnrolmentQr.dataUri(enrolment.otpauthUri()));
        return "login/enrol";
    }

    /** The secret in groups of four, as people type it into an app. */
    static String groups(String secret) {
        return String.join(" ", secret.split("(?<=\\G.{4})"));
    }

    /**
     * The sign-in is complete: the session, under a new id, now holds the person with their roles. Answers where to
     * go next: the page asked for before signing in, or the home page.
     */
    private String complete(UserPrincipal user, HttpServletRequest request, HttpServletResponse response, String how) {
        List<SimpleGrantedAuthority> authorities = user.roles().stream().map(Role::authority)
                .map(SimpleGrantedAuthority::new).toList();
        Authentication full = UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(full);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        SignedInSessions.signedIn(request, how);
        SavedRequest saved = requestCache.getRequest(request, response);
        return saved == null ? "/" : saved.getRedirectUrl();
    }

    private static PendingSignIn pending() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof PendingSignIn pending ? pending : null;
    }

    /** A half-done sign-in older than plateguard.mfa.enrolment-ttl ends: the password must be given again. */
    private boolean expired(PendingSignIn pending, HttpServletRequest request) {
        if (pending.started().plus(settings.enrolmentTtl()).isAfter(Instant.now())) {
            return false;
        }
        end(request);
        return true;
    }

    private static void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
    }

    private static String error(Model model, HttpServletResponse response, HttpStatus status, String message, String view) {
        response.setStatus(status.value());
        model.addAttribute("error", message);
        return view;
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
