package dev.plateguard.server.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UrlPathHelper;

/**
 * A device key given as the last path segment of a receiver URL ({@code /api/v1/receivers/{format}/{key}}), for
 * cameras that cannot send an Authorization header. This servlet filter cuts the key from the request before anything
 * else sees it, so that no log line, problem document or handler mapping ever holds it; {@link #mask} hides it in the
 * access log ({@link DeviceKeyAccessLogMasking}).
 */
final class DeviceKeyInPath extends org.springframework.web.filter.OncePerRequestFilter {

    static final String RECEIVERS = "/api/v1/receivers/";
    /** The request attribute that carries the key from this filter to {@link ReceiverCredentialsFilter}. */
    static final String ATTRIBUTE = DeviceKeyInPath.class.getName() + ".key";
    /** A receiver path with a key: the format, then the key (anything there counts as an attempt). */
    private static final Pattern WITH_KEY = Pattern.compile("^(/api/v1/receivers/[^/]+)/([^/]+)/?$");
    /** A device key anywhere in a text (the access log's request line). */
    private static final Pattern ANY_KEY = Pattern.compile("(/api/v1/receivers/[^/?\\s]+/)[^/?\\s]+");

    /**
     * Runs before Spring Security's filter chain (whose debug log names the path): the key is taken out of the path
     * and kept in a request attribute for {@link ReceiverCredentialsFilter}.
     */
    @Override
    protected void doFilterInternal(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                                    jakarta.servlet.FilterChain chain) throws jakarta.servlet.ServletException, java.io.IOException {
        String key = key(request);
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(ATTRIBUTE, key);
        chain.doFilter(withoutKey(request), response);
    }

    /** The key in the request's path, or null. */
    private static String key(HttpServletRequest request) {
        Matcher m = WITH_KEY.matcher(path(request));
        return m.matches() ? m.group(2) : null;
    }

    /** The request without the key segment: {@code /api/v1/receivers/hikvision/pgd_…} is seen as {@code …/hikvision}. */
    private static HttpServletRequest withoutKey(HttpServletRequest request) {
        Matcher m = WITH_KEY.matcher(path(request));
        if (!m.matches()) {
            return request;
        }
        String context = request.getContextPath();
        String uri = context + m.group(1);
        // Paths parsed before (by the filter chain's own matching) hold the key: parsed again from the new URI.
        request.removeAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        request.removeAttribute(UrlPathHelper.PATH_ATTRIBUTE);
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getRequestURI() {
                return uri;
            }

            @Override
            public StringBuffer getRequestURL() {
                StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
                if (getServerPort() > 0) {
                    url.append(':').append(getServerPort());
                }
                return url.append(uri);
            }

            @Override
            public String getServletPath() {
                return m.group(1);
            }

            @Override
            public String getPathInfo() {
                return null;
            }
        };
    }

    /** The text with any receiver key replaced by {@code pgd_***} (for the access log, which escapes non-ASCII). */
    static String mask(String text) {
        return ANY_KEY.matcher(text).replaceAll("$1pgd_***");
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
