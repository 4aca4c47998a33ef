package dev.plateguard.anpr;

/**
 * One possible reading of a plate.
 *
 * @param text             normalised plate text ({@code ^[A-Z0-9]{1,16}$})
 * @param confidence       probability of this text after weighting the reader's probability with the plate-format
 *                         prior (see docs/anpr.md), 0..1; the candidates of one plate sum to at most 1
 * @param modelProbability the reader's own probability of this text (CTC, summed over all alignments), 0..1
 * @param format           name of the most likely {@link dev.plateguard.plates.PlateFormat} of the text, or null when
 *                         no format but the generic fallback matches
 */
public record Candidate(String text, double confidence, double modelProbability, String format) {

    /** A candidate whose confidence is the model's probability and whose format is unknown. */
    public Candidate(String text, double confidence) {
        this(text, confidence, confidence, null);
    }
}
