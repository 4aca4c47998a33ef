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

    private static float bilinearGrey(int[] rgb, int w, int h, double x, double y) {
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
