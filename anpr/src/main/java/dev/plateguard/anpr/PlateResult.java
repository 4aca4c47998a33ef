package dev.plateguard.anpr;

import java.util.List;

/**
 * One plate found in an image.
 *
 * @param box            the plate's bounding box in image pixels
 * @param corners        the plate's corners in image pixels: x0, y0, x1, y1, x2, y2, x3, y3 for top-left, top-right,
 *                       bottom-right, bottom-left
 * @param text           the best reading: normalised text, the first of {@code candidates}
 * @param confidence     the best reading's confidence (its {@link Candidate#confidence()}), 0..1
 * @param candidates     the top-N readings, best first
 * @param country        ISO code of the country the text's format implies (e.g. {@code "UZ"}), from
 *                       {@link dev.plateguard.plates.PlateClassifier}; null when unknown
 * @param format         {@link dev.plateguard.plates.PlateFormat} name of the text, or null when only the generic
 *                       fallback matches
 * @param display        the text grouped as printed, e.g. {@code "01 A 123 BC"}
 * @param region         English region name the text implies, or null
 * @param detectionScore the detector's heat-map peak, 0..1
 */
public record PlateResult(Box box, double[] corners, String text, double confidence, List<Candidate> candidates,
                          String country, String format, String display, String region, double detectionScore) {

    public PlateResult {
        corners = corners.clone();
        candidates = List.copyOf(candidates);
    }

    @Override
    public double[] corners() {
        return corners.clone();
    }
}
