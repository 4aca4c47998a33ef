package dev.plateguard.plates;

import java.util.Objects;

/**
 * One way of reading a normalised plate text: which country and layout it would be, and what that
 * implies. Text alone is ambiguous, so {@link PlateClassifier} returns several of these, ranked.
 *
 * @param normalized the normalised text that was read ({@code ^[A-Z0-9]{1,16}$})
 * @param country    the country the format implies ({@link Country#UNKNOWN} for {@link PlateFormat#GENERIC})
 * @param format     the matching layout
 * @param regionCode the region code printed on the plate (e.g. {@code "01"}, Turkmen {@code "AG"}),
 *                   or null if the format has none or the text omits it
 * @param region     English region name (e.g. {@code "Tashkent city"}), or null if there is no code or
 *                   no sourced name for it
 * @param display    the text grouped as printed, e.g. {@code "01 A 123 BC"}
 */
public record PlateInterpretation(
        String normalized, Country country, PlateFormat format, String regionCode, String region, String display) {

    /** Validates that the mandatory components are present. */
    public PlateInterpretation {
        Objects.requireNonNull(normalized, "normalized");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(display, "display");
    }
}
