package dev.plateguard.anpr.synth;

/**
 * A plate placed in a {@link Scene}.
 *
 * @param text    normalised text (A–Z, 0–9), top row then bottom row
 * @param country ISO 3166 alpha-2 code of the issuing country
 * @param style   the plate style ({@link PlateRenderer#styles()})
 * @param corners x0, y0, ... x3, y3: top-left, top-right, bottom-right, bottom-left corners of the plate's outline in
 *                scene pixels (the plate's own corners, whatever its rotation)
 */
public record PlacedPlate(String text, String country, String style, double[] corners) {

    /** Axis-aligned box of the corners: x, y, width, height. */
    public double[] box() {
        double[] b = Geometry.bounds(corners);
        return new double[] {b[0], b[1], b[2] - b[0], b[3] - b[1]};
    }
}
