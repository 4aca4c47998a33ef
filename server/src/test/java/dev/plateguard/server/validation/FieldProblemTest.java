package dev.plateguard.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;
import tools.jackson.databind.json.JsonMapper;

/** Field problems as API clients see them (field, English message, key) and as pages translate them. */
class FieldProblemTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void clientsSeeTheFieldTheMessageAndTheKeyButNotTheArguments() {
        List<FieldProblem> errors = new ArrayList<>();
        SafeText.require("name", "x".repeat(121), 120, errors);
        var json = JSON.readTree(JSON.writeValueAsString(errors.getFirst()));
        assertThat(json.propertyNames()).containsExactlyInAnyOrder("field", "message", "code");
        assertThat(json.get("message").asString()).isEqualTo("must be at most 120 characters");
        assertThat(json.get("code").asString()).isEqualTo("tooLong");

        var plain = JSON.readTree(JSON.writeValueAsString(new FieldProblem("lane", "must be 1-16")));
        assertThat(plain.propertyNames()).containsExactlyInAnyOrder("field", "message");
    }

    @Test
    void pagesTranslateTheKeyWithItsArgumentsAndFallBackToTheEnglishMessage() {
        StaticMessageSource messages = new StaticMessageSource();
        messages.addMessage("admin.problem.tooLong", Locale.of("ru"), "Не более {0} символов.");
        var tooLong = FieldProblem.coded("name", "tooLong", "must be at most 120 characters", 120);
        assertThat(messages.getMessage(tooLong.resolvable("admin.problem."), Locale.of("ru")))
                .isEqualTo("Не более 120 символов.");
        var unknownKey = FieldProblem.coded("name", "unsafeText", "contains characters that are not allowed");
        assertThat(messages.getMessage(unknownKey.resolvable("admin.problem."), Locale.of("ru")))
                .isEqualTo("contains characters that are not allowed");
        var uncoded = new FieldProblem("username", "must be 3-64 characters of a-z, 0-9, '.', '_' or '-'");
        assertThat(messages.getMessage(uncoded.resolvable("admin.problem."), Locale.of("ru")))
                .isEqualTo("must be 3-64 characters of a-z, 0-9, '.', '_' or '-'");
        var taken = Refusal.conflict("a site named 'A' exists", "siteNameTaken");
        messages.addMessage("admin.problem.siteNameTaken", Locale.of("ru"), "Объект с таким названием уже есть.");
        assertThat(messages.getMessage(taken.resolvable("admin.problem."), Locale.of("ru")))
                .isEqualTo("Объект с таким названием уже есть.");
    }
}
