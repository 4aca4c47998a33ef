package dev.plateguard.anpr;

/**
 * The corner refiner's input and output geometry (docs/anpr-models.md). The detector's quadrilateral is widened
 * along its own edges to u ∈ [{@link #U0}, {@link #U1}] of its width and v ∈ [{@link #V0}, {@link #V1}] of its height,
 * and that region is warped by perspective to a {@code WIDTH × HEIGHT} grey image in 0..1. The refiner answers with
 * the plate's four corners (top-left, top-right, bottom-right, bottom-left) as (x, y) fractions of that image, which
 * {@link #toImage} maps back through the same perspective.
 *
 * <p>The region is generous vertically because that is where the detector errs most: on synthetic scenes a detected
 * corner is typically 5 % of the plate's width off along it, but 15 % of its height (up to 40 %) across it.
 */
public final class PlateContext {

    public static final int WIDTH = 160;
    public static final int HEIGHT = 64;
    public static final double U0 = -0.3;
    public static final double U1 = 1.3;
    public static final double V0 = -0.8;
    public static final double V1 = 1.8;

    private PlateContext() {
    }

    /**
     * Writes the context crop around {@code corners} into {@code out} from {@code offset}.
     *
     * @throws IllegalArgumentException if the corners are degenerate (collinear or coincident)
     */
    public static void grey(int[] rgb, int w, int h, double[] corners, float[] out, int offset) {
        double[] hm = PlateCrop.homography(corners);
        for (int y = 0; y < HEIGHT; y++) {
            double v = V0 + (V1 - V0) * (y + 0.5) / HEIGHT;
            for (int x = 0; x < WIDTH; x++) {
                double u = U0 + (U1 - U0) * (x + 0.5) / WIDTH;
                double d = hm[6] * u + hm[7] * v + 1;
                double sx = (hm[0] * u + hm[1] * v + hm[2]) / d - 0.5;
                double sy = (hm[3] * u + hm[4] * v + hm[5]) / d - 0.5;
                out[offset + y * WIDTH + x] = PlateCrop.bilinearGrey(rgb, w, h, sx, sy);
            }
        }
    }

    /** {@link #grey(int[], int, int, double[], float[], int)} into a new array. */
    public static float[] grey(java.awt.image.BufferedImage image, double[] corners) {
        float[] out = new float[WIDTH * HEIGHT];
        grey(DetectorInput.Pixels.rgb(image), image.getWidth(), image.getHeight(), corners, out, 0);
        return out;
    }

    /**
     * The refiner's answer for the crop cut around {@code around}, in image pixels.
     *
     * @param fractions eight values from {@code offset}: x0, y0 .. x3, y3 as fractions of the crop's width and height
     */
    public static double[] toImage(double[] around, float[] fractions, int offset) {
        double[] hm = PlateCrop.homography(around);
        double[] out = new double[8];
        for (int i = 0; i < 4; i++) {
            double u = U0 + (U1 - U0) * fractions[offset + 2 * i];
            double v = V0 + (V1 - V0) * fractions[offset + 2 * i + 1];
            double d = hm[6] * u + hm[7] * v + 1;
            out[2 * i] = (hm[0] * u + hm[1] * v + hm[2]) / d;
            out[2 * i + 1] = (hm[3] * u + hm[4] * v + hm[5]) / d;
        }
        return out;
    }

    /**
     * The inverse of {@link #toImage}: where the image points {@code corners} lie in the crop cut around
     * {@code around}, as fractions of its width and height (the refiner's training target).
     */
    public static float[] toFractions(double[] around, double[] corners) {
        double[] hm = PlateCrop.homography(around);
        // The inverse of [[h0 h1 h2] [h3 h4 h5] [h6 h7 1]] by its adjugate (the scale cancels in the division).
        double a = hm[0];
        double b = hm[1];
        double c = hm[2];
        double d = hm[3];
        double e = hm[4];
        double f = hm[5];
        double g = hm[6];
        double h = hm[7];
        double[] inv = {e - f * h, c * h - b, b * f - c * e, f * g - d, a - c * g, c * d - a * f, d * h - e * g,
            b * g - a * h, a * e - b * d};
        float[] out = new float[8];
        for (int i = 0; i < 4; i++) {
            double x = corners[2 * i];
            double y = corners[2 * i + 1];
            double z = inv[6] * x + inv[7] * y + inv[8];
            double u = (inv[0] * x + inv[1] * y + inv[2]) / z;
            double v = (inv[3] * x + inv[4] * y + inv[5]) / z;
            out[2 * i] = (float) ((u - U0) / (U1 - U0));
            out[2 * i + 1] = (float) ((v - V0) / (V1 - V0));
        }
        return out;
    }
}
