package dev.plateguard.anpr;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the detector's outputs (docs/anpr-models.md) into plates: cells that are the maximum of their 3×3
 * neighbourhood and reach the threshold become candidates; each candidate's corners are read from the
 * {@code corners} output at that cell and mapped back to image pixels; candidates whose boxes overlap a stronger one
 * by more than an IoU limit are dropped (non-maximum suppression).
 */
public final class DetectionDecoder {

    /** Heat-map values this far outside 0..1 mean that the model does not output probabilities. */
    private static final double RANGE_TOLERANCE = 1e-3;

    /**
     * One detected plate.
     *
     * @param score   the heat-map peak, 0..1
     * @param corners x0, y0 … x3, y3 in image pixels: top-left, top-right, bottom-right, bottom-left
     * @param box     the corners' bounding box, clipped to the image
     */
    public record Detection(double score, double[] corners, Box box) {
    }

    /**
     * How to read the outputs.
     *
     * @param stride        input pixels per heat-map cell
     * @param cornerScale   corner offsets are in input pixels divided by this
     * @param scale         input pixels per image pixel ({@link DetectorInput#scale()})
     * @param imageWidth    image width in pixels (boxes are clipped to it)
     * @param imageHeight   image height in pixels
     * @param threshold     minimum peak value
     * @param nmsIou        a candidate overlapping a kept one by more than this IoU is dropped
     * @param maxDetections at most this many detections are kept, strongest first
     */
    public record Params(int stride, double cornerScale, double scale, int imageWidth, int imageHeight,
                         double threshold, double nmsIou, int maxDetections) {
    }

    private DetectionDecoder() {
    }

    /**
     * @param heatmap {@code gridH × gridW} values from index 0 (the {@code [1, 1, gridH, gridW]} output)
     * @param corners {@code 8 × gridH × gridW} values from index 0 (the {@code [1, 8, gridH, gridW]} output): channel
     *                {@code 2k} is corner k's dx, channel {@code 2k + 1} its dy
     * @return detections, strongest first
     * @throws ModelException if a heat-map value is not a probability
     */
    public static List<Detection> decode(FloatBuffer heatmap, FloatBuffer corners, int gridH, int gridW, Params p) {
        int cells = gridH * gridW;
        // Candidates as (score, cell) pairs; a plain growable array keeps this allocation-light.
        long[] found = new long[16];
        int count = 0;
        for (int i = 0; i < gridH; i++) {
            int row = i * gridW;
            for (int j = 0; j < gridW; j++) {
                float v = heatmap.get(row + j);
                if (!(v >= -RANGE_TOLERANCE && v <= 1 + RANGE_TOLERANCE)) {
                    throw new ModelException("detector heatmap holds " + v + " at cell (" + i + ", " + j
                            + "): it must be a probability in 0..1 (sigmoid applied), see docs/anpr-models.md");
                }
                if (v < p.threshold() || !isPeak(heatmap, i, j, gridH, gridW, v)) {
                    continue;
                }
                if (count == found.length) {
                    found = java.util.Arrays.copyOf(found, count * 2);
                }
                // Sort key: the score's float bits (monotonic for non-negative floats) above the cell index.
                found[count++] = ((long) Float.floatToIntBits(Math.max(0f, v)) << 32) | (row + j);
            }
        }
        java.util.Arrays.sort(found, 0, count);
        List<Detection> kept = new ArrayList<>();
        for (int k = count - 1; k >= 0 && kept.size() < p.maxDetections(); k--) {
            int cell = (int) (found[k] & 0xffffffffL);
            double score = Float.intBitsToFloat((int) (found[k] >>> 32));
            int i = cell / gridW;
            int j = cell % gridW;
            double cx = (j + 0.5) * p.stride();
            double cy = (i + 0.5) * p.stride();
            double[] c = new double[8];
            for (int q = 0; q < 4; q++) {
                c[2 * q] = (cx + corners.get((2 * q) * cells + cell) * p.cornerScale()) / p.scale();
                c[2 * q + 1] = (cy + corners.get((2 * q + 1) * cells + cell) * p.cornerScale()) / p.scale();
            }
            Box box = Box.around(c, p.imageWidth(), p.imageHeight());
            if (box.width() < 2 || box.height() < 2) {
                continue;
            }
            boolean suppressed = false;
            for (Detection d : kept) {
                if (d.box().iou(box) > p.nmsIou()) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(new Detection(score, c, box));
            }
        }
        return kept;
    }

    /** Whether the cell is the maximum of its 3×3 neighbourhood (ties count as maxima; NMS merges them). */
    private static boolean isPeak(FloatBuffer h, int i, int j, int gridH, int gridW, float v) {
        for (int di = -1; di <= 1; di++) {
            int ii = i + di;
            if (ii < 0 || ii >= gridH) {
                continue;
            }
            for (int dj = -1; dj <= 1; dj++) {
                int jj = j + dj;
                if ((di != 0 || dj != 0) && jj >= 0 && jj < gridW && h.get(ii * gridW + jj) > v) {
                    return false;
                }
            }
        }
        return true;
    }
}
