package dev.plateguard.server.web;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.LocaleResolver;

import dev.plateguard.server.identity.UserPrincipal;

/**
 * The dashboard language is a per-user setting (en, uz, ru) kept in the user's row, cached in the session.
 * Before sign-in the browser's Accept-Language picks among the three.
 */
class UserLocaleResolver implements LocaleResolver {

    static final List<String> SUPPORTED = List.of("en", "uz", "ru");
    private static final String SESSION_KEY = UserLocaleResolver.class.getName() + ".locale";

    private final JdbcClient jdbc;

    UserLocaleResolver(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_KEY) instanceof Locale locale) {
            return locale;
        }
        UserPrincipal user = currentUser();
        if (user != null) {
            String language = jdbc.sql("select language from app_user where id = ?").param(user.userId())
                    .query(String.class).optional().orElse("en");
            Locale locale = Locale.of(language);
            if (session != null) {
                session.setAttribute(SESSION_KEY, locale);
            }
            return locale;
        }
        for (Locale.LanguageRange range : Locale.LanguageRange.parse(
                request.getHeader("Accept-Language") == null ? "en" : request.getHeader("Accept-Language"))) {
            String language = range.getRange().split("-")[0];
            if (SUPPORTED.contains(language)) {
                return Locale.of(language);
            }
        }
        return Locale.ENGLISH;
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        String language = locale == null ? "en" : locale.getLanguage();
        if (!SUPPORTED.contains(language)) {
            return; // ignore unsupported ?lang= values rather than failing the page
        }
        UserPrincipal user = currentUser();
        if (user != null) {
            jdbc.sql("update app_user set language = ? where id = ?").params(language, user.userId()).update();
        }
        request.getSession().setAttribute(SESSION_KEY, Locale.of(language));
    }

    private static UserPrincipal currentUser() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof UserPrincipal user ? user : null;
    }
}
