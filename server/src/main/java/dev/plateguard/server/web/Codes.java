package dev.plateguard.server.web;

import java.text.NumberFormat;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Codes in words, in the page's language (templates call it as {@code @codes}): offences, violation states, plate
 * formats, countries, roles, camera kinds, and numbers with their units (confidence as a percentage, money with
 * thousands separators, fines with their article). The words are in the {@code codes} bundle (and the admin bundle
 * for roles and kinds); CodeBundlesTest checks that every code the application knows has them in all three
 * languages. A code added later without words shows as itself rather than as a missing-key marker.
 */
@Component("codes")
public class Codes {

    /** "125 part 2", "128-4 part 1", "128-3": an article of the Code of Administrative Responsibility. */
    private static final Pattern ARTICLE = Pattern.compile("(\\d+(?:-\\d+)?)(?: part (\\d+))?");

    private final MessageSource messages;

    public Codes(MessageSource messages) {
        this.messages = messages;
    }

    public String offence(String code) {
        return word("code.offence.", code);
    }

    public String state(String code) {
        return word("code.state.", code);
    }

    public String country(String code) {
        return word("code.country.", code);
    }

    /** The plate's format, which names its country ("Uzbek private car"); the country alone without a format. */
    public String format(String format, String country) {
        if (format != null) {
            return word("code.format.", format);
        }
        return country == null ? "–" : country(country);
    }

    /** A camera kind (anpr, speed, red_light, overview). */
    public String kind(String code) {
        return word("admin.kind.", code);
    }

    public String role(Object role) {
        return word("admin.role.", String.valueOf(role));
    }

    /** Roles in words, joined: "Operator, Supervisor". */
    public String roles(Collection<?> roles) {
        return roles.stream().map(this::role).sorted().collect(Collectors.joining(", "));
    }

    /** A registry answer (found, not_found, unavailable) or registration status (VALID, EXPIRED, SUSPENDED). */
    public String registry(String code) {
        return word("code.registry.", code);
    }

    /** A vehicle type (car, bus, truck, ...), as cameras and the registry record it; free text shows as itself. */
    public String vehicle(String code) {
        return code == null ? "–" : word("code.vehicle.", code.strip().toLowerCase(Locale.ROOT));
    }

    /** A colour as the registry records it (white, black, ...); free text shows as itself. */
    public String colour(String code) {
        return code == null ? "–" : word("code.colour.", code.strip().toLowerCase(Locale.ROOT));
    }

    /** A confidence 0..1 as a whole percentage in the page's language's way: "91%", "91 %". */
    public String percent(Number fraction) {
        if (fraction == null) {
            return "–";
        }
        NumberFormat percent = NumberFormat.getPercentInstance(locale());
        percent.setMaximumFractionDigits(0);
        return percent.format(fraction.doubleValue());
    }

    /** A number with the page language's separators: 206,000 or 206 000; at most one decimal. */
    public String number(Number value) {
        if (value == null) {
            return "–";
        }
        NumberFormat number = NumberFormat.getNumberInstance(locale());
        number.setMaximumFractionDigits(1);
        return number.format(value);
    }

    public String kmh(Number value) {
        return unit("kmh", value);
    }

    public String seconds(Number value) {
        return unit("seconds", value);
    }

    /** {@code unit}: kmh, seconds, metres, ms, degrees, pixels. */
    public String unit(String unit, Number value) {
        return value == null ? "–" : message("code.unit." + unit, number(value));
    }

    /** An amount of money: "206,000 som", "206 000 so‘m". */
    public String som(Number amount) {
        return amount == null ? "–" : message("code.money.som", number(amount));
    }

    /** An article in words: "125 part 2" → "Article 125, part 2, Administrative Code", "MJtK 125-moddasi 2-qismi". */
    public String article(String article) {
        if (article == null || article.isBlank()) {
            return "–";
        }
        Matcher m = ARTICLE.matcher(article.strip());
        if (!m.matches()) {
            return article.equals("unverified") ? message("code.article.unverified") : article;
        }
        return m.group(2) == null ? message("code.article.whole", m.group(1))
                : message("code.article.part", m.group(1), m.group(2));
    }

    /** A fine with its article: "206,000 som (Article 125, part 2, Administrative Code)". */
    public String fine(Number som, String article) {
        return som(som) + " (" + article(article) + ")";
    }

    /** Time left as hours and minutes with their units: "47 h 49 min". */
    public String duration(long seconds) {
        long s = Math.max(0, seconds);
        return message("code.duration.hm", s / 3600, (s % 3600) / 60);
    }

    public String yesNo(boolean value) {
        return message(value ? "code.yes" : "code.no");
    }

    /** The word for {@code prefix + code}, or the code itself when it has none. */
    String word(String prefix, String code) {
        if (code == null) {
            return "–";
        }
        return messages.getMessage(prefix + code, null, code, locale());
    }

    String message(String key, Object... args) {
        return messages.getMessage(key, args, locale());
    }

    static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
