package dev.plateguard.anpr.train;

import dev.plateguard.anpr.PlateContext;

/**
 * One corner-refiner training example: the context crop cut around a detector-like quadrilateral
 * ({@code PlateContext.grey}, 64 × 160 grey values in 0..1, row by row), that quadrilateral and the plate's true
 * corners, both in the pixels of the image the crop was cut from.
 */
public record RefinerExample(float[] grey, double[] around, double[] truth) {

    /** The training target: the true corners as fractions of the crop. */
    public float[] target() {
        return PlateContext.toFractions(around, truth);
    }
}
