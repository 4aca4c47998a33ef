package dev.plateguard.anpr;

import java.awt.image.BufferedImage;

/**
 * The reader's input (docs/anpr-models.md): the plate quadrilateral, widened by {@link #MARGIN_X} of its width on
 * each side and {@link #MARGIN_Y} of its height above and below, warped by perspective to a {@code WIDTH × HEIGHT}
 * grey image in 0..1. Training (anpr-train) cuts its samples with this class too.
 */
public final class PlateCrop {

    public static final int WIDTH = 128;
    public static final int HEIGHT = 32;
    public static final double MARGIN_X = 0.04;
    public static final double MARGIN_Y = 0.10;

    private PlateCrop() {
    }

    /**
     * @param corners the plate's corners in image pixels: x0, y0, ... x3, y3 for top-left, top-right,
     *                bottom-right, bottom-left
     * @return {@code HEIGHT × WIDTH} grey values, row by row
     */
    public static float[] grey(BufferedImage image, double[] corners) {
        int[] rgb = DetectorInput.Pixels.rgb(image);
        return grey(rgb, image.getWidth(), image.getHeight(), corners);
    }

    public static float[] grey(int[] rgb, int w, int h, double[] corners) {
        float[] out = new float[WIDTH * HEIGHT];
        grey(rgb, w, h, corners, out, 0);
        return out;
    }

    /**
     * Like {@link #grey(int[], int, int, double[])}, written into {@code out} from {@code offset} (a reusable batch
     * buffer holding several crops).
     *
     * @throws IllegalArgumentException if the corners are degenerate (collinear or coincident)
     */
    public static void grey(int[] rgb, int w, int h, double[] corners, float[] out, int offset) {
        double[] q = widen(corners);
        double[] hm = homography(q); // maps unit square (u, v) in [0,1]² to image
        for (int y = 0; y < HEIGHT; y++) {
            double v = (y + 0.5) / HEIGHT;
            for (int x = 0; x < WIDTH; x++) {
                double u = (x + 0.5) / WIDTH;
                double d = hm[6] * u + hm[7] * v + 1;
                double sx = (hm[0] * u + hm[1] * v + hm[2]) / d - 0.5;
                double sy = (hm[3] * u + hm[4] * v + hm[5]) / d - 0.5;
                out[offset + y * WIDTH + x] = bilinearGrey(rgb, w, h, sx, sy);
            }
        }
    }

    /**
     * Plates no wider than this many times their height may be two-row plates (Uzbek motorcycle, trailer and tractor
     * plates are 1.3–1.6; one-row plates are 2 (US) to 5 (EU, UZ)), so the recogniser also reads them as
     * {@link #greyTwoRows two rows}. Perspective only narrows a plate, hence the margin above 1.6.
     */
    public static final double TWO_ROW_MAX_ASPECT = 2.3;

    /** Where the rows of a two-row plate meet, as a fraction of its height, and how far each row reaches past it. */
    static final double ROW_SPLIT = 0.5;
    static final double ROW_OVERLAP = 0.05;

    /** The plate's width over its height, from the mean lengths of its opposite edges. */
    public static double aspect(double[] c) {
        double top = Math.hypot(c[2] - c[0], c[3] - c[1]);
        double bottom = Math.hypot(c[4] - c[6], c[5] - c[7]);
        double left = Math.hypot(c[6] - c[0], c[7] - c[1]);
        double right = Math.hypot(c[4] - c[2], c[5] - c[3]);
        return left + right <= 0 ? Double.POSITIVE_INFINITY : (top + bottom) / (left + right);
    }

    /** Whether a plate of these corners may be a two-row plate, so that it is read both ways. */
    public static boolean mayHaveTwoRows(double[] corners) {
        return aspect(corners) <= TWO_ROW_MAX_ASPECT;
    }

    /** {@link #greyTwoRows(int[], int, int, double[], float[], int)} of a whole image. */
    public static float[] greyTwoRows(BufferedImage image, double[] corners) {
        float[] out = new float[WIDTH * HEIGHT];
        greyTwoRows(DetectorInput.Pixels.rgb(image), image.getWidth(), image.getHeight(), corners, out, 0);
        return out;
    }

