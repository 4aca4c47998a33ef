package dev.plateguard.server.users;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.plateguard.server.validation.FieldProblem;

/**
 * Length first (NIST SP 800-63B): at least 12 characters, no composition rules, but refuse passwords that
 * are common or trivially derived from a common word, and passwords that contain the username.
 */
@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    private final Set<String> common = new HashSet<>();

    PasswordPolicy() {
        try (var in = PasswordPolicy.class.getResourceAsStream("/users/common-passwords.txt");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(common::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the password is unacceptable, as a problem of the field {@code password}; empty when it is fine. */
    public Optional<FieldProblem> problem(String password, String username) {
        if (password == null || password.length() < MIN_LENGTH) {
            return refused("passwordShort", "must be at least " + MIN_LENGTH + " characters", MIN_LENGTH);
        }
        if (password.length() > MAX_LENGTH) {
            return refused("tooLong", "must be at most " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && username.length() >= 3 && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return refused("passwordUsername", "must not contain the username");
        }
        if (lower.chars().distinct().count() < 5) {
            return refused("passwordRepetitive", "is too repetitive");
        }
        if (isCommon(lower)) {
            return refused("passwordCommon", "is too common; choose a longer, less predictable passphrase");
        }
        return Optional.empty();
    }

    private static Optional<FieldProblem> refused(String code, String message, Object... arguments) {
        return Optional.of(FieldProblem.coded("password", code, message, arguments));
    }

    private boolean isCommon(String lower) {
        // Digits and symbols around a word are stripped before undoing substitutions, so that "p@ssw0rd1234"
        // becomes "password" (undoing first would turn the "1234" into letters and hide the word).
        Set<String> candidates = new LinkedHashSet<>();
        for (String variant : new String[] {lower, lower.replaceAll("[^a-z]+$", ""), lower.replaceAll("^[^a-z]+", ""),
                lower.replaceAll("^[^a-z]+|[^a-z]+$", "")}) {
            String unleet = unleet(variant);
            String unleetCore = unleet.replaceAll("^[^a-z]+|[^a-z]+$", "");
            Collections.addAll(candidates, variant, unleet, unleetCore, unleetCore.replace('l', 'i'));
        }
        for (String candidate : candidates) {
            if (common.contains(candidate)) {
                return true;
            }
        }
        // A common word repeated ("passwordpassword") or doubled with digits around it.
        for (String candidate : candidates) {
            for (int len = 3; len <= candidate.length() / 2; len++) {
                if (candidate.length() % len == 0 && candidate.equals(candidate.substring(0, len).repeat(candidate.length() / len))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String unleet(String s) {
        return s.replace('0', 'o').replace('1', 'l').replace('3', 'e').replace('4', 'a')
                .replace('5', 's').replace('7', 't').replace('@', 'a').replace('$', 's');
    }
}
