package dev.plateguard.plates;

import dev.plateguard.plates.InvalidPlateTextException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists every country/format a plate text can be read as, most likely first.
 *
 * <p>Plate text alone cannot settle the country (Kyrgyz {@code 01123ABC} is also an Uzbek
 * legal-entity plate; Uzbek trailers overlap Tajik plates), so callers get all readings and decide
 * with other evidence (flag, colour, layout from the camera). Ranking, by {@link PlateFormat#prior()}:
 * Uzbek formats (private, legal entity, foreign resident/company, diplomatic, head of mission,
 * temporary, trailer, tractor, motorcycle, legacy), then neighbours (Kyrgyzstan, Kazakhstan,
 * Tajikistan, Russia, Turkmenistan), then Uzbek personalised plates (which match nearly any short
 * text and so must never outrank a specific format), then {@link PlateFormat#GENERIC}, always last.
 */
public final class PlateClassifier {

    private PlateClassifier() {
    }

    /**
     * All readings of normalised text, most likely first; never empty, and the last entry is always
     * the {@link PlateFormat#GENERIC} reading (country {@link Country#UNKNOWN}, display = the text).
     *
     * @param normalized output of {@link PlateText#normalize(String)}
     * @throws InvalidPlateTextException if the text is not in normalised form; use
     *                                   {@link #classifyRaw(String)} for raw text
     */
    public static List<PlateInterpretation> classify(String normalized) {
        requireNormalized(normalized);
        var out = new ArrayList<PlateInterpretation>(4);
        for (PlateFormat format : PlateFormat.byRank()) {
            format.interpret(normalized).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    /**
     * The most likely reading of normalised text; {@link PlateFormat#GENERIC} if no specific format
     * matches.
     *
     * @throws InvalidPlateTextException if the text is not in normalised form
     */
    public static PlateInterpretation best(String normalized) {
        return classify(normalized).get(0);
    }

    /**
     * {@link PlateText#normalize(String) Normalises} raw text, then {@link #classify(String) classifies}
     * it.
     *
     * @throws InvalidPlateTextException if the raw text cannot be a plate
     */
    public static List<PlateInterpretation> classifyRaw(String raw) {
        return classify(PlateText.normalize(raw));
    }

    private static void requireNormalized(String text) {
        if (PlateText.isNormalized(text)) {
            return;
        }
        if (text == null || text.isEmpty()) {
            throw new InvalidPlateTextException(Reason.EMPTY, "plate text is empty");
        }
        if (text.length() > PlateText.MAX_LENGTH) {
            throw new InvalidPlateTextException(Reason.TOO_LONG,
                    "plate text is longer than " + PlateText.MAX_LENGTH + " characters");
        }
        boolean control = text.chars().anyMatch(Character::isISOControl);
        throw new InvalidPlateTextException(control ? Reason.CONTROL_CHARACTER : Reason.INVALID_CHARACTER,
                "plate text is not normalised (only A-Z and 0-9 allowed); normalise it first");
    }
}