    /**
     * The reader's input for a two-row plate: the top row (with the top margin) in the left half of the
     * {@code WIDTH × HEIGHT} image and the bottom row in the right half, so that a reader that reads left to right
     * reads the top row first. Each half spans the plate's whole width with {@link #MARGIN_X}.
     *
     * @throws IllegalArgumentException if the corners are degenerate (collinear or coincident)
     */
    public static void greyTwoRows(int[] rgb, int w, int h, double[] corners, float[] out, int offset) {
        double[] hm = homography(corners);
        int half = WIDTH / 2;
        for (int row = 0; row < 2; row++) {
            double v0 = row == 0 ? -MARGIN_Y : ROW_SPLIT - ROW_OVERLAP;
            double v1 = row == 0 ? ROW_SPLIT + ROW_OVERLAP : 1 + MARGIN_Y;
            for (int y = 0; y < HEIGHT; y++) {
                double v = v0 + (v1 - v0) * (y + 0.5) / HEIGHT;
                for (int x = 0; x < half; x++) {
                    double u = -MARGIN_X + (1 + 2 * MARGIN_X) * (x + 0.5) / half;
                    double d = hm[6] * u + hm[7] * v + 1;
                    double sx = (hm[0] * u + hm[1] * v + hm[2]) / d - 0.5;
                    double sy = (hm[3] * u + hm[4] * v + hm[5]) / d - 0.5;
                    out[offset + y * WIDTH + row * half + x] = bilinearGrey(rgb, w, h, sx, sy);
                }
            }
        }
    }

    /**
     * The quadrilateral scaled about its centre along its own edges: {@code sx} times as wide and {@code sy} times as
     * tall, perspective kept.
     *
     * @throws IllegalArgumentException if the corners are degenerate
     */
    public static double[] scaled(double[] c, double sx, double sy) {
        double[] hm = homography(c);
        double[][] uv = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
        double[] out = new double[8];
        for (int i = 0; i < 4; i++) {
            double u = 0.5 + (uv[i][0] - 0.5) * sx;
            double v = 0.5 + (uv[i][1] - 0.5) * sy;
            double d = hm[6] * u + hm[7] * v + 1;
            out[2 * i] = (hm[0] * u + hm[1] * v + hm[2]) / d;
            out[2 * i + 1] = (hm[3] * u + hm[4] * v + hm[5]) / d;
        }
        return out;
    }

    /** The quadrilateral widened by the margins, along its own edges. */
    static double[] widen(double[] c) {
        double[] out = new double[8];
        // u, v of each corner in the widened unit square, mapped through the original quadrilateral's homography.
        double[] hm = homography(c);
        double[][] uv = {{-MARGIN_X, -MARGIN_Y}, {1 + MARGIN_X, -MARGIN_Y}, {1 + MARGIN_X, 1 + MARGIN_Y}, {-MARGIN_X, 1 + MARGIN_Y}};
        for (int i = 0; i < 4; i++) {
            double u = uv[i][0];
            double v = uv[i][1];
            double d = hm[6] * u + hm[7] * v + 1;
            out[2 * i] = (hm[0] * u + hm[1] * v + hm[2]) / d;
            out[2 * i + 1] = (hm[3] * u + hm[4] * v + hm[5]) / d;
        }
        return out;
    }

    static float bilinearGrey(int[] rgb, int w, int h, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double a = luma(rgb, w, h, x0, y0);
        double b = luma(rgb, w, h, x0 + 1, y0);
        double c = luma(rgb, w, h, x0, y0 + 1);
        double d = luma(rgb, w, h, x0 + 1, y0 + 1);
        return (float) ((a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy);
    }

    private static double luma(int[] rgb, int w, int h, int x, int y) {
        int cx = Math.min(w - 1, Math.max(0, x));
        int cy = Math.min(h - 1, Math.max(0, y));
        int p = rgb[cy * w + cx];
        return (0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff)) / 255.0;
    }

    /**
     * The homography h0..h7 (h8 = 1) that maps (0,0), (1,0), (1,1), (0,1) to the four corners, solved as an 8×8
     * linear system by Gaussian elimination with partial pivoting.
     */
    static double[] homography(double[] c) {
        double[][] src = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
        double[][] a = new double[8][9];
        for (int i = 0; i < 4; i++) {
            double u = src[i][0];
            double v = src[i][1];
            double x = c[2 * i];
            double y = c[2 * i + 1];
            a[2 * i] = new double[] {u, v, 1, 0, 0, 0, -u * x, -v * x, x};
            a[2 * i + 1] = new double[] {0, 0, 0, u, v, 1, -u * y, -v * y, y};
        }
        for (int col = 0; col < 8; col++) {
            int pivot = col;
            for (int r = col + 1; r < 8; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            double p = a[col][col];
            if (Math.abs(p) < 1e-12) {
                throw new IllegalArgumentException("degenerate plate corners");
            }
            for (int k = col; k < 9; k++) {
                a[col][k] /= p;
            }
            for (int r = 0; r < 8; r++) {
                if (r != col && a[r][col] != 0) {
                    double f = a[r][col];
                    for (int k = col; k < 9; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                }
            }
        }
        double[] hm = new double[8];
        for (int i = 0; i < 8; i++) {
            hm[i] = a[i][8];
        }
        return hm;
    }
}
