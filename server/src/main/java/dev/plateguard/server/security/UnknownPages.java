package dev.plateguard.server.security;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * GET (or HEAD) of a page that does not exist: no handler of the application answers the path, only the catch-all
 * for static files ({@code /**}, the files under {@code static/}, all public). Such a request may pass the web
 * chain, so that a person, signed in or not, gets the "not found" page with 404 instead of a sign-in or a 403 for a
 * page that is nobody's. It opens nothing: what the dispatcher finds for it is exactly what this matcher found.
 *
 * <p>The question is asked of the dispatcher's own handler mappings, so that it answers as the dispatcher will: a
 * path that a controller, the actuator or any resource handler but the catch-all maps (with any method) is known, and
 * the rules above this one decide who may have it. Only requests that no earlier rule matched get here.
 */
final class UnknownPages implements RequestMatcher {

    /** The pattern of Spring Boot's static-resource handler. */
    private static final String STATIC_CATCH_ALL = "/**";

    private final ApplicationContext context;
    private volatile List<HandlerMapping> mappings;
    /** The handler that URL handler mappings register for {@value #STATIC_CATCH_ALL}: static files. */
    private volatile Object staticCatchAll;

    UnknownPages(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return false;
        }
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            return false; // the API's own chain answers unknown API paths
        }
        SideEffectFree probe = new SideEffectFree(request);
        ServletRequestPathUtils.parseAndCache(probe);
        for (HandlerMapping mapping : mappings()) {
            HandlerExecutionChain chain;
            try {
                chain = mapping.getHandler(probe);
            } catch (Exception matchedButNotThisWay) {
                return false; // e.g. a path mapped for POST only: known
            }
            if (chain != null) {
                return chain.getHandler() == staticCatchAll;
            }
        }
        return true;
    }

    /** The dispatcher's handler mappings, in its order (looked up at the first use: they exist after the chains). */
    private List<HandlerMapping> mappings() {
        List<HandlerMapping> found = mappings;
        if (found == null) {
            found = new java.util.ArrayList<>(BeanFactoryUtils.beansOfTypeIncludingAncestors(context, HandlerMapping.class,
                    true, false).values());
            AnnotationAwareOrderComparator.sort(found);
            for (HandlerMapping mapping : found) {
                if (mapping instanceof AbstractUrlHandlerMapping urls && urls.getHandlerMap().containsKey(STATIC_CATCH_ALL)) {
                    staticCatchAll = urls.getHandlerMap().get(STATIC_CATCH_ALL);
                }
            }
            mappings = found = List.copyOf(found);
        }
        return found;
    }

    /** The request as the mappings see it, with attributes of its own: asking leaves nothing behind on the real one. */
    private static final class SideEffectFree extends HttpServletRequestWrapper {

        private final Map<String, Object> attributes = new HashMap<>();

        SideEffectFree(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.containsKey(name) ? attributes.get(name) : super.getAttribute(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            java.util.Set<String> names = new java.util.HashSet<>(attributes.keySet());
            names.addAll(Collections.list(super.getAttributeNames()));
            return Collections.enumeration(names);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.put(name, null);
        }
    }
}
