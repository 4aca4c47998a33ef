package dev.plateguard.server.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The layout's language links ({@code @languages.url('uz')}): the page being shown with its query kept and only
 * {@code lang} replaced, so that switching language does not wipe a search. Thymeleaf 3.1 no longer exposes the
 * request to templates, hence a bean.
 */
@Component("languages")
public class LanguageLinks {

    public String url(String language) {
        HttpServletRequest request = request();
        if (request == null) {
            return "?lang=" + language;
        }
        // The query stays as the browser sent it (already encoded); the path is the request's own, under the
        // context path, so the link can only lead back to this server.
        return UriComponentsBuilder.fromPath(request.getRequestURI()).query(request.getQueryString())
                .replaceQueryParam("lang", language).build().toUriString();
    }

    private static HttpServletRequest request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }
}
