package dev.plateguard.server.validation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * One rejected input field, named by its JSON path (e.g. {@code plate.confidence}, {@code reads[3].eventId}).
 *
 * @param message   what is wrong, in English, as API clients see it
 * @param code      message-key suffix for pages (e.g. {@code required}, {@code tooLong}), or null where no page
 *                  shows the problem in another language
 * @param arguments the values the translated message needs (e.g. the maximum length); never serialised
 */
public record FieldProblem(String field, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String code,
                           @JsonIgnore List<Object> arguments) {

    public FieldProblem {
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
    }

    /** A problem with no message key: pages show its English message. */
    public FieldProblem(String field, String message) {
        this(field, message, null, List.of());
    }

    /** A problem that pages translate with the key {@code <prefix><code>} and these arguments. */
    public static FieldProblem coded(String field, String code, String message, Object... arguments) {
        return new FieldProblem(field, message, code, List.of(arguments));
    }

    /**
     * The problem for a {@code MessageSource}: the key {@code prefix + code} with the arguments, falling back to
     * the English message when there is no code or no such key.
     */
    public MessageSourceResolvable resolvable(String prefix) {
        return resolvable(prefix, code, arguments, message);
    }

    static MessageSourceResolvable resolvable(String prefix, String code, List<Object> arguments, String fallback) {
        return new DefaultMessageSourceResolvable(code == null ? null : new String[] {prefix + code},
                arguments.toArray(), fallback);
    }
}
