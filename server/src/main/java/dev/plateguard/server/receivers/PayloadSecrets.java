package dev.plateguard.server.receivers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strips secrets from vendor fields before they are stored: fields that hold them (OpenALPR's {@code license_key},
 * passwords, tokens) are dropped, and URLs lose their credentials ({@code rtsp://admin:pass@cam/…} becomes
 * {@code rtsp://cam/…}; query parameters such as {@code password=} go too). Agents report their stream URLs in
 * every heartbeat, and those often carry the camera's password.
 */
final class PayloadSecrets {

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(licen[cs]e_?key|licen[cs]e_?systemid|passw(or)?d|passwd|pwd|secret|token|api_?key|auth(orization)?|credential).*");
    /** scheme://user[:password]@ — the user information of a URL. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern SECRET_QUERY = Pattern.compile(
            "(?i)([?&;])(password|passwd|pwd|pass|user|username|token|key|apikey|api_key|auth)=[^&;#\\s]*");

    private PayloadSecrets() {
    }

    /** A copy of the fields without secrets. */
    static Map<String, Object> strip(Map<String, Object> fields) {
        Map<String, Object> clean = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (!isSecretName(name)) {
                clean.put(name, value(value));
            }
        });
        return clean;
    }

    static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** A text without URL credentials. */
    static String text(String s) {
        String noUser = USER_INFO.matcher(s).replaceAll("$1");
        Matcher query = SECRET_QUERY.matcher(noUser);
        return query.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2).toLowerCase(Locale.ROOT) + "=…"));
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object value) {
        if (value instanceof Map<?, ?> map) {
            return strip((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> clean = new ArrayList<>(list.size());
            list.forEach(v -> clean.add(value(v)));
            return clean;
        }
        if (value instanceof String s) {
            return text(s);
        }
        return value;
    }
}
