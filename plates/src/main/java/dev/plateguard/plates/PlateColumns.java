package dev.plateguard.plates;

import java.util.List;

/**
 * How a plate text becomes the server's stored plate columns ({@code plate_read}), whoever read it: a camera's text
 * at ingest, or the server's own recognition of an image-only read. One place, so that both are searchable, folded
 * and classified the same way.
 *
 * @param interpretation the chosen reading: normalised text, country, format, region
 * @param folded         the confusable-folded key ({@link PlateText#fold})
 */
public record PlateColumns(PlateInterpretation interpretation, String folded) {

    /**
     * Normalises and classifies {@code text}; {@code countryHint} (ISO 3166-1 alpha-2, may be null), when one of the
     * text's readings belongs to that country, picks it: the camera (or recogniser) saw the flag and layout.
     *
     * @throws InvalidPlateTextException when the text is not plate text
     */
    public static PlateColumns of(String text, String countryHint) {
        return of(interpret(text, countryHint));
    }

    public static PlateColumns of(PlateInterpretation chosen) {
        return new PlateColumns(chosen, PlateText.fold(chosen.normalized()));
    }

    /** The reading of {@code text} that plate_read stores; see {@link #of(String, String)}. */
    public static PlateInterpretation interpret(String text, String countryHint) {
        String normalized = PlateText.normalize(text);
        List<PlateInterpretation> all = PlateClassifier.classify(normalized);
        PlateInterpretation chosen = all.getFirst();
        if (countryHint != null) {
            chosen = all.stream().filter(i -> i.country().name().equals(countryHint)).findFirst().orElse(chosen);
        }
        return chosen;
    }

    public String normalized() {
        return interpretation.normalized();
    }

    /** As stored in {@code plate_country}: the {@link dev.plateguard.plates.Country} name. */
    public String country() {
        return interpretation.country().name();
    }

    /** As stored in {@code plate_format}: the {@link dev.plateguard.plates.PlateFormat} name. */
    public String format() {
        return interpretation.format().name();
    }

    public String region() {
        return interpretation.region();
    }
}
