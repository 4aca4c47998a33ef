package dev.plateguard.anpr.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * CenterNet targets and decoding for the detector's stride-4 grid (docs/anpr-models.md).
 *
 * <p>Targets: each plate's centre (the mean of its corners) falls into one cell, which gets heat 1; around it an
 * elliptical Gaussian (σ along the plate's width and height, in cells) that the focal loss uses to down-weight near
 * misses. The corner regression target of a cell is (corner − cell centre) / cornerScale; it is trained at the centre
 * cell with weight 1 and at every cell where the Gaussian reaches {@link #MIN_CORNER_HEAT}, weighted by its value.
 */
public final class DetectorTargets {

    public static final int STRIDE = DetectorNet.STRIDE;
    public static final double SCALE = DetectorNet.CORNER_SCALE;
    /** Cells whose Gaussian value reaches this also learn the corners, so that a peak a little off still decodes well. */
    public static final float MIN_CORNER_HEAT = 0.2f;

    /** Per example: heat [h·w], positive mask, negative weights (1 − heat)⁴, corners [8·h·w], corner weights. */
    public record Maps(float[] heat, float[] positive, float[] negativeWeight, float[] corners, float[] cornerWeight,
                       int positives) {
    }

    private DetectorTargets() {
    }

    public static double[] centre(double[] q) {
        return new double[] {(q[0] + q[2] + q[4] + q[6]) / 4, (q[1] + q[3] + q[5] + q[7]) / 4};
    }

    /** Mean of the top and bottom edge lengths, and of the left and right ones. */
    public static double[] size(double[] q) {
        double w = (Math.hypot(q[2] - q[0], q[3] - q[1]) + Math.hypot(q[4] - q[6], q[5] - q[7])) / 2;
        double h = (Math.hypot(q[6] - q[0], q[7] - q[1]) + Math.hypot(q[4] - q[2], q[5] - q[3])) / 2;
        return new double[] {w, h};
    }

    public static Maps build(List<double[]> plates, int gridW, int gridH) {
        int cells = gridW * gridH;
        float[] heat = new float[cells];
        float[] owner = new float[cells]; // the heat of the plate that owns each cell's corner target
        float[] positive = new float[cells];
        float[] corners = new float[8 * cells];
        float[] weight = new float[cells];
        int positives = 0;
        for (double[] q : plates) {
            double[] c = centre(q);
            int ci = (int) Math.floor(c[1] / STRIDE);
            int cj = (int) Math.floor(c[0] / STRIDE);
            if (ci < 0 || cj < 0 || ci >= gridH || cj >= gridW) {
                continue;
            }
            double[] wh = size(q);
            double sx = Math.max(0.6, wh[0] / STRIDE / 10);
            double sy = Math.max(0.6, wh[1] / STRIDE / 6);
            int rx = (int) Math.ceil(3 * sx);
            int ry = (int) Math.ceil(3 * sy);
            // the plate's long axis may be tilted: rotate the Gaussian with it
            double angle = Math.atan2((q[3] - q[1]) + (q[5] - q[7]), (q[2] - q[0]) + (q[4] - q[6]));
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            int r = Math.max(rx, ry);
            for (int i = Math.max(0, ci - r); i <= Math.min(gridH - 1, ci + r); i++) {
                for (int j = Math.max(0, cj - r); j <= Math.min(gridW - 1, cj + r); j++) {
                    double dx = j - cj;
                    double dy = i - ci;
                    double u = dx * cos + dy * sin;
                    double v = -dx * sin + dy * cos;
                    float g = (float) Math.exp(-(u * u) / (2 * sx * sx) - (v * v) / (2 * sy * sy));
                    int k = i * gridW + j;
                    heat[k] = Math.max(heat[k], g);
                    boolean centreCell = i == ci && j == cj;
                    if ((centreCell || g >= MIN_CORNER_HEAT) && g >= owner[k]) {
                        owner[k] = g;
                        weight[k] = centreCell ? 1f : g;
                        double ox = (j + 0.5) * STRIDE;
                        double oy = (i + 0.5) * STRIDE;
                        for (int p = 0; p < 4; p++) {
                            corners[(2 * p) * cells + k] = (float) ((q[2 * p] - ox) / SCALE);
                            corners[(2 * p + 1) * cells + k] = (float) ((q[2 * p + 1] - oy) / SCALE);
                        }
                    }
                }
            }
            int k = ci * gridW + cj;
            heat[k] = 1f;
            if (positive[k] == 0) {
                positive[k] = 1;
                positives++;
            }
        }
        float[] neg = new float[cells];
        for (int k = 0; k < cells; k++) {
            if (positive[k] == 0) {
                double o = 1 - heat[k];
                neg[k] = (float) (o * o * o * o);
            }
        }
        return new Maps(heat, positive, neg, corners, weight, positives);
    }

    /** A decoded plate: score and corners in input pixels. */
    public record Detection(double score, double[] corners) {
    }

    /**
     * Cells that are the maximum of their 3×3 neighbourhood and reach {@code threshold}, their corners decoded, and
     * overlapping candidates (box IoU above 0.3) merged into the stronger one.
     */
    public static List<Detection> decode(float[] heat, float[] corners, int gridW, int gridH, double threshold) {
        int cells = gridW * gridH;
        List<Detection> found = new ArrayList<>();
        for (int i = 0; i < gridH; i++) {
            for (int j = 0; j < gridW; j++) {
                float v = heat[i * gridW + j];
                if (v < threshold) {
                    continue;
                }
                boolean max = true;
                for (int di = -1; di <= 1 && max; di++) {
                    for (int dj = -1; dj <= 1; dj++) {
                        int ii = i + di;
                        int jj = j + dj;
                        if ((di != 0 || dj != 0) && ii >= 0 && jj >= 0 && ii < gridH && jj < gridW
                                && heat[ii * gridW + jj] > v) {
                            max = false;
                            break;
                        }
                    }
                }
                if (!max) {
                    continue;
                }
                int k = i * gridW + j;
                double[] q = new double[8];
                for (int p = 0; p < 4; p++) {
                    q[2 * p] = (j + 0.5) * STRIDE + corners[(2 * p) * cells + k] * SCALE;
                    q[2 * p + 1] = (i + 0.5) * STRIDE + corners[(2 * p + 1) * cells + k] * SCALE;
                }
                found.add(new Detection(v, q));
            }
        }
        found.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : found) {
            boolean overlaps = false;
            for (Detection k : kept) {
                if (iou(box(d.corners()), box(k.corners())) > 0.3) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(d);
            }
        }
        return kept;
    }

    /** The axis-aligned box (x0, y0, x1, y1) around a quadrilateral. */
    public static double[] box(double[] q) {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int p = 0; p < 4; p++) {
            x0 = Math.min(x0, q[2 * p]);
            x1 = Math.max(x1, q[2 * p]);
            y0 = Math.min(y0, q[2 * p + 1]);
            y1 = Math.max(y1, q[2 * p + 1]);
        }
        return new double[] {x0, y0, x1, y1};
    }

    public static double iou(double[] a, double[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
    }
}
