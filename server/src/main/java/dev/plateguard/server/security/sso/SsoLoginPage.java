package dev.plateguard.server.security.sso;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * What the login page shows with single sign-on on: the "Sign in with …" button, whether password sign-in is the
 * break-glass administrator's only, and why the last sign-in through the provider was refused ({@code ?sso=<code>},
 * only known codes, so that a crafted link cannot show made-up text).
 */
@ControllerAdvice(annotations = Controller.class)
@ConditionalOnBooleanProperty("plateguard.sso.enabled")
class SsoLoginPage {

    /** The login page's single sign-on part: the button's text and target, and the password form's role. */
    public record SsoLogin(String displayName, String url, boolean breakGlassOnly) {
    }

    private final SsoLogin login;

    SsoLoginPage(SsoSettings settings) {
        this.login = new SsoLogin(settings.displayName(), "/oauth2/authorization/" + SsoSettings.REGISTRATION_ID,
                settings.breakGlassOnly());
    }

    @ModelAttribute("sso")
    SsoLogin sso() {
        return login;
    }

    /** The message key of a refused sign-in, e.g. {@code sso.error.no-role}, or null. */
    @ModelAttribute("ssoError")
    String ssoError(@RequestParam(name = "sso", required = false) String code) {
        return code != null && SsoRefusal.Reason.isCode(code) ? "sso.error." + code : null;
    }
}
